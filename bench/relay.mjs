// The relay's table: N WebSocket consoles on loopback following relays at the city's rates on the
// full fixture, for the embedded store (one process, SQLite) and for two processes sharing a
// throwaway PostgreSQL (the consoles split between them). Prints each message's delivery lag
// (arrival at the console minus the `time` the simulation stamped it with, before it was
// committed) as median and p99, the messages a second a console got, and the relays' resident
// memory (from their /metrics). Bounded: `clients` sockets for `seconds`, loopback only.
//
//   node bench/relay.mjs [--clients 500] [--seconds 30] [--periods 12]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startCluster } from '../scripts/pg-cluster.mjs';
import { killRelay, spawnRelay } from '../server/test/relay-process.mjs';
import { startFeedServer } from '../server/feed-server.mjs';

const CITY = ['--fixture', 'fixtures/out/chongqing', '--port', '0', '--tick', '100', '--max-per-address', '5000', '--max-clients', '5000', '--heartbeat', '5000'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `{store: figures}` for each store. */
export async function measureRelay({ clients = 500, seconds = 30 } = {}) {
  const results = {};
  const dir = mkdtempSync(join(tmpdir(), 'gm-bench-relay-'));
  try {
    const sqlite = [await spawnRelay([...CITY, '--store', join(dir, 'relay.sqlite')])];
    results['SQLite, 1 relay'] = await follow(sqlite, clients, seconds).finally(() => Promise.all(sqlite.map(killRelay)));
    const cluster = await startCluster();
    try {
      const first = await spawnRelay([...CITY, '--store', cluster.url]);
      const second = await spawnRelay([...CITY, '--store', cluster.url]);
      results['PostgreSQL, 2 relays'] = await follow([first, second], clients, seconds).finally(() => Promise.all([first, second].map(killRelay)));
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Opens `clients` consoles spread over `relays`, measures for `seconds` after they are all following. */
async function follow(relays, clients, seconds) {
  const lags = [];
  let messages = 0;
  let measuring = false;
  const sockets = [];
  let following = 0;
  let reconnects = 0;
  let stopped = false;
  /** One console: follows, and when dropped comes back with since and epoch as `<gm-live>` does. */
  const open = (relay, position = {}) => {
    const query = position.seq === undefined ? '' : `?since=${position.seq}&epoch=${position.epoch}`;
    const socket = new WebSocket(`ws://127.0.0.1:${relay.port}/live/ws${query}`);
    socket.on('message', (data) => {
      // Only the head of each message is read: {"seq":N,"type":"…","time":"…"} (a snapshot: its epoch further on).
      const head = data.toString('utf8', 0, 160);
      const seq = Number(/^\{"seq":(\d+)/.exec(head)?.[1]);
      if (head.includes('"type":"heartbeat"')) return;
      if (head.includes('"type":"snapshot"')) {
        position.epoch = /"epoch":"([^"]+)"/.exec(head)?.[1];
        if (!position.following) following++;
        position.following = true;
      } else if (measuring) {
        const time = /"time":"([^"]+)"/.exec(head)?.[1];
        if (time) lags.push(Date.now() - Date.parse(time));
        messages++;
      }
      if (Number.isFinite(seq)) position.seq = seq;
    });
    socket.on('close', () => {
      if (stopped) return;
      reconnects++;
      setTimeout(() => open(relay, position), 500 + Math.random() * 500);
    });
    socket.on('error', () => {});
    sockets.push(socket);
  };
  for (let i = 0; i < clients; i++) {
    open(relays[i % relays.length]);
    if (i % 50 === 49) await sleep(50); // connect in waves, as screens do after a restart
  }
  const deadline = Date.now() + 120_000;
  while (following < clients && Date.now() < deadline) await sleep(100);
  await sleep(2000);
  measuring = true;
  const rss = [];
  const start = Date.now();
  while (Date.now() - start < seconds * 1000) {
    await sleep(1000);
    rss.push(await Promise.all(relays.map((r) => metric(r, 'process_resident_memory_bytes'))));
  }
  measuring = false;
  stopped = true;
  const dropped = (await Promise.all(relays.map((r) => metrics(r)))).map((text) => [...text.matchAll(/^gm_relay_dropped_clients_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0));
  for (const socket of sockets) socket.terminate();
  lags.sort((a, b) => a - b);
  const at = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
  return {
    clients,
    following,
    perConsole: messages / clients / seconds,
    median: at(0.5),
    p99: at(0.99),
    rssMax: rss.map((sample) => Math.max(...sample)).reduce((a, b) => Math.max(a, b), 0) / 2 ** 20,
    rssEnd: Math.max(...rss.at(-1)) / 2 ** 20,
    dropped: dropped.reduce((a, b) => a + b, 0),
    reconnects,
  };
}

async function metrics(relay) {
  return fetch(`${relay.url}/metrics`).then((r) => r.text());
}

async function metric(relay, name) {
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await metrics(relay))?.[1] ?? NaN);
}

/**
 * The SQLite store over a long run, compressed: the full city's simulation stepped as fast as it
 * goes (100 ms of city time a step, so `periods` × 5,000 changes ≈ periods × 2.3 minutes of the
 * city at the demo's rates), the file's size (with its WAL) after each period of the default
 * `--snapshot-every`, and the restart time at the end. The log's life is periodic in that period
 * (append, snapshot, cut), so a day is 620 more of the same.
 */
export async function measureStoreGrowth({ periods = 12 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gm-bench-store-'));
  const store = join(dir, 'relay.sqlite');
  const options = { fixture: 'fixtures/out/chongqing', port: 0, tickMs: 0, heartbeatMs: 60_000, log: () => {}, store };
  const rows = [];
  try {
    const server = await startFeedServer(options);
    const started = performance.now();
    for (let period = 1; period <= periods; period++) {
      while (server.relay.seq < period * 5000) server.relay.step(100);
      const wal = (() => {
        try {
          return statSync(`${store}-wal`).size;
        } catch {
          return 0;
        }
      })();
      rows.push({ changes: server.relay.seq, mb: (statSync(store).size + wal) / 2 ** 20, logRows: server.relay.store.sizes().log, seconds: (performance.now() - started) / 1000 });
    }
    await server.close();
    const t = performance.now();
    const again = await startFeedServer(options);
    const restartMs = performance.now() - t;
    await again.close();
    return { rows, restartMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printStoreGrowth({ rows, restartMs }) {
  console.log('\nThe SQLite store over a long run (full city, demo rates, stepped as fast as it goes; snapshot and cut every 5,000 changes)');
  console.log('\n| changes | store file with WAL (MB) | log rows kept | wall-clock (s) |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.changes.toLocaleString('en')} | ${r.mb.toFixed(1)} | ${r.logRows} | ${r.seconds.toFixed(0)} |`);
  console.log(`\nRestart after ${rows.at(-1).changes.toLocaleString('en')} changes (the newest snapshot and the changes after it): ${Math.round(restartMs)} ms`);
}

export function printRelay(results, seconds) {
  console.log(`\nThe relay: WebSocket consoles on loopback following the full fixture at the city's rates (200 statuses, 2,000 staff moves, 2 events a second; an alert every 30 s), ${seconds} s each`);
  console.log('\n| store | consoles | messages a second per console | delivery lag, median (ms) | delivery lag, p99 (ms) | relay RSS, max (MB) | relay RSS at the end (MB) | consoles dropped (and back by replay) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [store, r] of Object.entries(results)) {
    console.log(`| ${store} | ${r.following}/${r.clients} | ${r.perConsole.toFixed(1)} | ${r.median} | ${r.p99} | ${r.rssMax.toFixed(0)} | ${r.rssEnd.toFixed(0)} | ${r.dropped} (${r.reconnects} reconnections) |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '500' }, seconds: { type: 'string', default: '30' }, periods: { type: 'string', default: '12' } } });
  printStoreGrowth(await measureStoreGrowth({ periods: Number(values.periods) }));
  printRelay(await measureRelay({ clients: Number(values.clients), seconds: Number(values.seconds) }), Number(values.seconds));
}
