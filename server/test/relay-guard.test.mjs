// The relay against hostile and unauthorised clients (issue 31's probes, each of which broke or
// leaked on the demo feed): malformed targets, --help, clients that never read, big frames,
// floods, foreign origins, missing or weak tokens. Real servers on loopback, bounded clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SignJWT } from 'jose';
import { startFeedServer } from '../feed-server.mjs';
import { jwtAuthenticator } from '../relay/access.mjs';

const FIXTURE = 'fixtures/out/sample';
const quiet = () => {};
const start = (options = {}) => startFeedServer({ fixture: FIXTURE, port: 0, tickMs: 0, heartbeatMs: 60000, log: quiet, ...options });

/** A raw HTTP request (the target exactly as given), resolving to the status line. */
function rawRequest(port, target) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let out = '';
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out.split('\r\n')[0]));
    socket.on('error', reject);
    socket.setTimeout(5000, () => reject(new Error('no answer')));
  });
}

/** Opens a WebSocket; resolves with {socket, messages} once open, or rejects with the HTTP status. */
function openSocket(url, options = {}, protocols = undefined) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, options);
    const messages = [];
    socket.on('message', (d) => messages.push(JSON.parse(String(d))));
    socket.on('open', () => resolve({ socket, messages }));
    socket.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    socket.on('error', reject);
  });
}

const until = async (check, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a malformed request target is a 400 and the relay keeps serving', async () => {
  const server = await start();
  try {
    for (const target of ['//a:99999/', '//[/', 'http://[/', '*', '/live/%']) {
      assert.match(await rawRequest(server.port, target), /^HTTP\/1\.1 4\d\d/, target);
    }
    assert.match(await rawRequest(server.port, `/live/state?${'x'.repeat(5000)}`), /^HTTP\/1\.1 414/);
    const health = await fetch(`${server.url}/healthz`).then((r) => r.json());
    assert.equal(health.status, 'ok', 'still up');
  } finally {
    await server.close();
  }
});

test('--help prints the usage and exits 0; a bad number exits 2 with the usage, not a stack trace', () => {
  const help = execFileSync(process.execPath, ['server/feed-server.mjs', '--help'], { encoding: 'utf8' });
  assert.match(help, /^Usage: node server\/feed-server\.mjs/);
  assert.match(help, /--jwt-secret-file/);
  let failure;
  try {
    execFileSync(process.execPath, ['server/feed-server.mjs', '--port', 'abc'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    failure = error;
  }
  assert.equal(failure?.status, 2);
  assert.match(failure.stderr, /--port: a non-negative number/);
  assert.doesNotMatch(failure.stderr, /at .*\.mjs:\d+/, 'no stack trace');
});

test('listening beyond loopback without authentication is refused at start', async () => {
  await assert.rejects(start({ host: '0.0.0.0' }), /without authentication/);
});

test('clients that never read are dropped at the per-client and total caps; the relay stays bounded', async () => {
  const server = await start({
    rates: { statusPerSecond: 20000, staffPerSecond: 20000, eventsPerSecond: 50, alertEverySeconds: 1 },
    hubLimits: { clientBytes: 2 * 2 ** 20, totalBytes: 8 * 2 ** 20 },
  });
  const sockets = [];
  try {
    // 20 raw WebSocket handshakes that never read what they are sent.
    for (let i = 0; i < 20; i++) {
      const socket = connect(server.port, '127.0.0.1');
      socket.write(`GET /live/ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      socket.pause();
      sockets.push(socket);
    }
    await until(() => server.hub.clients.size === 20);
    let peak = 0;
    for (let i = 0; i < 300 && server.hub.clients.size > 0; i++) {
      server.relay.step(100);
      peak = Math.max(peak, server.hub.bufferedBytes());
      await new Promise((r) => setImmediate(r));
    }
    const dropped = server.hub.dropped['too-slow'] + server.hub.dropped['over-total'];
    assert.ok(dropped > 0, 'slow clients are dropped');
    assert.ok(peak <= 8 * 2 ** 20 + 2 * 2 ** 20, `unsent output stays near the total cap (peak ${peak} bytes)`);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /gm_relay_dropped_clients_total\{reason="(too-slow|over-total)"\} [1-9]/);
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
});

test('an incoming frame over the limit closes that socket (1009) without holding it; a flood closes with 1008', async () => {
  const server = await start();
  try {
    const big = await openSocket(`ws://127.0.0.1:${server.port}/live/ws`);
    const closed = new Promise((resolve) => big.socket.on('close', (code) => resolve(code)));
    big.socket.send(Buffer.alloc(1024 * 1024, 97));
    assert.equal(await closed, 1009);
    const chatty = await openSocket(`ws://127.0.0.1:${server.port}/live/ws`);
    const flooded = new Promise((resolve) => chatty.socket.on('close', (code) => resolve(code)));
    for (let i = 0; i < 50; i++) chatty.socket.send('hi');
    assert.equal(await flooded, 1008);
    assert.equal(server.hub.dropped['too-many-messages'], 1);
  } finally {
    await server.close();
  }
});

test('forty connections at once get one shared snapshot, built at most once a second', async () => {
  const server = await start();
  try {
    for (let i = 0; i < 5; i++) server.relay.step();
    const built = server.relay.counters.snapshotsBuilt;
    const clients = await Promise.all(Array.from({ length: 40 }, () => openSocket(`ws://127.0.0.1:${server.port}/live/ws`)));
    await until(() => clients.every((c) => c.messages.length > 0));
    assert.ok(server.relay.counters.snapshotsBuilt - built <= 2, `built ${server.relay.counters.snapshotsBuilt - built} for 40 connections`);
    for (const c of clients) assert.equal(c.messages[0].seq, server.relay.seq, 'each starts at the current seq');
    for (const c of clients) c.socket.close();
  } finally {
    await server.close();
  }
});

test('only the own origin and listed ones may read: other origins get 403 on SSE, state and WebSocket', async () => {
  const server = await start({ allowedOrigins: ['https://wall.example'] });
  try {
    const own = `http://127.0.0.1:${server.port}`;
    const sse = (origin) => fetch(`${server.url}/live/state`, { headers: origin ? { Origin: origin } : {} });
    assert.equal((await sse('https://evil.example')).status, 403);
    const listed = await sse('https://wall.example');
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://wall.example', 'the origin echoed, never *');
    assert.equal((await sse(own)).status, 200, 'same origin');
    assert.equal((await sse()).status, 200, 'no Origin: not a browser');
    await assert.rejects(openSocket(`ws://127.0.0.1:${server.port}/live/ws`, { origin: 'https://evil.example' }), (e) => e.status === 403);
    const ok = await openSocket(`ws://127.0.0.1:${server.port}/live/ws`, { origin: own });
    ok.socket.close();
  } finally {
    await server.close();
  }
});

test('with JWT authentication: no token or a bad one is refused, a read token reads but cannot act, a dispatch token acts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gm-auth-'));
  const secret = 'a-test-secret-of-at-least-32-bytes!!';
  writeFileSync(join(dir, 'secret'), secret);
  const key = new TextEncoder().encode(secret);
  const token = (scope, sub = 'operator-1') => new SignJWT({ scope }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('5m').sign(key);
  const server = await start({ authenticate: jwtAuthenticator({ secretFile: join(dir, 'secret') }) });
  try {
    const reader = await token('live:read');
    const dispatcher = await token('live:read live:dispatch');
    const forged = await new SignJWT({ scope: 'live:read live:dispatch' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'));
    assert.equal((await fetch(`${server.url}/live/state`)).status, 401);
    assert.equal((await fetch(`${server.url}/live/state`, { headers: { Authorization: `Bearer ${forged}` } })).status, 401);
    assert.equal((await fetch(`${server.url}/live/state`, { headers: { Authorization: `Bearer ${reader}` } })).status, 200);
    assert.equal((await fetch(`${server.url}/live/state?access_token=${reader}`)).status, 200, 'a URL token (for EventSource)');
    assert.equal((await fetch(`${server.url}/live/state`, { headers: { Cookie: `gm_live_token=${reader}` } })).status, 200, 'a cookie');
    await assert.rejects(openSocket(`ws://127.0.0.1:${server.port}/live/ws`), (e) => e.status === 401);
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/live/ws`, {}, ['gm-live', `bearer.${reader}`]);
    assert.equal(ws.socket.protocol, 'gm-live');
    await until(() => ws.messages.length > 0);
    ws.socket.close();
    const alert = [...server.relay.state.alerts.keys()][0];
    const act = (bearer, key) =>
      fetch(`${server.url}/live/actions`, { method: 'POST', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ key, action: 'acknowledge', alert }) });
    assert.equal((await act(reader, 'key-read-0001')).status, 403, 'a read-only token cannot dispatch');
    const done = await act(dispatcher, 'key-disp-0001');
    assert.equal(done.status, 200);
    assert.equal(server.relay.state.alerts.get(alert).acknowledged, true);
  } finally {
    await server.close();
  }
});

test('actions: validated, idempotent by key, refused with a reason', async () => {
  const server = await start();
  const post = (body, type = 'application/json') => fetch(`${server.url}/live/actions`, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  try {
    const alert = [...server.relay.state.alerts.keys()][0];
    const first = await post({ key: 'ack-0000001', action: 'acknowledge', alert });
    const firstBody = await first.json();
    assert.equal(first.status, 200);
    const again = await post({ key: 'ack-0000001', action: 'acknowledge', alert }).then((r) => r.json());
    assert.equal(again.seq, firstBody.seq, 'the same key: the first answer');
    assert.equal(again.replayed, true);
    assert.equal(server.relay.seq, firstBody.seq, 'applied once');
    const cases = [
      [{ key: 'ack-0000002', action: 'acknowledge', alert }, 409, 'invalid-transition'],
      [{ key: 'ack-0000003', action: 'acknowledge', alert: 'no-such-alert' }, 404, 'unknown-alert'],
      [{ key: 'ack-0000004', action: 'explode', alert }, 400, 'unknown-action'],
      [{ key: 'x', action: 'acknowledge', alert }, 400, 'malformed-action'],
      ['[1,2', 400, 'malformed-action'],
      [[1, 2], 400, 'malformed-action'],
    ];
    for (const [body, status, error] of cases) {
      const res = await post(body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal((await res.json()).error, error);
    }
    assert.equal((await post('{}', 'text/plain')).status, 415);
    assert.equal((await post({ key: 'big-0000001', pad: 'x'.repeat(20000) })).status, 413);
    const resolved = await post({ key: 'res-0000001', action: 'resolve', alert });
    assert.equal(resolved.status, 200);
    assert.equal(server.relay.state.alerts.has(alert), false);
  } finally {
    await server.close();
  }
});

test('connections per address are capped (429); /healthz and /metrics answer', async () => {
  const server = await start({ hubLimits: { perAddress: 3 } });
  try {
    const open = await Promise.all([1, 2, 3].map(() => openSocket(`ws://127.0.0.1:${server.port}/live/ws`)));
    await assert.rejects(openSocket(`ws://127.0.0.1:${server.port}/live/ws`), (e) => e.status === 429);
    assert.equal((await fetch(`${server.url}/live/sse`)).status, 429);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /^gm_relay_clients\{transport="ws"\} 3$/m);
    assert.match(metrics, /^gm_relay_seq \d+$/m);
    assert.match(metrics, /gm_relay_refused_total\{reason="too many connections from this address"\} 2/);
    for (const c of open) c.socket.close();
  } finally {
    await server.close();
  }
});

test('a graceful stop tells WebSocket clients to reconnect (1012, service restart)', async () => {
  const server = await start();
  const { socket } = await openSocket(`ws://127.0.0.1:${server.port}/live/ws`);
  const code = new Promise((resolve) => socket.on('close', (c) => resolve(c)));
  await server.close();
  assert.equal(await code, 1012);
});

test('a client from another epoch gets a snapshot, not a replay; heartbeats carry the epoch', async () => {
  const server = await start();
  try {
    for (let i = 0; i < 5; i++) server.relay.step();
    const seq = server.relay.seq;
    const same = await openSocket(`ws://127.0.0.1:${server.port}/live/ws?since=${seq - 2}&epoch=${server.relay.epoch}`);
    const other = await openSocket(`ws://127.0.0.1:${server.port}/live/ws?since=${seq - 2}&epoch=another-log`);
    await until(() => same.messages.length >= 2 && other.messages.length >= 1);
    assert.deepEqual(same.messages.map((m) => m.seq), [seq - 1, seq]);
    assert.equal(other.messages[0].type, 'snapshot');
    assert.equal(other.messages[0].epoch, server.relay.epoch);
    server.relay.heartbeat();
    await until(() => same.messages.some((m) => m.type === 'heartbeat'));
    assert.equal(same.messages.find((m) => m.type === 'heartbeat').epoch, server.relay.epoch);
    same.socket.close();
    other.socket.close();
  } finally {
    await server.close();
  }
});


test('the deployment command of docs/live-protocol.md runs as written (paths and address made local): JWKS tokens, the listed origin', async () => {
  const { readFileSync } = await import('node:fs');
  const { exportJWK, generateKeyPair } = await import('jose');
  const { killRelay, spawnRelay } = await import('./relay-process.mjs');
  const doc = readFileSync('docs/live-protocol.md', 'utf8');
  const block = /## Running the relay for a city\n\n```sh\n([\s\S]*?)```/.exec(doc)[1];
  const dir = mkdtempSync(join(tmpdir(), 'gm-doc-'));
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'sso-1' }] }));
  const args = block
    .replace(/\\\n\s*/g, ' ')
    .trim()
    .split(/\s+/)
    .slice(2) // node server/feed-server.mjs
    .map((a) => a.replace('/var/lib/gm-relay/relay.sqlite', join(dir, 'relay.sqlite')).replace('/etc/gm-relay/sso-jwks.json', join(dir, 'jwks.json')).replace('10.0.0.5', '127.0.0.1').replace(/^5174$/, '0'));
  const relay = await spawnRelay(['--fixture', FIXTURE, ...args]);
  try {
    const issuer = args[args.indexOf('--jwt-issuer') + 1];
    const origin = args[args.indexOf('--allow-origin') + 1];
    const token = await new SignJWT({ scope: 'live:read' }).setProtectedHeader({ alg: 'ES256', kid: 'sso-1' }).setIssuer(issuer).setSubject('wall').setExpirationTime('1m').sign(privateKey);
    assert.equal((await fetch(`${relay.url}/live/state`, { headers: { Origin: origin } })).status, 401);
    const ok = await fetch(`${relay.url}/live/state`, { headers: { Origin: origin, Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), origin);
    assert.equal((await fetch(`${relay.url}/live/state`, { headers: { Origin: 'https://elsewhere.example', Authorization: `Bearer ${token}` } })).status, 403);
  } finally {
    await killRelay(relay);
  }
});

test('a barrage of malformed requests on every path: each answered below 500, the relay still serving', async () => {
  const server = await start({ allowedOrigins: ['https://wall.example'] });
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const paths = ['/live/sse', '/live/ws', '/live/state', '/live/actions', '/healthz', '/metrics', '/live/advance', '/', '/%2e%2e/etc/passwd', '/live/sse/../state'];
  const queries = ['', '?since=-1', '?since=1e400', '?since=abc', '?since=5&epoch=' + 'e'.repeat(500), '?since=%ff', '?access_token=' + 'x'.repeat(3000), '?since=1&since=2'];
  const bodies = ['', '{', 'null', '[]', '{"key":"k-12345678","action":"acknowledge","alert":{}}', '{"key":"k-12345678","action":"__proto__","alert":"a"}', '{"key":"k-12345678","action":"constructor","alert":"a"}', JSON.stringify({ key: 'k-'.repeat(100), action: 'resolve', alert: 'x' })];
  const statuses = new Map();
  try {
    for (let i = 0; i < 200; i++) {
      const path = pick(paths) + pick(queries);
      const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']);
      const headers = { 'Content-Type': pick(['application/json', 'text/plain', 'application/json; charset=utf-8']), ...(random() < 0.3 ? { Origin: pick(['https://wall.example', 'https://evil.example', 'null', '%%%']) } : {}), ...(random() < 0.2 ? { Authorization: pick(['Bearer', 'Bearer x.y.z', 'Basic abc']) } : {}), ...(random() < 0.2 ? { 'Last-Event-ID': pick(['-5', 'zz', '99999999999999999999']) } : {}) };
      const controller = new AbortController();
      const res = await fetch(`${server.url}${path}`, { method, headers, body: method === 'POST' || method === 'PUT' ? pick(bodies) : undefined, signal: controller.signal });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok(res.status < 500, `${method} ${path.slice(0, 80)}: ${res.status}`);
      controller.abort(); // an event stream does not end by itself
    }
    for (const target of ['/live/ws?since=%zz', '/live/ws?' + 'x'.repeat(5000), '//live/ws']) {
      await openSocket(`ws://127.0.0.1:${server.port}${target}`).then(
        (c) => c.socket.close(),
        (e) => assert.ok(!e.status || e.status < 500, `${target.slice(0, 40)}: ${e.status}`),
      );
    }
    const health = await fetch(`${server.url}/healthz`).then((r) => r.json());
    assert.equal(health.status, 'ok');
    assert.ok(statuses.size > 3, `answers: ${JSON.stringify([...statuses])}`);
  } finally {
    await server.close();
  }
});
