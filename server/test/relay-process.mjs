// The relay as a process of its own (so a test can SIGKILL it), on loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';

/**
 * Starts `server/feed-server.mjs` with `args`; resolves with the child, its URL and port once it
 * listens (its JSON log's "listening on" line).
 */
export function spawnRelay(args) {
  const child = spawn(process.execPath, ['server/feed-server.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${out}`)), 20000);
    const exited = (code) => reject(new Error(`relay exited (${code}): ${out}`));
    child.stdout.on('data', (d) => {
      out += d;
      const match = out.match(/listening on (http:\/\/[\d.]+:(\d+))/);
      if (match) {
        clearTimeout(timer);
        child.off('exit', exited);
        resolve({ child, url: match[1], port: Number(match[2]), output: () => out });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', exited);
  });
}

/** SIGKILL, resolved once the process is gone. */
export function killRelay(relay) {
  if (relay.child.exitCode !== null || relay.child.signalCode !== null) return Promise.resolve();
  const gone = new Promise((resolve) => relay.child.once('exit', resolve));
  relay.child.kill('SIGKILL');
  return gone;
}

/** The relay on the sample, simulating fast (and raising alerts to act on) into `store`. */
const spawnSampleRelay = (store, port = 0) =>
  spawnRelay(['--fixture', 'fixtures/out/sample', '--port', String(port), '--store', store, '--tick', '20', '--alert-every', '0.2', '--alert-resolve-after', '3600', '--alert-ack-after', '3600', '--snapshot-every', '300']);

/**
 * Five rounds of: a console following the relay and an operator acknowledging alerts as fast as
 * it can, then SIGKILL at a random moment and a restart on `store`. Every change a console saw
 * and every action answered 200 must be there after each restart, and resuming must replay.
 */
export async function killAtRandomPoints(store) {
  let relay = await spawnSampleRelay(store);
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
    await killRelay(relay);
    acting = false;
    await operator;
    socket.terminate();
    relay = await spawnSampleRelay(store, relay.port);
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
}
