// The relay's SQLite store: bounded however long it runs, and nothing acknowledged lost when the
// process is killed at any point. Real processes on loopback, bounded in count and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startFeedServer } from '../feed-server.mjs';

const FIXTURE = 'fixtures/out/sample';
const CITY_RATES = { statusPerSecond: 200, staffPerSecond: 2000, eventsPerSecond: 2, alertEverySeconds: 30 };

test('a long run stays bounded: the log is cut at each snapshot, the file stops growing, a restart reads one snapshot', async () => {
  // Compressed: the log's life is periodic in `snapshotEvery` (append, snapshot, cut), so 30
  // periods of 600 changes at the city's rates stand for the 620 periods of 5,000 of a day.
  const store = join(mkdtempSync(join(tmpdir(), 'gm-store-')), 'feed.sqlite');
  const options = { fixture: FIXTURE, port: 0, tickMs: 0, heartbeatMs: 60000, log: () => {}, store, rates: CITY_RATES, snapshotEvery: 600, replay: 200 };
  const server = await startFeedServer(options);
  const sizes = [];
  try {
    while (server.relay.seq < 30 * 600) {
      server.relay.step(100);
      if (server.relay.seq >= (sizes.length + 1) * 3000) sizes.push(statSync(store).size + walSize(store));
    }
    const rows = server.relay.store.sizes();
    assert.ok(rows.log <= 600 + 200 + 10, `log rows ${rows.log} ≤ snapshotEvery + replay`);
    assert.ok(rows.snapshots <= 2, `${rows.snapshots} snapshots kept`);
    // After the first periods fill the file, it no longer grows: freed pages are reused.
    assert.ok(sizes.at(-1) <= sizes[1] * 1.25, `file sizes by 3,000 changes: ${sizes.join(', ')} bytes`);
  } finally {
    await server.close();
  }
  const started = performance.now();
  const again = await startFeedServer(options);
  const restartMs = performance.now() - started;
  try {
    assert.ok(again.relay.seq >= 30 * 600);
    assert.ok(restartMs < 5000, `restart ${Math.round(restartMs)} ms`);
  } finally {
    await again.close();
  }
});

function walSize(file) {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** Starts the relay as its own process (so it can be SIGKILLed); resolves with its URL. */
function spawnRelay(store, port = 0) {
  const child = spawn(process.execPath, ['server/feed-server.mjs', '--fixture', FIXTURE, '--port', String(port), '--store', store, '--tick', '20', '--alert-every', '0.2', '--alert-resolve-after', '3600', '--alert-ack-after', '3600', '--snapshot-every', '300'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const match = out.match(/listening on (http:\/\/[\d.]+:(\d+))/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], port: Number(match[2]) });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${out}`)));
  });
}

test('killed with SIGKILL at random points, the relay loses no change a client saw and no action it acknowledged', { timeout: 120_000 }, async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'gm-kill-')), 'feed.sqlite');
  let relay = await spawnRelay(store);
  let epoch;
  let seen = 0;
  const acknowledged = [];
  let keyNumber = 0;
  for (let round = 0; round < 5; round++) {
    // A console following the feed, and an operator acknowledging alerts as fast as it can.
    const socket = new WebSocket(`ws://127.0.0.1:${relay.port}/live/ws${epoch ? `?since=${seen}&epoch=${epoch}` : ''}`);
    let first = true;
    socket.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'heartbeat') return;
      if (first && epoch) assert.notEqual(m.type, 'snapshot', `round ${round}: a resume after the restart is a replay`);
      if (m.type === 'snapshot') epoch = m.epoch;
      else assert.equal(m.seq, seen + 1, `round ${round}: seq ${m.seq} follows ${seen}`);
      first = false;
      seen = m.seq;
    });
    socket.on('error', () => {});
    let acting = true;
    const operator = (async () => {
      while (acting) {
        const state = await fetch(`${relay.url}/live/state`).then((r) => r.json()).catch(() => undefined);
        const open = state?.alerts.find((a) => !a.acknowledged);
        if (!open) continue;
        const key = `kill-${round}-${keyNumber++}`;
        const res = await fetch(`${relay.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key, action: 'acknowledge', alert: open.id }) }).catch(() => undefined);
        if (res?.status === 200) acknowledged.push({ ...(await res.json()), key });
      }
    })();
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
    const gone = new Promise((r) => relay.child.once('exit', r));
    relay.child.kill('SIGKILL');
    await gone;
    acting = false;
    await operator;
    socket.terminate();
    relay = await spawnRelay(store, relay.port);
    const health = await fetch(`${relay.url}/healthz`).then((r) => r.json());
    assert.equal(health.epoch, epoch, 'the same log after the kill');
    assert.ok(health.seq >= seen, `round ${round}: the restarted relay has seq ${health.seq}, a client had seen ${seen}`);
  }
  try {
    assert.ok(acknowledged.length >= 5, `${acknowledged.length} actions acknowledged`);
    const state = await fetch(`${relay.url}/live/state`).then((r) => r.json());
    const alerts = new Map(state.alerts.map((a) => [a.id, a]));
    for (const action of acknowledged) assert.equal(alerts.get(action.alert)?.acknowledged, true, `acknowledged ${action.alert} (seq ${action.seq}) survived`);
    // Retrying an acknowledged action after the restarts: the first answer, not a second change.
    const retry = await fetch(`${relay.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: acknowledged[0].key, action: 'acknowledge', alert: acknowledged[0].alert }) }).then((r) => r.json());
    assert.equal(retry.seq, acknowledged[0].seq);
    assert.equal(retry.replayed, true);
  } finally {
    relay.child.kill('SIGKILL');
  }
});
