#!/usr/bin/env node
// The live feed server: serves the fixture's simulated changes as the protocol of
// docs/live-protocol.md, over Server-Sent Events (GET /live/sse) and WebSocket (/live/ws, the `ws`
// package), with a replay window for `?since=` and a fresh snapshot when it cannot replay. It backs
// `npm start` and the `<gm-live>` tests. It listens on loopback unless told otherwise.
//
//   node server/feed-server.mjs [--fixture DIR] [--host 127.0.0.1] [--port 5174]
//     [--status-rate 200] [--staff-rate 2000] [--event-rate 2] [--alert-every 30] [--alert-ack-after 20]
//     [--alert-resolve-after 60] [--tick 100]
//     [--replay 1200] [--heartbeat 5000] [--limit N] [--journal FILE] [--seed S] [--test-hooks]
import { createServer } from 'node:http';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { FeedState } from './feed-state.mjs';
import { FeedSimulation } from './feed-simulation.mjs';

/** A client whose unsent output passes this is dropped: it resumes with `since` when it can read again. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * @typedef {object} FeedOptions
 * @property {string} fixture       fixture directory (manifest.json and its data files)
 * @property {string} [host]        default 127.0.0.1 (loopback only)
 * @property {number} [port]        default 5174; 0 picks a free one
 * @property {number} [tickMs]      simulation step, default 100 ms
 * @property {import('./feed-simulation.mjs').Rates} [rates]
 * @property {number} [replay]      messages kept for `since`, default 1200
 * @property {number} [heartbeatMs] default 5000
 * @property {number} [limit]       stop producing after this sequence number
 * @property {string} [journal]     append every message to this file and resume from it on start
 * @property {string} [seed]
 * @property {boolean} [testHooks]  POST /live/advance, /live/inject, /live/drop, /live/stall
 * @property {string} [cors]        Access-Control-Allow-Origin for the feed's GET routes, default '*'
 */

export const DEFAULT_RATES = { statusPerSecond: 200, staffPerSecond: 2000, eventsPerSecond: 2, alertEverySeconds: 30 };

/** The sequence of messages: numbering, journal, replay window, and the clients it goes to. */
class Feed {
  /** @param {FeedOptions} options */
  constructor(options) {
    this.options = options;
    this.seq = 0;
    /** @type {{ seq: number, text: string }[]} the replay window, oldest first */
    this.window = [];
    /** @type {Set<{ send(seq: number | undefined, text: string): void, close(): void, buffered(): number, stalledUntil?: number }>} */
    this.clients = new Set();
    const journal = options.journal;
    const header = journal && existsSync(journal) ? readJournalHeader(journal) : undefined;
    // The fixture's "now" becomes the first start's now; a restart keeps the first start's shift.
    this.shift = header?.shift ?? Date.now() - FeedState.fixtureTime(options.fixture);
    this.state = FeedState.fromFixture(options.fixture, this.shift);
    if (header) this.replayJournal(journal);
    else if (journal) writeFileSync(journal, `${JSON.stringify({ type: 'journal', shift: this.shift })}\n`);
    this.simulation = new FeedSimulation(this.state, { ...DEFAULT_RATES, ...options.rates }, options.seed);
  }

  /** Numbers, journals, applies and sends one message. */
  publish(message) {
    const seq = ++this.seq;
    const text = JSON.stringify({ seq, ...message });
    if (this.options.journal) appendFileSync(this.options.journal, `${text}\n`);
    this.state.apply(message);
    this.remember(seq, text);
    const now = Date.now();
    for (const client of this.clients) {
      if ((client.stalledUntil ?? 0) > now) continue;
      if (client.buffered() > MAX_BUFFERED_BYTES) client.close();
      else client.send(seq, text);
    }
  }

  /** One simulation step; false once the limit is reached. */
  step(ms = this.options.tickMs || 100) {
    const limit = this.options.limit ?? Infinity;
    if (this.seq >= limit) return false;
    for (const message of this.simulation.tick(ms, Date.now(), this.seq + 1)) {
      if (this.seq >= limit) break;
      this.publish(message);
    }
    return true;
  }

  /** A new client: what it missed since `since` from the window, or a snapshot; then every new message. */
  attach(client, since) {
    const first = this.window[0]?.seq ?? this.seq + 1;
    if (since !== undefined && since === this.seq) {
      // Up to date: nothing to send.
    } else if (since !== undefined && since < this.seq && since + 1 >= first) {
      for (const m of this.window) if (m.seq > since) client.send(m.seq, m.text);
    } else {
      client.send(this.seq, JSON.stringify(this.state.snapshot(this.seq, new Date().toISOString())));
    }
    this.clients.add(client);
  }

  heartbeat() {
    const text = JSON.stringify({ type: 'heartbeat', seq: this.seq, time: new Date().toISOString() });
    const now = Date.now();
    for (const client of this.clients) if ((client.stalledUntil ?? 0) <= now) client.send(undefined, text);
  }

  remember(seq, text) {
    this.window.push({ seq, text });
    const excess = this.window.length - (this.options.replay ?? 1200);
    if (excess > 0) this.window.splice(0, excess);
  }

  /** Rebuilds the state and the window from the journal (a torn last line is skipped: it was never sent). */
  replayJournal(journal) {
    const lines = readFileSync(journal, 'utf8').split('\n').slice(1);
    for (const line of lines) {
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (message.seq !== this.seq + 1) continue;
      this.seq = message.seq;
      this.state.apply(message);
      this.remember(message.seq, line);
    }
  }
}

function readJournalHeader(journal) {
  const first = readFileSync(journal, 'utf8').split('\n', 1)[0];
  const header = JSON.parse(first);
  if (header.type !== 'journal') throw new Error(`${journal} is not a feed journal`);
  return header;
}

/** `?since=N` (or SSE's Last-Event-ID): a non-negative integer, else undefined (a snapshot). */
function sinceOf(url, lastEventId) {
  const raw = url.searchParams.get('since') ?? lastEventId;
  const since = raw === undefined || raw === null || raw === '' ? NaN : Number(raw);
  return Number.isSafeInteger(since) && since >= 0 ? since : undefined;
}

/** Starts the server; resolves once it listens. */
export async function startFeedServer(/** @type {FeedOptions} */ options) {
  const feed = new Feed(options);
  const cors = options.cors ?? '*';
  const server = createServer((req, res) => route(feed, cors, options, req, res));
  const wss = new WebSocketServer({ server, path: '/live/ws' });
  wss.on('connection', (socket, req) => {
    const client = {
      send: (_seq, text) => socket.send(text),
      close: () => socket.terminate(),
      buffered: () => socket.bufferedAmount,
    };
    socket.on('close', () => feed.clients.delete(client));
    socket.on('error', () => feed.clients.delete(client));
    feed.attach(client, sinceOf(new URL(req.url, 'http://x')));
  });
  const ticker = options.tickMs === 0 ? undefined : setInterval(() => feed.step(), options.tickMs ?? 100);
  const beat = setInterval(() => feed.heartbeat(), options.heartbeatMs ?? 5000);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5174, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    feed,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(ticker);
        clearInterval(beat);
        for (const client of feed.clients) client.close();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function route(feed, cors, options, req, res) {
  const url = new URL(req.url, 'http://x');
  res.setHeader('Access-Control-Allow-Origin', cors);
  if (req.method === 'GET' && url.pathname === '/live/sse') return serveEvents(feed, url, req, res);
  if (req.method === 'GET' && url.pathname === '/live/state') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify(feed.state.snapshot(feed.seq, new Date().toISOString())));
  }
  if (req.method === 'POST' && options.testHooks && url.pathname.startsWith('/live/')) return testHook(feed, url, req, res);
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
}

function serveEvents(feed, url, req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3600000\n\n'); // the client reconnects itself (with `since`), not EventSource
  const client = {
    send: (seq, text) => res.write(`${seq === undefined ? '' : `id: ${seq}\n`}${text.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`),
    close: () => res.destroy(),
    buffered: () => res.writableLength,
  };
  req.on('close', () => feed.clients.delete(client));
  feed.attach(client, sinceOf(url, req.headers['last-event-id']));
}

/** Hooks for the tests: produce now, send raw text, drop every client, or stop writing to them a while. */
function testHook(feed, url, req, res) {
  const done = (body) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  if (url.pathname === '/live/advance') {
    const n = Number(url.searchParams.get('n') ?? 1);
    if (url.searchParams.has('drop')) for (const client of feed.clients) client.close();
    for (let i = 0; i < n; i++) feed.step();
    return done({ seq: feed.seq });
  }
  if (url.pathname === '/live/drop') {
    for (const client of feed.clients) client.close();
    return done({ seq: feed.seq });
  }
  if (url.pathname === '/live/stall') {
    const until = Date.now() + Number(url.searchParams.get('ms') ?? 10000);
    for (const client of feed.clients) client.stalledUntil = until;
    return done({ seq: feed.seq });
  }
  if (url.pathname === '/live/inject') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      for (const client of feed.clients) client.send(undefined, body);
      done({ seq: feed.seq });
    });
    return;
  }
  res.writeHead(404).end();
}

/** The command line. */
async function main() {
  const { values } = parseArgs({
    options: {
      fixture: { type: 'string', default: 'fixtures/out/chongqing' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5174' },
      tick: { type: 'string', default: '100' },
      'status-rate': { type: 'string', default: String(DEFAULT_RATES.statusPerSecond) },
      'staff-rate': { type: 'string', default: String(DEFAULT_RATES.staffPerSecond) },
      'event-rate': { type: 'string', default: String(DEFAULT_RATES.eventsPerSecond) },
      'alert-every': { type: 'string', default: String(DEFAULT_RATES.alertEverySeconds) },
      'alert-ack-after': { type: 'string', default: '20' },
      'alert-resolve-after': { type: 'string', default: '60' },
      replay: { type: 'string', default: '1200' },
      heartbeat: { type: 'string', default: '5000' },
      limit: { type: 'string' },
      journal: { type: 'string' },
      seed: { type: 'string', default: 'gm-live' },
      cors: { type: 'string', default: '*' },
      'test-hooks': { type: 'boolean', default: false },
    },
  });
  const server = await startFeedServer({
    fixture: values.fixture,
    host: values.host,
    port: Number(values.port),
    tickMs: Number(values.tick),
    rates: {
      statusPerSecond: Number(values['status-rate']),
      staffPerSecond: Number(values['staff-rate']),
      eventsPerSecond: Number(values['event-rate']),
      alertEverySeconds: Number(values['alert-every']),
      acknowledgeAfterSeconds: Number(values['alert-ack-after']),
      resolveAfterSeconds: Number(values['alert-resolve-after']),
    },
    replay: Number(values.replay),
    heartbeatMs: Number(values.heartbeat),
    limit: values.limit === undefined ? undefined : Number(values.limit),
    journal: values.journal,
    seed: values.seed,
    cors: values.cors,
    testHooks: values['test-hooks'],
  });
  console.log(`feed server: listening on ${server.url} (SSE ${server.url}/live/sse, WebSocket ws://${values.host}:${server.port}/live/ws) from seq ${server.feed.seq}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
