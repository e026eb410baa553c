// Several relays on one PostgreSQL (a throwaway cluster on loopback): consistent seqs from any
// instance, an action on one seen on the other within a second, a client moved between them
// mid-stream applying every seq exactly once, and the leader killed (SIGKILL) without a loss.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startCluster } from '../../scripts/pg-cluster.mjs';
import pg from 'pg';
import { killAtRandomPoints, killRelay, spawnRelay } from './relay-process.mjs';

const FIXTURE = 'fixtures/out/sample';
let cluster;
before(async () => {
  cluster = await startCluster();
});
after(() => cluster?.stop());

const relayArgs = (port = 0) => ['--fixture', FIXTURE, '--port', String(port), '--store', cluster.url, '--tick', '20', '--status-rate', '300', '--staff-rate', '100', '--event-rate', '2', '--alert-every', '0.3', '--alert-ack-after', '3600', '--alert-resolve-after', '3600', '--snapshot-every', '400', '--heartbeat', '500'];

/** A console following one relay, then another: every seq must come exactly once, in order. */
class Follower {
  constructor(name) {
    this.name = name;
    this.seen = 0;
    this.epoch = undefined;
    this.snapshots = 0;
    this.messages = [];
    this.problems = [];
  }

  connect(relay) {
    const query = this.epoch ? `?since=${this.seen}&epoch=${this.epoch}` : '';
    this.socket = new WebSocket(`ws://127.0.0.1:${relay.port}/live/ws${query}`);
    this.socket.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'heartbeat') return;
      if (m.type === 'snapshot') {
        this.snapshots++;
        if (this.epoch && m.seq < this.seen) this.problems.push(`${this.name}: a snapshot at ${m.seq} behind ${this.seen}`);
        this.epoch = m.epoch;
        this.seen = m.seq;
        return;
      }
      if (m.seq !== this.seen + 1) this.problems.push(`${this.name}: seq ${m.seq} after ${this.seen}`);
      this.seen = m.seq;
      this.messages.push({ at: performance.now(), message: m });
    });
    this.socket.on('error', () => {});
    return new Promise((resolve) => this.socket.once('open', resolve));
  }

  close() {
    this.socket?.terminate();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(check, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

test('two relays on one PostgreSQL: one log, actions shared within a second, a client moved mid-stream, the leader killed', { timeout: 120_000 }, async () => {
  const a = await spawnRelay(relayArgs());
  const b = await spawnRelay(relayArgs());
  const followers = [new Follower('on A'), new Follower('on B')];
  try {
    const [onA, onB] = followers;
    await onA.connect(a);
    await onB.connect(b);
    await until(() => onA.seen > 50 && onB.seen > 50, 'both streaming');
    const [healthA, healthB] = await Promise.all([a, b].map((r) => fetch(`${r.url}/healthz`).then((x) => x.json())));
    assert.equal(healthA.epoch, healthB.epoch, 'one log');

    // An action sent to B, seen by the console on A.
    const latencies = [];
    for (let i = 0; i < 5; i++) {
      let open;
      await until(async () => {
        const state = await fetch(`${b.url}/live/state`).then((r) => r.json());
        open = state.alerts.find((x) => !x.acknowledged);
        return open;
      }, 'an open alert to acknowledge');
      const sent = performance.now();
      const res = await fetch(`${b.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: `pg-ack-${i}-${Date.now()}`, action: 'acknowledge', alert: open.id }) });
      assert.equal(res.status, 200);
      const { seq } = await res.json();
      await until(() => onA.seen >= seq, `seq ${seq} on A`, 1000);
      const got = onA.messages.find((m) => m.message.seq === seq);
      assert.deepEqual(got.message.acknowledge, [open.id]);
      latencies.push(got.at - sent);
    }
    assert.ok(Math.max(...latencies) < 1000, `action on B to the console on A: ${latencies.map(Math.round).join(', ')} ms`);

    // The console on A moves to B mid-stream: resumed by replay, every seq once.
    onA.close();
    await sleep(200);
    const snapshotsBefore = onA.snapshots;
    await onA.connect(b);
    await until(() => onA.seen > onB.seen - 5 && onA.seen > healthB.seq + 100, 'the moved console streaming on B');
    assert.equal(onA.snapshots, snapshotsBefore, 'resumed by replay, not a snapshot');

    // Kill A (it started first: the leader). B takes over the simulation within a few seconds.
    const seqAtKill = onB.seen;
    await killRelay(a);
    await until(() => onB.seen > seqAtKill + 50, 'B simulating after A died', 10000);
    const again = await spawnRelay(relayArgs(a.port));
    try {
      const health = await fetch(`${again.url}/healthz`).then((x) => x.json());
      assert.equal(health.epoch, healthA.epoch, 'the restarted relay joins the same log');
      assert.ok(health.seq >= seqAtKill, 'with everything committed before the kill');
    } finally {
      await killRelay(again);
    }
    for (const f of followers) assert.deepEqual(f.problems, [], `${f.name}: every seq once, in order`);
  } finally {
    for (const f of followers) f.close();
    await Promise.all([killRelay(a), killRelay(b)]);
  }
});

test('one relay on PostgreSQL killed with SIGKILL at random points loses no change a client saw and no action it acknowledged', { timeout: 120_000 }, async () => {
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  await admin.query('CREATE DATABASE kill_test');
  await admin.end();
  await killAtRandomPoints(cluster.url.replace(/\/postgres$/, '/kill_test'));
});
