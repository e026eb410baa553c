// 闭环派单 between consoles (issue 27): two maps on one page, each with its own <gm-live> stream to a
// real relay (server/feed-server.mjs on loopback, its SQLite store in a temporary folder), act as two
// consoles; a "reload" is a console removed and a new one mounted; the relay is SIGKILLed and
// restarted on its store.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import './live.js';
import '../staff/staff.js';
import '../events/events.js';
import type { GmLive } from './live.component.js';
import type { GmMap } from '../map/map.component.js';
import type { GmErrorDetail } from '../../event-types.js';
import { WORK_ORDER_ASSIGNEES, WORK_ORDER_LIGHTS, WORK_ORDER_LINES } from '../../layers/work-order-layers.js';
import { cleanup, createMap, drawn, until } from '../../../test/harness/map-harness.js';

interface Feed {
  id: string;
  url: string;
  port: number;
  journal: string;
}

const startFeed = (args: string[], reuse: Partial<Feed> = {}) => executeServerCommand<Feed, object>('feed-start', { args, ...reuse });
const killFeed = (feed: Feed) => executeServerCommand('feed-kill', { id: feed.id });
/** A relay that produces nothing by itself (it is stepped only by the walk, when asked). */
const QUIET = ['--tick', '100', '--status-rate', '0', '--staff-rate', '0', '--event-rate', '0', '--alert-every', '0', '--heartbeat', '1000'];


interface Console {
  map: GmMap;
  live: GmLive;
  errors: GmErrorDetail[];
}

/** One console: a map with staff, events and a live feed from the relay; resolves once it holds the relay's state. */
async function openConsole(feed: Feed, left: number): Promise<Console> {
  const map = createMap({}, [400, 500]);
  map.style.left = `${left}px`;
  const live = document.createElement('gm-live');
  live.src = `${feed.url}/live/sse`;
  const errors: GmErrorDetail[] = [];
  map.addEventListener('gm-error', (e) => errors.push(e.detail));
  map.append(document.createElement('gm-staff'), document.createElement('gm-events'), live);
  document.body.append(map);
  await map.ready;
  await until(() => live.lastSeq !== undefined && map.alerts.length > 0, 'the first snapshot');
  return { map, live, errors };
}

/** Opens an order for the console's first alert and dispatches it to the nearest person at least 500 m away; returns the order's id and the person. */
async function dispatchFirstAlert(c: Console): Promise<{ id: string; staff: string; alert: string }> {
  const alert = c.map.alerts[0].id;
  const opened = await c.map.requestAction({ action: 'open', source: { kind: 'alert', id: alert } });
  expect(opened.status, JSON.stringify(opened)).to.equal('done');
  const id = `wo-alert-${alert}`;
  await until(() => c.map.workOrder(id)?.state === 'reported', 'the opened order on the feed');
  // The nearest person some way off (one already inside the grid would be on-site at once).
  const grid = c.map.alerts[0].gridCode;
  const nearest = c.map.nearestStaff(alert, { count: 50 }).find((n) => n.distanceKm > 0.5 && c.map.engine.scene.engine.gridAt(n.staff.lngLat) !== grid)!;
  const sent = await c.map.requestAction({ action: 'dispatch', order: id, assignees: [nearest.staff.id], note: '就近派单' });
  expect(sent.status, JSON.stringify(sent)).to.equal('done');
  return { id, staff: nearest.staff.id, alert };
}

const drawnFor = (map: GmMap, layer: string, order: string) => map.getMap()!.queryRenderedFeatures({ layers: [layer] }).filter((f) => f.properties.order === order);

describe('work orders between consoles (<gm-live> and the relay)', function () {
  this.timeout(120000);
  afterEach(async () => {
    cleanup();
    sessionStorage.clear();
    await executeServerCommand('feed-stop-all');
  });

  it('a dispatch in one console appears in the other (state, line, ringed assignee); acknowledge and resolve are shared and survive a reload and a SIGKILL of the relay', async () => {
    // An alarm a second besides the sample's: one to acknowledge, another to resolve.
    const args = [...QUIET, '--walk-kmh', '0', '--alert-every', '1'];
    let feed = await startFeed(args);
    const a = await openConsole(feed, 0);
    const b = await openConsole(feed, 400);
    await until(() => a.map.alerts.length >= 2, 'two alerts');
    const started = performance.now();
    const { id, staff, alert } = await dispatchFirstAlert(a);
    await until(() => b.map.workOrder(id)?.state === 'dispatched', 'the dispatch on the other console');
    console.log(`open + dispatch on A to dispatched on B: ${Math.round(performance.now() - started)} ms`);
    expect(b.map.workOrder(id)!.assignees).to.deep.equal([staff]);
    await drawn(b.map);
    await drawn(b.map);
    expect(drawnFor(b.map, WORK_ORDER_LINES, id).map((f) => f.properties.staff), 'line on B').to.deep.equal([staff]);
    expect(drawnFor(b.map, WORK_ORDER_ASSIGNEES, id).length, 'assignee ringed on B').to.equal(1);
    expect(drawnFor(b.map, WORK_ORDER_LIGHTS, id).length, 'light on B').to.equal(1);

    // Acknowledge one alert and resolve another on A: B follows.
    const other = a.map.alerts.find((x) => x.id !== alert)!.id;
    expect((await a.map.requestAction({ action: 'acknowledge', alert })).status).to.equal('done');
    expect((await a.map.requestAction({ action: 'resolve', alert: other })).status).to.equal('done');
    await until(() => b.map.alerts.find((x) => x.id === alert)?.acknowledged === true && !b.map.alerts.some((x) => x.id === other), 'acknowledge and resolve on B');

    // A reload: a new console gets it all from the relay.
    a.map.remove();
    const c = await openConsole(feed, 0);
    expect(c.map.alerts.find((x) => x.id === alert)?.acknowledged, 'acknowledged after a reload').to.equal(true);
    expect(c.map.alerts.some((x) => x.id === other), 'resolved after a reload').to.equal(false);
    expect(c.map.workOrder(id)?.state, 'the order after a reload').to.equal('dispatched');

    // The relay is killed and restarted on its store: nothing is lost, and actions go on.
    await killFeed(feed);
    feed = await startFeed(args, { port: feed.port, journal: feed.journal });
    const d = await openConsole(feed, 0);
    expect(d.map.alerts.find((x) => x.id === alert)?.acknowledged, 'acknowledged after a restart').to.equal(true);
    expect(d.map.alerts.some((x) => x.id === other), 'resolved after a restart').to.equal(false);
    expect(d.map.workOrder(id)?.history.map((h) => h.action), 'the order and its history after a restart').to.deep.equal(['open', 'dispatch']);
    await until(() => b.live.state === 'connected', 'B reconnected');
    expect((await b.map.requestAction({ action: 'accept', order: id })).status).to.equal('done');
    await until(() => d.map.workOrder(id)?.state === 'accepted', 'B\'s accept on the restarted relay, seen by D');
  });

  it('a refused transition shows the relay\'s state again, with the reason', async () => {
    const feed = await startFeed([...QUIET, '--walk-kmh', '0']);
    const a = await openConsole(feed, 0);
    const { id } = await dispatchFirstAlert(a);
    // An order for an event, dispatched to a person the relay does not know: refused with its reason, back to reported.
    const event = a.map.querySelector('gm-events')!.all().find((e) => e.status !== 'closed')!;
    const eventOrder = `wo-event-${event.id}`;
    void a.map.requestAction({ action: 'open', source: { kind: 'event', id: event.id } });
    const unknown = await a.map.requestAction({ action: 'dispatch', order: eventOrder, assignees: ['nobody'] });
    expect(unknown.status === 'refused' ? unknown.error : unknown.status).to.equal('unknown-staff');
    expect(a.errors.find((e) => e.reason === 'action-refused')?.detail.error).to.equal('unknown-staff');
    await until(() => a.map.workOrder(eventOrder)?.state === 'reported' && !a.map.engine.workOrders.pending(eventOrder), 'the event\'s order as the relay holds it');
    a.errors.length = 0;
    // A's feed is held back while another console closes the order: A still shows it dispatched.
    await fetch(`${feed.url}/live/stall?ms=5000`, { method: 'POST' });
    const closed = await fetch(`${feed.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: 'other-console-close-1', action: 'close', order: id, note: '已处置' }) });
    expect(closed.status).to.equal(200);
    expect(a.map.workOrder(id)!.state, 'A has not heard yet').to.equal('dispatched');
    const asked = a.map.requestAction({ action: 'return', order: id, note: '人手不足' });
    expect(a.map.workOrder(id)!.state, 'shown at once as the action leaves it').to.equal('returned');
    expect(a.map.engine.workOrders.pending(id)).to.equal(true);
    const outcome = await asked;
    expect(outcome.status).to.equal('refused');
    const refusal = a.errors.find((e) => e.reason === 'action-refused');
    expect(refusal?.detail.error, JSON.stringify(refusal)).to.equal('invalid-transition');
    // The relay's state: the feed is resumed at once (the refusal's seq is ahead), not after the stall.
    await until(() => a.map.workOrder(id)?.state === 'closed', 'the relay\'s state on A', 4000);
    expect(a.map.engine.workOrders.pending(id)).to.equal(false);
  });

  it('an action while the relay is down is queued (action-queued, the badge says so), kept across a reload and sent once when it is back', async () => {
    let feed = await startFeed([...QUIET, '--walk-kmh', '0']);
    const a = await openConsole(feed, 0);
    const alert = a.map.alerts[0].id;
    await killFeed(feed);
    const asked = a.map.requestAction({ action: 'acknowledge', alert, key: 'queued-ack-0001' });
    await until(() => a.errors.some((e) => e.reason === 'action-queued'), 'action-queued');
    await a.live.updateComplete;
    const badge = a.live.shadowRoot!.querySelector('[part="actions"]');
    expect(badge?.textContent ?? '', 'the badge').to.match(/1/);
    // A reload while it waits: the new console takes the kept action over.
    a.map.remove();
    feed = await startFeed([...QUIET, '--walk-kmh', '0'], { port: feed.port, journal: feed.journal });
    const b = await openConsole(feed, 0);
    await until(() => b.map.alerts.find((x) => x.id === alert)?.acknowledged === true, 'the kept acknowledge applied');
    void asked;
    // Once: the same key again is a replay that changes nothing.
    const again = await (await fetch(`${feed.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: 'queued-ack-0001', action: 'acknowledge', alert }) })).json();
    expect(again.replayed, JSON.stringify(again)).to.equal(true);
    expect(sessionStorage.length, 'nothing left waiting').to.equal(0);
  });

  it('the dispatched person\'s walk into the grid turns the order on-site', async () => {
    const feed = await startFeed([...QUIET, '--walk-kmh', '400']);
    const a = await openConsole(feed, 0);
    const b = await openConsole(feed, 400);
    const { id, staff } = await dispatchFirstAlert(a);
    await until(() => b.map.workOrder(id)?.state === 'on-site' && !b.map.engine.workOrders.pending(id), 'on-site on the relay', 60000);
    const last = b.map.workOrder(id)!.history.at(-1)!;
    expect(last.action).to.equal('on-site');
    expect(last.note).to.equal(`arrived: ${staff}`);
    // Both consoles saw the arrival and asked with the same key: applied once.
    expect(b.map.workOrder(id)!.history.filter((h) => h.action === 'on-site').length).to.equal(1);
  });
});
