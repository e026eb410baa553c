// The relay's HTTP and WebSocket front: every request path parses its target defensively
// (400, never a crash), checks the Origin and the token before any data leaves, and answers bad
// input with a 4xx. Routes: GET /live/sse, WebSocket /live/ws, GET /live/state, POST /live/actions,
// GET /healthz, GET /metrics, and the test hooks when enabled.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { OPEN_GRANT, originAllowed, tokenOf } from './access.mjs';
import { CLOSE } from './client-hub.mjs';
import { applyAction } from './actions.mjs';
import { metricsText } from './metrics.mjs';

/**
 * @typedef {object} HttpLimits
 * @property {number} urlBytes            request target, default 4096 (414 beyond)
 * @property {number} bodyBytes           POST body, default 16 KiB (413 beyond)
 * @property {number} frameBytes          an incoming WebSocket frame, default 4 KiB (closed 1009 beyond)
 * @property {number} messagesPerSecond   incoming WebSocket messages a second, default 10 (closed 1008 beyond)
 */
export const DEFAULT_HTTP_LIMITS = { urlBytes: 4096, bodyBytes: 16 * 1024, frameBytes: 4096, messagesPerSecond: 10 };

/**
 * @param {object} deps
 * @param {import('./relay.mjs').Relay} deps.relay
 * @param {import('./client-hub.mjs').ClientHub} deps.hub
 * @param {string[]} deps.allowedOrigins
 * @param {((token: string | undefined, req: import('node:http').IncomingMessage) => Promise<import('./access.mjs').Grant | undefined>) | undefined} deps.authenticate undefined: open
 * @param {Partial<HttpLimits>} [deps.limits]
 * @param {boolean} [deps.testHooks]
 * @param {(level: string, msg: string, fields?: object) => void} deps.log
 */
export function createRelayServer(deps) {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits };
  const context = { ...deps, limits, refused: {} };
  const server = createServer((req, res) => {
    handle(context, req, res).catch((error) => {
      deps.log('error', 'request failed', { path: safePath(req), error: String(error?.stack ?? error) });
      if (!res.headersSent) reply(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  // Node's own parser errors (a malformed request line or header): 400 and the socket closed.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.frameBytes, handleProtocols: (protocols) => (protocols.has('gm-live') ? 'gm-live' : false) });
  server.on('upgrade', (req, socket, head) => {
    upgrade(context, wss, req, socket, head).catch((error) => {
      deps.log('error', 'upgrade failed', { error: String(error?.stack ?? error) });
      socket.destroy();
    });
  });
  return { server, wss, refused: context.refused };
}

async function handle(context, req, res) {
  const url = parseTarget(req, context.limits);
  if (typeof url === 'number') return reply(res, url, { error: url === 414 ? 'target too long' : 'malformed target' });
  if (!originAllowed(req, context.allowedOrigins)) return refuse(context, res, 403, 'origin-refused');
  allowCors(req, res);
  const path = url.pathname;
  if (req.method === 'OPTIONS') return preflight(res);
  if (req.method === 'GET' && path === '/healthz') return reply(res, 200, { status: 'ok', epoch: context.relay.epoch, seq: context.relay.seq });
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Cache-Control': 'no-store' });
    return res.end(metricsText(context));
  }
  if (path === '/live/sse' || path === '/live/state' || path === '/live/actions') {
    const grant = await grantOf(context, req, url);
    if (!grant) return refuse(context, res, 401, 'unauthenticated');
    if (req.method === 'GET' && path === '/live/sse') return grant.read ? serveEvents(context, url, req, res, grant) : refuse(context, res, 403, 'no-read-right');
    if (req.method === 'GET' && path === '/live/state') {
      if (!grant.read) return refuse(context, res, 403, 'no-read-right');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(context.relay.snapshotBytes());
    }
    if (req.method === 'POST' && path === '/live/actions') {
      if (!grant.dispatch) return refuse(context, res, 403, 'no-dispatch-right');
      return postAction(context, req, res, grant);
    }
    return reply(res, 405, { error: 'method not allowed' });
  }
  if (req.method === 'POST' && context.testHooks && path.startsWith('/live/')) return testHook(context, url, req, res);
  return reply(res, 404, { error: 'not found' });
}

/** The request target as a URL, or the status to answer: 414 too long, 400 unparsable. */
function parseTarget(req, limits) {
  const target = req.url ?? '';
  if (target.length > limits.urlBytes) return 414;
  if (!target.startsWith('/')) return 400;
  try {
    // Prefixed, not resolved against a base: `//a:99999/` is a path here, not a host.
    return new URL(`http://relay.invalid${target}`);
  } catch {
    return 400;
  }
}

function safePath(req) {
  return String(req.url ?? '').slice(0, 200);
}

async function grantOf(context, req, url) {
  if (!context.authenticate) return OPEN_GRANT;
  return context.authenticate(tokenOf(req, url), req);
}

function refuse(context, res, status, reason) {
  context.refused[reason] = (context.refused[reason] ?? 0) + 1;
  return reply(res, status, { error: reason });
}

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The allowed Origin echoed (never `*`: credentials may be sent). */
function allowCors(req, res) {
  if (!req.headers.origin) return;
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
}

function preflight(res) {
  res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID', 'Access-Control-Max-Age': '600' });
  res.end();
}

/** `?since=N` (or SSE's Last-Event-ID): a non-negative integer, else undefined (a snapshot). */
function sinceOf(url, lastEventId) {
  const raw = url.searchParams.get('since') ?? lastEventId;
  const since = raw === undefined || raw === null || raw === '' ? NaN : Number(raw);
  return Number.isSafeInteger(since) && since >= 0 ? since : undefined;
}

/** `?epoch=`: the log the client's `since` belongs to (another one means a snapshot). */
function epochOf(url) {
  const epoch = url.searchParams.get('epoch');
  return epoch && epoch.length <= 64 ? epoch : undefined;
}

function serveEvents(context, url, req, res) {
  const address = req.socket.remoteAddress ?? '?';
  const full = context.hub.refusal(address);
  if (full) return refuse(context, res, 429, full);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3600000\n\n'); // the client reconnects itself (with `since`), not EventSource
  const client = {
    address,
    transport: 'sse',
    // A message is one line of JSON: one `data:` field, the shared bytes written as they are.
    send: (seq, text) => {
      res.write(seq === undefined ? 'data: ' : `id: ${seq}\ndata: `);
      // (Only the test hook's raw text can have line breaks: each line is a `data:` field.)
      res.write(typeof text === 'string' && text.includes('\n') ? text.replaceAll('\n', '\ndata: ') : text);
      res.write('\n\n');
    },
    close: () => res.destroy(),
    buffered: () => res.writableLength,
  };
  req.on('close', () => context.hub.remove(client));
  context.relay.attach(client, sinceOf(url, req.headers['last-event-id']), epochOf(url));
}

async function upgrade(context, wss, req, socket, head) {
  const deny = (status, reason) => {
    context.refused[reason] = (context.refused[reason] ?? 0) + 1;
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
  };
  const url = parseTarget(req, context.limits);
  if (typeof url === 'number') return deny(url, url === 414 ? 'target too long' : 'malformed target');
  if (url.pathname !== '/live/ws') return deny(404, 'not found');
  if (!originAllowed(req, context.allowedOrigins)) return deny(403, 'origin-refused');
  const grant = await grantOf(context, req, url);
  if (!grant) return deny(401, 'unauthenticated');
  if (!grant.read) return deny(403, 'no-read-right');
  const address = req.socket.remoteAddress ?? '?';
  const full = context.hub.refusal(address);
  if (full) return deny(429, full);
  wss.handleUpgrade(req, socket, head, (ws) => attachSocket(context, ws, url, address));
}

function attachSocket(context, ws, url, address) {
  const client = {
    address,
    transport: 'ws',
    send: (_seq, text) => ws.send(text, { binary: false }),
    close: (code = CLOSE.restart, reason = '') => ws.close(code, reason),
    buffered: () => ws.bufferedAmount,
  };
  // The protocol has nothing for a client to say: a few messages a second are tolerated, a flood closes it.
  let window = Date.now();
  let count = 0;
  ws.on('message', () => {
    const now = Date.now();
    if (now - window >= 1000) [window, count] = [now, 0];
    if (++count > context.limits.messagesPerSecond) context.hub.drop(client, 'too-many-messages');
  });
  ws.on('close', () => context.hub.remove(client));
  ws.on('error', () => context.hub.remove(client));
  context.relay.attach(client, sinceOf(url), epochOf(url));
}

async function postAction(context, req, res, grant) {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return reply(res, 415, { error: 'send application/json' });
  const body = await readBody(req, context.limits.bodyBytes);
  if (body === undefined) return reply(res, 413, { error: 'body too large' });
  let action;
  try {
    action = JSON.parse(body);
  } catch {
    return reply(res, 400, { error: 'malformed-action', message: 'the body is not JSON' });
  }
  const outcome = await applyAction(context.relay, action, grant);
  if (outcome.status === 200) context.log('info', 'action', { by: grant.subject, action: action.action, key: action.key, seq: outcome.body.seq });
  return reply(res, outcome.status, outcome.body);
}

/**
 * The body as text, or undefined when it passes `max` bytes: the rest is read and thrown away
 * until the 413 is sent (a client cut off mid-body sees a reset, not the answer), and a body
 * that goes on past 4 × `max` is cut off.
 */
function readBody(req, max) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (size > 4 * max) req.destroy();
      else if (chunks.length) {
        chunks.length = 0;
        resolve(undefined);
      }
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(undefined));
    req.on('error', reject);
  });
}

/** Hooks for the tests: produce now, send raw text, drop every client, stop writing to them a while, or send only heartbeats a while. */
async function testHook(context, url, req, res) {
  const { relay, hub } = context;
  const done = (body) => reply(res, 200, body);
  if (url.pathname === '/live/advance') {
    const n = Math.min(10_000, Number(url.searchParams.get('n') ?? 1) || 0);
    if (url.searchParams.has('drop')) hub.closeAll(CLOSE.restart, 'test');
    for (let i = 0; i < n; i++) relay.step();
    return done({ seq: relay.seq });
  }
  if (url.pathname === '/live/drop') {
    hub.closeAll(CLOSE.restart, 'test');
    return done({ seq: relay.seq });
  }
  if (url.pathname === '/live/stall') {
    const until = Date.now() + Number(url.searchParams.get('ms') ?? 10000);
    for (const client of hub.clients) client.stalledUntil = until;
    return done({ seq: relay.seq });
  }
  if (url.pathname === '/live/hide') {
    hub.changesHiddenUntil = Date.now() + Number(url.searchParams.get('ms') ?? 10000);
    return done({ seq: relay.seq });
  }
  if (url.pathname === '/live/inject') {
    const body = await readBody(req, 1024 * 1024);
    if (body === undefined) return reply(res, 413, { error: 'body too large' });
    for (const client of hub.clients) client.send(undefined, body);
    return done({ seq: relay.seq });
  }
  return reply(res, 404, { error: 'not found' });
}
