#!/usr/bin/env node
// The live relay: serves the city's changes as the protocol of docs/live-protocol.md over
// Server-Sent Events (GET /live/sse) and WebSocket (/live/ws), from a durable, numbered log
// (server/relay/: SQLite embedded, or memory for throwaway runs), to allowed origins and
// authorised consoles only, with bounded memory. Its changes come from the fixture's
// simulation (the demo) and from operators' actions (POST /live/actions). It backs `npm start`
// and the `<gm-live>` tests; docs/live-protocol.md documents running it for a city.
//
//   node server/feed-server.mjs --help
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_HUB_LIMITS, ClientHub } from './relay/client-hub.mjs';
import { DEFAULT_HTTP_LIMITS, createRelayServer } from './relay/http.mjs';
import { jwtAuthenticator } from './relay/access.mjs';
import { MemoryStore } from './relay/memory-store.mjs';
import { SqliteStore } from './relay/sqlite-store.mjs';
import { PgStore } from './relay/pg-store.mjs';
import { Relay } from './relay/relay.mjs';

/**
 * @typedef {object} FeedOptions
 * @property {string} fixture       fixture directory (manifest.json and its data files): the first start's state
 * @property {string} [host]        default 127.0.0.1 (loopback only)
 * @property {number} [port]        default 5174; 0 picks a free one
 * @property {number} [tickMs]      simulation step, default 100 ms; 0: no simulation timer
 * @property {number} [dueScale]    work orders' times per state × this (default 1; a demo: 0.1)
 * @property {import('./feed-simulation.mjs').Rates} [rates]
 * @property {number} [replay]      changes kept for `since`, default 1200
 * @property {number} [heartbeatMs] default 5000
 * @property {number} [limit]       stop producing after this sequence number
 * @property {string} [store]       'memory' (default), a SQLite file, or a postgres:// URL (several instances share it)
 * @property {string} [journal]     the same as `store` (the earlier name)
 * @property {number} [snapshotEvery]   a stored snapshot every so many changes, default 5000
 * @property {number} [snapshotEveryMs] or this often, default 60,000
 * @property {string[]} [allowedOrigins] origins besides the relay's own that may read; '*' any
 * @property {(token: string | undefined, req: import('node:http').IncomingMessage) => Promise<import('./relay/access.mjs').Grant | undefined>} [authenticate]
 *   the authentication hook; without it every client may read and act (only allowed on loopback)
 * @property {Partial<import('./relay/client-hub.mjs').HubLimits>} [hubLimits]
 * @property {Partial<import('./relay/http.mjs').HttpLimits>} [httpLimits]
 * @property {string} [seed]
 * @property {boolean} [testHooks]  POST /live/advance, /live/inject, /live/drop, /live/stall, /live/hide
 * @property {boolean} [insecureNoAuth] allow no authentication on a non-loopback host
 * @property {(level: string, msg: string, fields?: object) => void} [log] default: JSON lines on stdout
 */

export const DEFAULT_RATES = { statusPerSecond: 200, staffPerSecond: 2000, eventsPerSecond: 2, alertEverySeconds: 30 };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** A structured log line: one JSON object per line on stdout. */
export function jsonLog(level, msg, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

/** Starts the relay; resolves once it listens. */
export async function startFeedServer(/** @type {FeedOptions} */ options) {
  const host = options.host ?? '127.0.0.1';
  if (!options.authenticate && !LOOPBACK.test(host) && !options.insecureNoAuth) {
    throw new Error(`listening on ${host} without authentication: give --jwt-secret-file or --jwks-file (or --insecure-no-auth behind a proxy that authenticates)`);
  }
  const log = options.log ?? jsonLog;
  const storePath = options.store ?? options.journal ?? 'memory';
  const store = storePath === 'memory' ? new MemoryStore() : /^postgres(ql)?:\/\//.test(storePath) ? new PgStore(storePath) : new SqliteStore(storePath);
  const hub = new ClientHub(options.hubLimits);
  let relay;
  try {
    relay = await Relay.open({ ...options, log, rates: { ...DEFAULT_RATES, ...options.rates } }, store, hub);
  } catch (error) {
    await store.close();
    throw error;
  }
  const { server, wss } = createRelayServer({ relay, hub, allowedOrigins: options.allowedOrigins ?? [], authenticate: options.authenticate, limits: options.httpLimits, testHooks: options.testHooks, log });
  const ticker = options.tickMs === 0 ? undefined : setInterval(() => relay.step(options.tickMs ?? 100), options.tickMs ?? 100);
  const beat = setInterval(() => relay.heartbeat(), options.heartbeatMs ?? 5000);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5174, host, resolve);
  });
  const { port } = server.address();
  let closing;
  return {
    allowsAnyOrigin: (options.allowedOrigins ?? []).includes('*'),
    feed: relay,
    relay,
    hub,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    /** Graceful: clients are told to reconnect (WebSocket 1012), the state is stored, the store closed. */
    close: () =>
      (closing ??= new Promise((resolve) => {
        clearInterval(ticker);
        clearInterval(beat);
        relay.unfollow();
        hub.closeAll();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        await relay.catching;
        if (relay.seq > relay.storedSnapshot.seq && (!store.async || store.leader)) await relay.storeSnapshot();
        await store.close();
      })),
  };
}

/** The command line's options: [name, default, help]. Numbers are checked; a bad one stops with usage. */
const OPTIONS = [
  ['fixture', 'fixtures/out/chongqing', 'the first start\'s state: a fixture directory'],
  ['host', '127.0.0.1', 'address to listen on (not loopback: authentication required)'],
  ['port', '5174', 'port (0: any free one)'],
  ['store', 'memory', 'the log: a SQLite file (kept across restarts), a postgres:// URL (shared by several relays), or memory'],
  ['journal', undefined, 'the same as --store (the earlier name)'],
  ['allow-origin', undefined, 'an origin besides the relay\'s own that may read (repeat, or comma-separated; * for any)'],
  ['jwt-secret-file', undefined, 'authenticate with JWTs signed HS256 by the secret in this file (>= 32 bytes)'],
  ['jwks-file', undefined, 'authenticate with JWTs signed by a key of this JWKS file'],
  ['jwt-issuer', undefined, 'the JWTs\' required issuer'],
  ['jwt-audience', undefined, 'the JWTs\' required audience'],
  ['tick', '100', 'simulation step in ms (0: none)'],
  ['status-rate', String(DEFAULT_RATES.statusPerSecond), 'simulated grid status changes a second'],
  ['staff-rate', String(DEFAULT_RATES.staffPerSecond), 'simulated staff moves a second'],
  ['event-rate', String(DEFAULT_RATES.eventsPerSecond), 'simulated grid event changes a second'],
  ['alert-every', String(DEFAULT_RATES.alertEverySeconds), 'a simulated alarm every so many seconds (0: none)'],
  ['alert-ack-after', '20', 'the simulation acknowledges its alarms after so many seconds'],
  ['alert-resolve-after', '60', 'and resolves them after so many'],
  ['walk-kmh', '30', 'how fast people dispatched by a work order go to its grid (km/h)'],
  ['due-scale', '1', 'work orders\' times per state × this (a demo: 0.1, ten minutes become one)'],
  ['replay', '1200', 'changes kept for resuming clients'],
  ['snapshot-every', '5000', 'a stored snapshot (and log cut) every so many changes'],
  ['snapshot-every-seconds', '60', 'or this often'],
  ['heartbeat', '5000', 'heartbeat interval in ms'],
  ['limit', undefined, 'stop producing after this seq'],
  ['seed', 'gm-live', 'the simulation\'s random seed'],
  ['max-clients', String(DEFAULT_HUB_LIMITS.clients), 'connections in all'],
  ['max-per-address', String(DEFAULT_HUB_LIMITS.perAddress), 'connections from one address'],
  ['client-buffer-mb', String(DEFAULT_HUB_LIMITS.clientBytes / 2 ** 20), 'unsent output one client may hold before it is dropped'],
  ['total-buffer-mb', String(DEFAULT_HUB_LIMITS.totalBytes / 2 ** 20), 'unsent output all clients may hold (the furthest behind dropped first)'],
  ['max-frame-bytes', String(DEFAULT_HTTP_LIMITS.frameBytes), 'largest incoming WebSocket frame'],
  ['max-messages-per-second', String(DEFAULT_HTTP_LIMITS.messagesPerSecond), 'incoming WebSocket messages a second'],
  ['max-url-bytes', String(DEFAULT_HTTP_LIMITS.urlBytes), 'longest request target'],
  ['max-body-bytes', String(DEFAULT_HTTP_LIMITS.bodyBytes), 'largest POST body'],
];
const FLAGS = [
  ['test-hooks', 'POST /live/advance, /live/inject, /live/drop, /live/stall, /live/hide (tests only)'],
  ['insecure-no-auth', 'no authentication on a non-loopback host (only behind a proxy that authenticates)'],
  ['help', 'this text'],
];

function usage() {
  const rows = [...OPTIONS.map(([name, value, help]) => [`--${name} ${value === undefined ? 'VALUE' : value}`, help]), ...FLAGS.map(([name, help]) => [`--${name}`, help])];
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return `Usage: node server/feed-server.mjs [options]\n\nThe live relay (docs/live-protocol.md).\n\n${rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`).join('\n')}\n`;
}

/** A whole non-negative number from the command line, or a usage error. */
function count(values, name) {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name}: a non-negative number, not ${JSON.stringify(values[name])}`);
  return value;
}

function positive(values, name) {
  const value = Number(values[name]);
  if (!(value > 0)) throw new UsageError(`--${name}: a positive number, not ${JSON.stringify(values[name])}`);
  return value;
}

class UsageError extends Error {}

/** The command line. */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        ...Object.fromEntries(OPTIONS.map(([name, value]) => [name, { type: 'string', ...(value === undefined ? {} : { default: value }), ...(name === 'allow-origin' ? { multiple: true } : {}) }])),
        ...Object.fromEntries(FLAGS.map(([name]) => [name, { type: 'boolean', default: false }])),
      },
    }));
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage());
    return;
  }
  let server;
  try {
    const authenticate =
      values['jwt-secret-file'] || values['jwks-file']
        ? jwtAuthenticator({ secretFile: values['jwt-secret-file'], jwksFile: values['jwks-file'], issuer: values['jwt-issuer'], audience: values['jwt-audience'] })
        : undefined;
    server = await startFeedServer({
      fixture: values.fixture,
      host: values.host,
      port: count(values, 'port'),
      tickMs: count(values, 'tick'),
      rates: {
        statusPerSecond: count(values, 'status-rate'),
        staffPerSecond: count(values, 'staff-rate'),
        eventsPerSecond: count(values, 'event-rate'),
        alertEverySeconds: count(values, 'alert-every'),
        acknowledgeAfterSeconds: count(values, 'alert-ack-after'),
        resolveAfterSeconds: count(values, 'alert-resolve-after'),
        walkKmh: count(values, 'walk-kmh'),
      },
      dueScale: positive(values, 'due-scale'),
      replay: count(values, 'replay'),
      snapshotEvery: count(values, 'snapshot-every'),
      snapshotEveryMs: count(values, 'snapshot-every-seconds') * 1000,
      heartbeatMs: count(values, 'heartbeat'),
      limit: values.limit === undefined ? undefined : count(values, 'limit'),
      store: values.journal ?? values.store,
      allowedOrigins: (values['allow-origin'] ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean),
      authenticate,
      hubLimits: {
        clients: count(values, 'max-clients'),
        perAddress: count(values, 'max-per-address'),
        clientBytes: count(values, 'client-buffer-mb') * 2 ** 20,
        totalBytes: count(values, 'total-buffer-mb') * 2 ** 20,
      },
      httpLimits: {
        frameBytes: count(values, 'max-frame-bytes'),
        messagesPerSecond: count(values, 'max-messages-per-second'),
        urlBytes: count(values, 'max-url-bytes'),
        bodyBytes: count(values, 'max-body-bytes'),
      },
      seed: values.seed,
      testHooks: values['test-hooks'],
      insecureNoAuth: values['insecure-no-auth'],
    });
  } catch (error) {
    process.stderr.write(`feed server: ${error instanceof UsageError ? `${error.message}\n\n${usage()}` : error.message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
  const { relay } = server;
  if (server.allowsAnyOrigin) jsonLog('warn', 'every origin may read (--allow-origin *)');
  jsonLog('info', `feed server: listening on ${server.url} (SSE ${server.url}/live/sse, WebSocket ws://${values.host}:${server.port}/live/ws) from seq ${relay.seq}`, {
    epoch: relay.epoch,
    store: relay.store.kind,
    authentication: values['jwt-secret-file'] || values['jwks-file'] ? 'jwt' : 'none',
  });
  const stop = (signal) => {
    jsonLog('info', 'feed server: stopping', { signal, seq: relay.seq, clients: server.hub.clients.size });
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
