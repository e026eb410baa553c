// 闭环派单 on the relay (issue 27, its first part): orders opened for an alert or an event and moved
// through the flow of src/model/work-order-flow.json by POST /live/actions, judged against the
// committed state, published on the feed, and kept across a restart from the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedServer } from '../feed-server.mjs';
import flow from '../../src/model/work-order-flow.json' with { type: 'json' };

const FIXTURE = 'fixtures/out/sample';
const quiet = () => {};
const start = (options = {}) => startFeedServer({ fixture: FIXTURE, port: 0, tickMs: 0, heartbeatMs: 60000, log: quiet, ...options });

let keys = 0;
/** POSTs an action with a fresh idempotency key (or `key`); resolves with the status and the body. */
async function act(server, body, key = `wo-test-${String(++keys).padStart(6, '0')}`) {
  const res = await fetch(`${server.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key, ...body }) });
  return { status: res.status, body: await res.json() };
}

test('an order for an alert goes reported → dispatched → accepted → on-site → closed, every step published with its history', async () => {
  const server = await start();
  try {
    const alert = [...server.relay.state.alerts.keys()][0];
    const [worker] = [...server.relay.state.staff.keys()];
    const opened = await act(server, { action: 'open', source: { kind: 'alert', id: alert } });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const id = opened.body.order;
    assert.equal(id, `wo-alert-${alert}`);
    const seen = () => server.relay.state.orders.get(id);
    assert.equal(seen().state, 'reported');
    assert.equal(seen().gridCode, server.relay.state.alerts.get(alert).gridCode);
    const steps = [
      [{ action: 'dispatch', order: id, assignees: [worker], note: '就近派单' }, 'dispatched'],
      [{ action: 'accept', order: id }, 'accepted'],
      [{ action: 'on-site', order: id }, 'on-site'],
      [{ action: 'close', order: id, note: '老人已送医' }, 'closed'],
    ];
    let seq = opened.body.seq;
    for (const [body, state] of steps) {
      const res = await act(server, body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.seq, seq + 1, 'one change, numbered');
      seq = res.body.seq;
      assert.equal(seen().state, state);
      const due = Date.parse(seen().dueAt) - Date.parse(seen().stateSince);
      if (state !== 'closed') assert.equal(due, flow.dueMinutes[state] * 60_000, `${state}: due by the flow's minutes`);
    }
    assert.deepEqual(seen().assignees, [worker]);
    assert.deepEqual(seen().history.map((h) => h.action), ['open', 'dispatch', 'accept', 'on-site', 'close']);
    assert.equal(seen().history[4].note, '老人已送医');
    // On the feed: the last change is the whole order.
    const state = await (await fetch(`${server.url}/live/state`)).json();
    assert.equal(state.orders.find((o) => o.id === id).state, 'closed');
    // Closed: nothing more, and the source may get a new order.
    assert.equal((await act(server, { action: 'escalate', order: id })).body.error, 'invalid-transition');
  } finally {
    await server.close();
  }
});

test('refusals: out-of-order transitions, unknown orders, sources and staff, missing notes, malformed fields; a retried key answers the first result', async () => {
  const server = await start();
  try {
    const [event] = [...server.relay.state.events.keys()];
    const opened = await act(server, { action: 'open', source: { kind: 'event', id: event } }, 'wo-open-event-1');
    assert.equal(opened.status, 200);
    const id = opened.body.order;
    const again = await act(server, { action: 'open', source: { kind: 'event', id: event } }, 'wo-open-event-1');
    assert.equal(again.body.replayed, true);
    assert.equal(again.body.seq, opened.body.seq);
    const cases = [
      [{ action: 'open', source: { kind: 'event', id: event } }, 409, 'order-exists'],
      [{ action: 'open', source: { kind: 'event', id: 'no-such' } }, 404, 'unknown-event'],
      [{ action: 'open', source: { kind: 'alert', id: 'no-such' } }, 404, 'unknown-alert'],
      [{ action: 'open', source: { kind: 'fax', id: event } }, 400, 'malformed-action'],
      [{ action: 'open' }, 400, 'malformed-action'],
      [{ action: 'accept', order: id }, 409, 'invalid-transition'],
      [{ action: 'close', order: id, note: 'x' }, 409, 'invalid-transition'],
      [{ action: 'dispatch', order: 'wo-none' , assignees: ['a'] }, 404, 'unknown-order'],
      [{ action: 'dispatch', order: id }, 400, 'malformed-action'],
      [{ action: 'dispatch', order: id, assignees: [] }, 400, 'malformed-action'],
      [{ action: 'dispatch', order: id, assignees: ['nobody-here'] }, 404, 'unknown-staff'],
      [{ action: 'dispatch', order: id, assignees: [1] }, 400, 'malformed-action'],
      [{ action: 'dispatch', order: 7 }, 400, 'malformed-action'],
      [{ action: 'return', order: id, note: 'x' }, 409, 'invalid-transition'],
      [{ action: 'escalate', order: id, note: 'x'.repeat(501) }, 400, 'malformed-action'],
    ];
    const before = server.relay.seq;
    for (const [body, status, error] of cases) {
      const res = await act(server, body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(res.body.error, error, JSON.stringify(body));
      // Judged against the state (404, 409): the server says which state it judged.
      if (status !== 400) assert.equal(res.body.seq, before, `${JSON.stringify(body)}: the seq judged against`);
    }
    assert.equal(server.relay.seq, before, 'nothing applied');
    // Return needs a reason; escalate supervises; a supervised order is re-dispatched.
    const [worker] = [...server.relay.state.staff.keys()];
    assert.equal((await act(server, { action: 'dispatch', order: id, assignees: [worker, worker] })).status, 200);
    assert.deepEqual(server.relay.state.orders.get(id).assignees, [worker], 'one of each');
    assert.equal((await act(server, { action: 'return', order: id })).body.error, 'malformed-action');
    assert.equal((await act(server, { action: 'return', order: id, note: '不在辖区' })).status, 200);
    assert.equal((await act(server, { action: 'escalate', order: id })).status, 200);
    assert.equal(server.relay.state.orders.get(id).supervised, true);
    assert.equal((await act(server, { action: 'dispatch', order: id, assignees: [worker] })).status, 200);
    assert.equal(server.relay.state.orders.get(id).supervised, true, 'still supervised');
  } finally {
    await server.close();
  }
});

test('orders survive a restart from the store (snapshot and replayed log)', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'gm-wo-')), 'relay.sqlite');
  const first = await start({ store });
  let id;
  let state;
  try {
    const alert = [...first.relay.state.alerts.keys()][0];
    id = (await act(first, { action: 'open', source: { kind: 'alert', id: alert } })).body.order;
    const [worker] = [...first.relay.state.staff.keys()];
    assert.equal((await act(first, { action: 'dispatch', order: id, assignees: [worker] })).status, 200);
    state = JSON.stringify(first.relay.state.orders.get(id));
  } finally {
    await first.close();
  }
  const second = await start({ store });
  try {
    assert.equal(JSON.stringify(second.relay.state.orders.get(id)), state);
    assert.equal((await act(second, { action: 'accept', order: id })).status, 200);
  } finally {
    await second.close();
  }
});

test('the simulation walks a dispatched person to the order\'s grid and stops there', async () => {
  // Nobody else moves: only the walk.
  const server = await start({ rates: { statusPerSecond: 0, staffPerSecond: 0, eventsPerSecond: 0, alertEverySeconds: 0 } });
  try {
    const alert = [...server.relay.state.alerts.values()][0];
    const areas = JSON.parse((await import('node:fs')).readFileSync(`${FIXTURE}/areas.json`, 'utf8')).grid;
    const at = areas.codes.indexOf(alert.gridCode);
    const target = [areas.labels[2 * at], areas.labels[2 * at + 1]];
    const [worker] = [...server.relay.state.staff.values()].filter((p) => Math.abs(Math.hypot(p.lngLat[0] - target[0], p.lngLat[1] - target[1]) - 0.006) < 0.003);
    const opened = await act(server, { action: 'open', source: { kind: 'alert', id: alert.id } });
    await act(server, { action: 'dispatch', order: opened.body.order, assignees: [worker.id] });
    const distance = () => {
      const p = server.relay.state.staff.get(worker.id).lngLat;
      return Math.hypot(p[0] - target[0], p[1] - target[1]);
    };
    const before = distance();
    await server.relay.step(1000);
    assert.ok(distance() < before, `one second closer: ${before} → ${distance()}`);
    for (let i = 0; i < 300 && distance() > 0; i++) await server.relay.step(1000);
    assert.equal(distance(), 0, 'at the grid\'s label point');
    const seq = server.relay.seq;
    await server.relay.step(1000);
    const moved = server.relay.window.filter((c) => c.seq > seq).some((c) => c.text.includes(worker.id));
    assert.equal(moved, false, 'there: no more moves for them');
  } finally {
    await server.close();
  }
});

test('--due-scale shortens the flow\'s times (a demo sees an order go overdue in a minute)', async () => {
  const server = await start({ dueScale: 0.1 });
  try {
    const alert = [...server.relay.state.alerts.keys()][0];
    const opened = await act(server, { action: 'open', source: { kind: 'alert', id: alert } });
    const order = server.relay.state.orders.get(opened.body.order);
    assert.equal(Date.parse(order.dueAt) - Date.parse(order.stateSince), flow.dueMinutes.reported * 6_000);
  } finally {
    await server.close();
  }
});

test('closed orders leave the live state after the archive age (a relay running for months stays bounded)', async () => {
  const server = await start({ rates: { statusPerSecond: 0, staffPerSecond: 0, eventsPerSecond: 0, alertEverySeconds: 0, archiveClosedAfterSeconds: 0.05 } });
  try {
    const alert = [...server.relay.state.alerts.keys()][0];
    const [worker] = [...server.relay.state.staff.keys()];
    const id = (await act(server, { action: 'open', source: { kind: 'alert', id: alert } })).body.order;
    await act(server, { action: 'dispatch', order: id, assignees: [worker] });
    await act(server, { action: 'close', order: id, note: '已处置' });
    await server.relay.step(100);
    assert.ok(server.relay.state.orders.has(id), 'kept while young');
    await new Promise((r) => setTimeout(r, 80));
    await server.relay.step(100);
    assert.equal(server.relay.state.orders.has(id), false, 'archived');
    const state = await (await fetch(`${server.url}/live/state`)).json();
    assert.equal(state.orders, undefined, 'not in the snapshot');
  } finally {
    await server.close();
  }
});
