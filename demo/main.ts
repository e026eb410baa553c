// The command-centre demo: the full Chongqing fixture on a wall-screen themed map, following the
// live feed of `npm start` (grid statuses, field staff, events, alarms), with drill-down,
// search, board filter and nearest-staff dispatch for each new emergency.
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
import { circle } from '@turf/circle';
import { setWorkerUrl } from 'maplibre-gl';
// In the built demo (`npm run build-demo`) MapLibre is bundled: its worker is an asset of its own.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Alert, Fence, Site } from '../src/index.js';

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

/** 派单: each new emergency from the feed (an elderly person's heart-rate alarm) gets the three nearest staff. */
map.addEventListener('gm-alert', (e) => {
  const { alert, action } = e.detail;
  if (action !== 'raise' || alert.level !== 'emergency' || !alert.id.startsWith('live-alert-')) return;
  const chosen = map.showDispatch(alert.id, { count: 3 });
  say(`派单：${alert.title} → ${chosen.map((c) => `${c.staff.name}（约 ${Math.ceil(c.minutes)} 分钟）`).join('，')}`);
});

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
