// The feed server's resume rules (docs/live-protocol.md) and its journal, against the real server
// in this process on a loopback port, read through the `ws` client and SSE over fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startFeedServer } from '../feed-server.mjs';

const FIXTURE = 'fixtures/out/sample';
const start = (options = {}) => startFeedServer({ fixture: FIXTURE, port: 0, tickMs: 0, testHooks: true, heartbeatMs: 60000, ...options });

/** The messages a WebSocket client gets in its first `ms` after connecting with `query`. */
function receive(server, query, ms = 300) {
  return new Promise((resolve, reject) => {
    const got = [];
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/live/ws${query}`);
    socket.on('message', (data) => got.push(JSON.parse(String(data))));
    socket.on('error', reject);
    socket.on('open', () => setTimeout(() => (socket.close(), resolve(got)), ms));
  });
}

test('a client without since gets a snapshot; with since, the replay or a snapshot when it cannot', async () => {
  const server = await start({ replay: 10 });
  try {
    for (let i = 0; i < 10; i++) server.feed.step();
    const seq = server.feed.seq;
    assert.ok(seq >= 10, 'each step makes messages');
    const fresh = await receive(server, '');
    assert.deepEqual(fresh.map((m) => [m.type, m.seq]), [['snapshot', seq]]);
    const replayed = await receive(server, `?since=${seq - 4}`);
    assert.deepEqual(replayed.map((m) => m.seq), [seq - 3, seq - 2, seq - 1, seq]);
    assert.deepEqual(await receive(server, `?since=${seq}`), [], 'up to date: nothing');
    for (const since of [0, seq - 11, seq + 5, -1]) {
      const got = await receive(server, `?since=${since}`);
      assert.deepEqual(got.map((m) => m.type), ['snapshot'], `since=${since}`);
    }
    const sse = await fetch(`${server.url}/live/sse?since=${seq - 1}`);
    const reader = sse.body.getReader();
    const { value } = await reader.read();
    const text = new TextDecoder().decode(value);
    await reader.cancel();
    assert.match(sse.headers.get('content-type'), /^text\/event-stream/);
    assert.match(text, new RegExp(`id: ${seq}\\ndata: \\{"seq":${seq},`));
  } finally {
    await server.close();
  }
});

test('the snapshot is the fold of every change: a client following the changes ends where the snapshot is', async () => {
  const server = await start({ rates: { statusPerSecond: 2000, staffPerSecond: 500, eventsPerSecond: 20, alertEverySeconds: 0.2 } });
  try {
    const base = (await receive(server, '', 50))[0];
    for (let i = 0; i < 30; i++) server.feed.step();
    const changes = await receive(server, `?since=${base.seq}`);
    assert.equal(changes.length, server.feed.seq - base.seq);
    const kinds = new Set(changes.map((m) => m.type));
    for (const kind of ['status', 'staff', 'events', 'alerts']) assert.ok(kinds.has(kind), `${kind} changes are simulated`);
    const { FeedState } = await import('../feed-state.mjs');
    const folded = new FeedState(base.statuses, base.staff, base.events, []);
    folded.alerts = new Map(base.alerts.map((a) => [a.id, a]));
    for (const m of changes) folded.apply(m);
    const expected = server.feed.state.snapshot(0, '');
    assert.deepEqual(folded.snapshot(0, ''), expected);
    // The simulation keeps the number of events level: closed ones are archived as new ones come.
    assert.equal(expected.events.length, base.events.length);
  } finally {
    await server.close();
  }
});

test('a restarted server resumes from its store: the same state, seq, epoch and replay window', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'gm-feed-')), 'feed.sqlite');
  const first = await start({ store });
  for (let i = 0; i < 20; i++) first.feed.step();
  const before = first.feed.state.snapshot(first.feed.seq, '');
  const epoch = first.feed.epoch;
  await first.close();
  const second = await start({ store });
  try {
    assert.equal(second.feed.seq, before.seq);
    assert.equal(second.feed.epoch, epoch, 'the same log');
    assert.deepEqual(second.feed.state.snapshot(second.feed.seq, ''), before);
    const replayed = await receive(second, `?since=${before.seq - 3}`);
    assert.deepEqual(replayed.map((m) => m.seq), [before.seq - 2, before.seq - 1, before.seq]);
    second.feed.step();
    assert.ok(second.feed.seq > before.seq, 'and goes on numbering after it');
  } finally {
    await second.close();
  }
});
