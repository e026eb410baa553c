import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import './live.js';
import '../staff/staff.js';
import '../events/events.js';
import type { GmLive } from './live.component.js';
import type { GmMap } from '../map/map.component.js';
import type { GmLiveStatusDetail, GmLiveUpdateDetail, GmErrorDetail } from '../../event-types.js';
import type { Board } from '../../model/board.js';
import { STATUS_RANK, type GridStatus } from '../../model/grid-status.js';
import { LiveSequence, type SequencedMessage } from '../../model/live-sequence.js';
import { cleanup, createMap, drawn, labelOf, pixelAt, sleep, token, until } from '../../../test/harness/map-harness.js';

interface Feed {
  id: string;
  url: string;
  port: number;
  journal: string;
}
interface ServerState {
  seq: number;
  statuses: { boards: Board[]; statuses: GridStatus[]; grids: Record<string, number[]> };
  staff: { id: string; lngLat: [number, number]; updatedAt: string; status: string }[];
  events: { id: string; status: string }[];
  alerts: { id: string; acknowledged: boolean; gridCode?: string }[];
}

/** A real feed server (server/feed-server.mjs) on loopback, over the sample fixture. */
const startFeed = (args: string[], reuse: Partial<Feed> = {}) => executeServerCommand<Feed, object>('feed-start', { args, ...reuse });
const killFeed = (feed: Feed) => executeServerCommand('feed-kill', { id: feed.id });
const hook = async (feed: Feed, path: string, body?: string) => (await fetch(`${feed.url}${path}`, { method: 'POST', body })).json();
const serverState = async (feed: Feed): Promise<ServerState> => (await fetch(`${feed.url}/live/state`)).json();


interface Mounted {
  map: GmMap;
  live: GmLive;
  updates: GmLiveUpdateDetail[];
  states: GmLiveStatusDetail[];
  errors: GmErrorDetail[];
}

/** A map on the sample with `<gm-staff>`, `<gm-events>` and a `<gm-live>` on `src`; resolves when the map is ready. */
async function mountLive(src: string, liveProps: Partial<GmLive> = {}, mapProps: Partial<GmMap> = {}): Promise<Mounted> {
  const map = createMap(mapProps);
  const live = document.createElement('gm-live');
  Object.assign(live, { src, ...liveProps });
  const mounted: Mounted = { map, live, updates: [], states: [], errors: [] };
  live.addEventListener('gm-live-update', (e) => mounted.updates.push(e.detail));
  live.addEventListener('gm-live-status', (e) => mounted.states.push(e.detail));
  map.addEventListener('gm-error', (e) => mounted.errors.push(e.detail));
  map.append(document.createElement('gm-staff'), document.createElement('gm-events'), live);
  document.body.append(map);
  await map.ready;
  return mounted;
}

/**
 * Waits until the server has stopped producing (at its `--limit`, or a server stepped by hand) and
 * the element applied everything up to the server's seq. Returns the server's state then.
 */
async function caughtUp({ live, updates }: Mounted, feed: Feed, limit?: number): Promise<ServerState> {
  let state = await serverState(feed);
  for (; limit !== undefined && state.seq < limit; state = await serverState(feed)) await sleep(100);
  await until(() => updates.at(-1)?.toSeq === state.seq || (live.lastSeq ?? -1) > state.seq, `seq ${state.seq} applied`);
  return state;
}

/** The map's and layers' state equals the server's: every grid on every board, every person, event and alert. */
function expectSameState({ map, live }: Mounted, state: ServerState): void {
  expect(live.lastSeq, 'last seq').to.equal(state.seq);
  const { boards, statuses, grids } = state.statuses;
  const wrong: string[] = [];
  for (const [code, row] of Object.entries(grids)) {
    row.forEach((s, b) => map.statusOf(code, boards[b]) !== statuses[s] && wrong.push(`${code}/${boards[b]}`));
  }
  expect(wrong, 'grid statuses differing from the server').to.deep.equal([]);
  const staff = map.querySelector('gm-staff')!;
  expect(staff.all().length, 'staff').to.equal(state.staff.length);
  const misplaced = state.staff.filter((s) => {
    const held = staff.get(s.id);
    return !held || held.lngLat.join() !== s.lngLat.join() || held.updatedAt !== s.updatedAt || held.status !== s.status;
  });
  expect(misplaced.map((s) => s.id), 'staff differing').to.deep.equal([]);
  const events = map.querySelector('gm-events')!;
  expect(events.all().length, 'events').to.equal(state.events.length);
  expect(state.events.filter((e) => events.get(e.id)?.status !== e.status).map((e) => e.id), 'events differing').to.deep.equal([]);
  const alerts = (list: { id: string; acknowledged: boolean }[]) => list.map((a) => `${a.id}:${a.acknowledged}`).sort();
  expect(alerts(map.alerts), 'alerts').to.deep.equal(alerts(state.alerts));
}

/** Every seq from the first snapshot on was applied exactly once, in order. */
function expectEachOnce(updates: GmLiveUpdateDetail[]): void {
  expect(updates[0]?.snapshot, 'starts from a snapshot').to.equal(true);
  for (let i = 1; i < updates.length; i++) {
    const { fromSeq, snapshot } = updates[i];
    if (snapshot) expect(fromSeq, `snapshot ${i}`).to.be.at.least(updates[i - 1].toSeq);
    else expect(fromSeq, `update ${i} follows update ${i - 1}`).to.equal(updates[i - 1].toSeq + 1);
  }
}

describe('<gm-live>', function () {
  this.timeout(90000);
  afterEach(async () => {
    cleanup();
    await executeServerCommand('feed-stop-all');
  });

  it('orders messages: holds those ahead of a gap, drops duplicates, starts from a snapshot', () => {
    const sequence = new LiveSequence();
    const out: SequencedMessage[] = [];
    const status = (seq: number) => ({ seq, type: 'status' as const, updates: [] });
    expect(sequence.accept(status(1), out), 'a delta before any snapshot').to.equal('ignored');
    expect(sequence.accept({ seq: 4, type: 'snapshot' }, out)).to.equal('ready');
    expect(sequence.accept(status(4), out), 'in the snapshot already').to.equal('duplicate');
    expect(sequence.accept(status(6), out)).to.equal('held');
    expect(sequence.accept({ type: 'heartbeat', seq: 6 }, out), 'heartbeat ahead').to.equal('behind');
    expect(sequence.accept(status(5), out), 'fills the gap').to.equal('ready');
    expect(out.map((m) => m.seq)).to.deep.equal([4, 5, 6]);
    expect(sequence.last).to.equal(6);
    expect(sequence.accept({ type: 'heartbeat', seq: 6 }, out), 'heartbeat in step').to.equal('ignored');
  });

  it('takes a log that started over: another epoch, or a seq gone backwards, is a resync', () => {
    const sequence = new LiveSequence();
    const out: SequencedMessage[] = [];
    expect(sequence.accept({ seq: 40, type: 'snapshot', epoch: 'a' }, out)).to.equal('ready');
    expect(sequence.epoch).to.equal('a');
    expect(sequence.accept({ type: 'heartbeat', seq: 40, epoch: 'a' }, out)).to.equal('ignored');
    expect(sequence.accept({ type: 'heartbeat', seq: 90, epoch: 'b' }, out), 'a heartbeat of another log').to.equal('resync');
    expect(sequence.last, 'the position is forgotten: the resume asks for a snapshot').to.equal(undefined);
    expect(sequence.accept({ type: 'heartbeat', seq: 90, epoch: 'b' }, out), 'a heartbeat with no snapshot yet: it was lost').to.equal('behind');
    expect(sequence.accept({ seq: 3, type: 'snapshot', epoch: 'b' }, out)).to.equal('ready');
    expect(sequence.accept({ seq: 2, type: 'snapshot', epoch: 'c' }, out), 'a snapshot of another log, whatever its seq').to.equal('resync');
    expect(sequence.last).to.equal(2);
    expect(sequence.accept({ seq: 1, type: 'snapshot' }, out), 'a server without epochs whose seq went backwards').to.equal('resync');
    expect(sequence.accept({ type: 'status', seq: 2, updates: [] }, out)).to.equal('ready');
    expect(sequence.accept({ type: 'heartbeat', seq: 0 }, out), 'a heartbeat behind what was applied').to.equal('resync');
  });

  it('follows a Server-Sent Events feed until its state equals the server’s, and draws it', async () => {
    const feed = await startFeed(['--tick', '50', '--status-rate', '2000', '--staff-rate', '400', '--event-rate', '20', '--alert-every', '0.3', '--alert-ack-after', '0.6', '--alert-resolve-after', '1.5', '--limit', '150']);
    const mounted = await mountLive(`${feed.url}/live/sse`, {}, { detail: 'grid' });
    const state = await caughtUp(mounted, feed, 150);
    expect(state.seq).to.equal(150);
    expectSameState(mounted, state);
    expectEachOnce(mounted.updates);
    expect(mounted.live.stats.applied, 'applied once each').to.equal(mounted.updates.length && 150 - mounted.updates[0].fromSeq + 1);
    expect(mounted.errors, 'no errors').to.deep.equal([]);

    // Drawn: each sampled grid (none flashing) shows the worst of its boards' statuses.
    const { map } = mounted;
    const m = map.getMap()!;
    // Everything but the fills, custom layers too (getStyle() does not list those): staff dots, alert pulses.
    const ids = [...m.getStyle().layers.map((l) => l.id), 'gm-staff-dots', 'gm-alert-area-fill', 'gm-alert-pulse'];
    for (const id of ids) if (/label|line|staff|events|alert/.test(id) && m.getLayer(id)) m.setLayoutProperty(id, 'visibility', 'none');
    await drawn(map);
    const flashing = new Set(state.alerts.map((a) => a.gridCode));
    const sample = Object.entries(state.statuses.grids).filter(([code]) => !flashing.has(code)).slice(0, 60);
    const worst = (row: number[]) => row.map((s) => state.statuses.statuses[s]).reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a));
    const shown = new Set<string>();
    for (const [code, row] of sample) {
      const expected = token(map, `--gm-status-${worst(row)}`);
      const drawnColor = pixelAt(m, await labelOf(code));
      shown.add(worst(row));
      expect(drawnColor.every((c, i) => Math.abs(c - expected[i]) <= 12), `${code} drawn ${drawnColor} for ${worst(row)} ${expected}`).to.equal(true);
    }
    expect(shown.size, 'the sample shows several statuses').to.be.at.least(2);
  });

  it('loses and repeats nothing when the server is killed and restarted mid-stream (WebSocket)', async () => {
    const args = ['--tick', '50', '--status-rate', '400', '--staff-rate', '200', '--event-rate', '10', '--alert-every', '1', '--limit', '600', '--replay', '2000'];
    let feed = await startFeed(args);
    const mounted = await mountLive(`ws://127.0.0.1:${feed.port}/live/ws`, { maxBackoff: 2 });
    await until(() => mounted.live.state === 'connected', 'connected');
    for (let kill = 0; kill < 3; kill++) {
      await sleep(300 + Math.random() * 1200);
      await killFeed(feed);
      await sleep(200 + Math.random() * 1500);
      feed = await startFeed(args, { port: feed.port, journal: feed.journal });
      // Streaming again (its backoff may wait up to 2 s) before the next kill: each kill is an outage of its own.
      const restartedAt = (await serverState(feed)).seq;
      await until(() => (mounted.live.lastSeq ?? 0) > restartedAt, `streaming after restart ${kill + 1}`);
    }
    const state = await caughtUp(mounted, feed, 600);
    expect(state.seq).to.equal(600);
    expectSameState(mounted, state);
    expectEachOnce(mounted.updates);
    expect(mounted.live.stats.snapshots, 'resumed by replay, never by snapshot').to.equal(1);
    expect(mounted.live.stats.reconnects, 'reconnected after each kill').to.be.at.least(3);
    expect(mounted.errors.filter((e) => e.reason === 'live-unreachable').length, 'reported once per outage').to.equal(3);
  });

  it('resyncs within 5 s with a server restarted on a new log (new epoch, lower seq), and its badge says so', async () => {
    const args = ['--store', 'memory', '--tick', '50', '--status-rate', '400', '--staff-rate', '100', '--heartbeat', '500'];
    let feed = await startFeed(args);
    const mounted = await mountLive(`ws://127.0.0.1:${feed.port}/live/ws`, { maxBackoff: 1 });
    await until(() => (mounted.live.lastSeq ?? 0) > 150, 'well into the first log');
    await killFeed(feed);
    // The new log is still (no simulation until advanced): the client's seq is far ahead of it.
    // Before epochs the client dropped everything as duplicates and its badge said "live".
    feed = await startFeed(args.map((a, i) => (args[i - 1] === '--tick' ? '0' : a)), { port: feed.port });
    const restarted = performance.now();
    await hook(feed, '/live/advance?n=5');
    await until(() => mounted.live.stats.resyncs >= 1 && mounted.updates.at(-1)!.toSeq < 150, 'resynced to the new log', 5000);
    expect(performance.now() - restarted).to.be.below(5000);
    const resync = mounted.updates.find((u) => u.resync)!;
    expect(resync.snapshot, 'by a snapshot').to.equal(true);
    const state = await caughtUp(mounted, feed);
    expectSameState(mounted, state);
    await mounted.live.updateComplete;
    const badge = mounted.live.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ');
    expect(badge).to.contain('实时').and.to.contain('已重新同步');
  });

  it('sends its token: refused without one, following with one from tokenProvider (WebSocket and SSE)', async () => {
    const { SignJWT } = await import('jose');
    const secret = (await (await fetch('/test/harness/relay-test-secret.txt')).text()).trim();
    const feed = await startFeed(['--tick', '50', '--status-rate', '400', '--staff-rate', '100', '--jwt-secret-file', 'test/harness/relay-test-secret.txt']);
    const refused = await mountLive(`ws://127.0.0.1:${feed.port}/live/ws`, { maxBackoff: 1 });
    await until(() => refused.errors.some((e) => e.reason === 'live-unreachable'), 'refused without a token');
    expect(refused.updates.length, 'nothing read').to.equal(0);
    cleanup();
    let asked = 0;
    const tokenProvider = () => {
      asked++;
      return new SignJWT({ scope: 'live:read' }).setProtectedHeader({ alg: 'HS256' }).setSubject('wall-1').setExpirationTime('2m').sign(new TextEncoder().encode(secret));
    };
    for (const src of [`ws://127.0.0.1:${feed.port}/live/ws`, `${feed.url}/live/sse`]) {
      const mounted = await mountLive(src, { tokenProvider });
      await until(() => mounted.updates.length > 2, `following ${src.slice(0, 3)} with a token`);
      expect(mounted.errors.filter((e) => e.reason === 'live-unreachable')).to.deep.equal([]);
      cleanup();
    }
    expect(asked, 'a token asked for each connection').to.be.at.least(2);
  });

  it('backs off when heartbeats keep showing the server ahead with nothing arriving, and says so once', async () => {
    const feed = await startFeed(['--tick', '100', '--status-rate', '200', '--staff-rate', '0', '--event-rate', '0', '--alert-every', '0', '--heartbeat', '100']);
    const mounted = await mountLive(`${feed.url}/live/sse`, { maxBackoff: 2 });
    await until(() => mounted.updates.length > 2, 'following');
    // Like a proxy that drops the messages but not the heartbeats, for 5 s.
    await hook(feed, '/live/hide?ms=5000');
    const before = mounted.live.stats.reconnects;
    await sleep(5000);
    const during = mounted.live.stats.reconnects - before;
    // 50 heartbeats ahead in those 5 s: one resume each before; with backoff (0.5, 1, 2, 2 s …) a handful.
    expect(during, 'resumes while hidden').to.be.within(2, 12);
    expect(mounted.errors.filter((e) => e.reason === 'live-behind').length, 'said once').to.equal(1);
    const state = await caughtUp(mounted, feed);
    expect(mounted.live.lastSeq).to.be.at.least(state.seq);
    expect(mounted.errors.filter((e) => e.reason === 'live-behind').length, 'not again once it follows').to.equal(1);
  });

  it('recovers through a snapshot from a gap beyond the replay window', async () => {
    const feed = await startFeed(['--tick', '0', '--status-rate', '1000', '--staff-rate', '100', '--replay', '20', '--heartbeat', '500']);
    const mounted = await mountLive(`${feed.url}/live/sse`);
    await until(() => mounted.updates.length === 1, 'the first snapshot');
    await hook(feed, '/live/advance?n=5');
    await caughtUp(mounted, feed);
    // Every client dropped, then 60 steps (~120 messages) while it is away: beyond the 20 kept.
    await hook(feed, '/live/advance?n=60&drop=1');
    const state = await caughtUp(mounted, feed);
    const last = mounted.updates.at(-1)!;
    expect(last.snapshot, 'the resume was answered by a snapshot').to.equal(true);
    expect(last.fromSeq).to.equal(state.seq);
    expect(mounted.live.stats.snapshots).to.equal(2);
    expectSameState(mounted, state);
  });

  it('reports malformed messages, skips them and keeps following', async () => {
    const feed = await startFeed(['--tick', '0', '--status-rate', '1000', '--staff-rate', '100']);
    const mounted = await mountLive(`${feed.url}/live/sse`);
    await until(() => mounted.updates.length === 1, 'the first snapshot');
    for (const junk of ['not json', '[1, 2]', '{"type":"status","updates":[]}', '{"seq":"7","type":"status"}', '<script>alert(1)</script>']) {
      await hook(feed, '/live/inject', junk);
    }
    await hook(feed, '/live/advance?n=5');
    const state = await caughtUp(mounted, feed);
    await until(() => mounted.live.stats.malformed === 5, 'five malformed counted');
    const reported = mounted.errors.filter((e) => e.reason === 'live-malformed');
    expect(reported.length, 'reported').to.be.at.least(1);
    expect(reported.reduce((n, e) => n + (e.detail.count as number), 0), 'each counted once').to.equal(5);
    expectSameState(mounted, state);
    // A polite message in the map, as text.
    const message = mounted.map.shadowRoot!.querySelector('[part="message"]')!;
    expect(message.hasAttribute('hidden')).to.equal(false);
    expect(message.textContent).to.contain('实时消息');
    expect(document.querySelector('script:not([src])')?.textContent ?? '').not.to.contain('alert(1)');
  });

  it('shows each state in its badge and gm-live-status: connecting, connected, reconnecting, offline, connected', async () => {
    const args = ['--tick', '100', '--status-rate', '100', '--staff-rate', '0', '--event-rate', '0', '--alert-every', '0'];
    let feed = await startFeed(args);
    const mounted = await mountLive(`${feed.url}/live/sse`, { maxBackoff: 1 });
    const { live, states } = mounted;
    const badge = () => live.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
    await until(() => live.state === 'connected' && mounted.updates.length > 1, 'connected with updates');
    expect(states.map((s) => s.state).slice(0, 2)).to.deep.equal(['connecting', 'connected']);
    await live.updateComplete;
    expect(live.getAttribute('state')).to.equal('connected');
    expect(badge()).to.match(/^实时 更新于 \d\d:\d\d:\d\d$/);

    await killFeed(feed);
    await until(() => live.state === 'reconnecting', 'reconnecting');
    await live.updateComplete;
    expect(badge()).to.contain('重连中');
    await until(() => live.state === 'offline', 'offline after five attempts');
    await live.updateComplete;
    expect(badge()).to.contain('离线');
    expect(states.at(-1)!.attempt).to.be.at.least(5);

    feed = await startFeed(args, { port: feed.port, journal: feed.journal });
    await until(() => live.state === 'connected', 'connected again');
    const order = states.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(order).to.deep.equal(['connecting', 'connected', 'reconnecting', 'offline', 'connected']);
    const seq = (await serverState(feed)).seq;
    await until(() => (live.lastSeq ?? 0) >= seq, 'the messages made while offline');
    expect(live.stats.snapshots, 'resumed by replay').to.equal(1);
  });

  it('resumes a stalled stream (no message within stall-timeout) without losing updates', async () => {
    const feed = await startFeed(['--tick', '0', '--status-rate', '1000', '--staff-rate', '100', '--heartbeat', '60000']);
    const mounted = await mountLive(`${feed.url}/live/sse`, { stallTimeout: 1 });
    await until(() => mounted.updates.length === 1, 'the first snapshot');
    // The server keeps the connection open but writes nothing to it for 5 s; meanwhile 10 steps happen.
    await hook(feed, '/live/stall?ms=5000');
    await hook(feed, '/live/advance?n=10');
    const state = await caughtUp(mounted, feed);
    expect(mounted.states.some((s) => s.reason?.includes('nothing arrived'))).to.equal(true);
    expect(mounted.live.stats.snapshots, 'resumed by replay').to.equal(1);
    expectSameState(mounted, state);
  });
});
