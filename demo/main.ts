// The command-centre demo: the full Chongqing fixture on a wall-screen themed map, following the
// live feed of `npm start` (grid statuses, field staff, events, alarms), with drill-down,
// search, board filter, and the closed loop of work orders for each new emergency.
import '../src/components/map/map.js';
import '../src/components/sites/sites.js';
import '../src/components/staff/staff.js';
import '../src/components/events/events.js';
import '../src/components/fences/fences.js';
import '../src/components/alert-list/alert-list.js';
import '../src/components/board-filter/board-filter.js';
import '../src/components/breadcrumb/breadcrumb.js';
import '../src/components/legend/legend.js';
import '../src/components/stats/stats.js';
import '../src/components/search/search.js';
import '../src/components/live/live.js';
import '../src/components/work-orders/work-orders.js';
import { circle } from '@turf/circle';
import { setWorkerUrl } from 'maplibre-gl';
// In the built demo (`npm run build-demo`) MapLibre is bundled: its worker is an asset of its own.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Alert, Fence, Site, WorkOrder } from '../src/index.js';
import { orderLight } from '../src/model/work-order.js';

setWorkerUrl(maplibreWorkerUrl);

const map = document.querySelector('gm-map')!;
const log = document.querySelector<HTMLElement>('#log')!;
const counts = document.querySelector<HTMLElement>('#counts')!;
const params = new URLSearchParams(location.search);
map.src = params.get('src') ?? '/fixtures/out/chongqing/manifest.json';
if (params.has('theme')) map.theme = params.get('theme') as 'light' | 'dark' | 'screen';
if (params.has('detail')) map.detail = params.get('detail') as 'auto' | 'grid';
map.autofocusAlerts = params.has('autofocus');

const say = (text: string) => (log.textContent = text);
/** With `?static`, no live feed: the layers read the fixture's files and nothing changes. */
const live = params.has('static') ? undefined : addLiveFeed();

/**
 * 实时数据: grid statuses, staff positions, events and alerts come from the feed server that
 * `npm start` runs (proxied at /live): Server-Sent Events, or WebSocket with `?feed=ws`. Its first
 * message is a snapshot of everything; then it sends what changes.
 */
function addLiveFeed() {
  const feed = document.createElement('gm-live');
  feed.src = params.get('feed') === 'ws' ? `ws://${location.host}/live/ws` : '/live/sse';
  map.append(feed);
  return feed;
}

/** The data layers read their files from the manifest's `data` (the feed's snapshot replaces staff, events and alerts). */
async function loadLayers() {
  const manifestUrl = new URL(map.src, location.href);
  const manifest = await (await fetch(manifestUrl)).json();
  const sites = map.querySelector('gm-sites');
  if (sites && manifest.data?.sites) sites.src = new URL(manifest.data.sites, manifestUrl).href;
  if (manifest.data?.sites) await placeFences(new URL(manifest.data.sites, manifestUrl));
  const events = map.querySelector('gm-events')!;
  events.addEventListener('gm-counts', (e) => {
    const c = e.detail.counts;
    counts.textContent = `事件 ${c.reported + c.dispatched + c.handling} 件办理中 · 超时 ${c.overdue} · 临期 ${c['due-soon']}`;
  });
  if (live) return;
  // Static: the fixture's times are of its own "now", so the clocks start there.
  const start = Date.now();
  const fixtureNow = Date.parse(manifest.time);
  const clock = () => fixtureNow + (Date.now() - start);
  const staff = map.querySelector('gm-staff')!;
  staff.clock = events.clock = document.querySelector('gm-alert-list')!.clock = clock;
  if (manifest.data?.staff) staff.src = new URL(manifest.data.staff, manifestUrl).href;
  if (manifest.data?.events) events.src = new URL(manifest.data.events, manifestUrl).href;
  if (manifest.data?.alerts) {
    const alerts: Alert[] = await (await fetch(new URL(manifest.data.alerts, manifestUrl))).json();
    await map.ready;
    map.raiseAlert(alerts);
  }
}
void loadLayers();
map.addEventListener('gm-select', (e) => {
  const { detail } = e;
  if ('item' in detail) {
    const item = detail.item as { name?: string; title?: string };
    say(`选中 ${item.name ?? item.title ?? detail.id}`);
  } else say(`选中 ${detail.name}（${detail.code}）`);
});
map.addEventListener('gm-error', (e) => say(`错误：${e.detail.reason}`));

/**
 * 闭环派单, played by the demo itself (`?manual` leaves it to you: the alert list's 派单 button, the
 * work-order list's buttons). Each new heart-rate alarm from the feed gets an order dispatched to
 * the nearest grid worker (the dispatch drawing shows the three nearest); the relay's simulation
 * walks them to the grid, the consoles see them arrive (on-site) and the demo closes the order with
 * its result. Every fourth alarm's order is left hanging: it goes overdue (a minute: `npm start`
 * runs the flow's times ten times fast) and the demo escalates it (督办), so it pulses.
 */
const autopilot = live && !params.has('manual');
let alarms = 0;
map.addEventListener('gm-alert', async (e) => {
  const { alert, action } = e.detail;
  if (action !== 'raise' || alert.level !== 'emergency' || !alert.id.startsWith('live-alert-')) return;
  const chosen = map.showDispatch(alert.id, { count: 3 });
  say(`派单：${alert.title} → ${chosen.map((c) => `${c.staff.name}（约 ${Math.ceil(c.minutes)} 分钟）`).join('，')}`);
  if (!autopilot || !chosen.length) return;
  const leftHanging = alarms++ % 4 === 3;
  void map.requestAction({ action: 'open', source: { kind: 'alert', id: alert.id } });
  if (leftHanging) return say(`${alert.title}：工单待派（演示超时督办）`);
  await map.requestAction({ action: 'dispatch', order: `wo-alert-${alert.id}`, assignees: [chosen[0].staff.id], note: '就近派单' });
});

/** The demo's operator: closes orders once their worker is on site, escalates those left overdue. */
const closing = new Set<string>();
function operate(orders: WorkOrder[]) {
  for (const order of orders) {
    if (map.engine.workOrders.pending(order.id)) continue;
    if (order.state === 'on-site' && !closing.has(order.id)) {
      closing.add(order.id);
      setTimeout(() => void map.requestAction({ action: 'close', order: order.id, note: '已上门处置，老人已送医' }), 8000);
      say(`${order.title}：网格员已到场`);
    }
    if (order.state === 'reported' && !order.supervised && orderLight(order, Date.now()) === 'overdue') {
      void map.requestAction({ action: 'escalate', order: order.id, note: '超时未派，督办' });
      say(`${order.title}：超时督办`);
    }
    // Supervised for half a minute, then dispatched: a wall left running does not fill with pulses.
    if (order.state === 'escalated' && Date.now() - Date.parse(order.stateSince) > 30_000) {
      const [nearest] = map.nearestStaff(order.gridCode, { count: 1 });
      if (nearest) void map.requestAction({ action: 'dispatch', order: order.id, assignees: [nearest.staff.id], note: '督办后派单' });
    }
  }
}
if (autopilot) {
  map.addEventListener('gm-work-order-change', (e) => operate(e.detail.orders));
  setInterval(() => operate(map.workOrders), 5000);
}

/**
 * 电子围栏 for the demo: 250 m restricted areas around the first 30 hazard sites, 300 m watch
 * areas around the first 30 markets (the fixture has no fences of its own).
 */
async function placeFences(sitesUrl: URL) {
  const sites = (await (await fetch(sitesUrl)).json()).features as { properties: Site; geometry: { coordinates: [number, number] } }[];
  const around = (category: string, kind: Fence['kind'], km: number) =>
    sites
      .filter((s) => s.properties.category === category)
      .slice(0, 30)
      .map((s): Fence => ({ id: `${kind}-${s.properties.id}`, name: s.properties.name, kind, geometry: circle(s.geometry.coordinates, km).geometry }));
  map.querySelector('gm-fences')!.items = [...around('hazard', 'restricted', 0.25), ...around('market', 'watch', 0.3)];
}

Object.assign(window, { gmMap: map, gmLive: live });
