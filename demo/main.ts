// The command-centre demo: the full Chongqing fixture on a wall-screen themed map, with grid
// statuses changing through a simulated feed, drill-down and language switch.
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
import { circle } from '@turf/circle';
import { itemsFromJson } from '../src/model/map-item.js';
import type { Alert, Fence, GridStatus, Site, Staff, StatusUpdate } from '../src/index.js';
import { BOARDS } from '../src/model/board.js';

const map = document.querySelector('gm-map')!;
const log = document.querySelector<HTMLElement>('#log')!;
const counts = document.querySelector<HTMLElement>('#counts')!;
const params = new URLSearchParams(location.search);
map.src = params.get('src') ?? '/fixtures/out/chongqing/manifest.json';
if (params.has('theme')) map.theme = params.get('theme') as 'light' | 'dark' | 'screen';
if (params.has('detail')) map.detail = params.get('detail') as 'auto' | 'grid';
map.autofocusAlerts = params.has('autofocus');

const say = (text: string) => (log.textContent = text);
/** The demo's clock: the fixture's "now" at start, then running (set once the manifest is read). */
let clock = Date.now;

/** The data layers read their files from the manifest's `data`. */
async function loadLayers() {
  const manifestUrl = new URL(map.src, location.href);
  const manifest = await (await fetch(manifestUrl)).json();
  const sites = map.querySelector('gm-sites');
  if (sites && manifest.data?.sites) sites.src = new URL(manifest.data.sites, manifestUrl).href;
  // The fixture's times are of its own "now": the demo's clock starts there.
  const start = Date.now();
  const fixtureNow = Date.parse(manifest.time);
  clock = () => fixtureNow + (Date.now() - start);
  const staff = map.querySelector('gm-staff');
  if (staff && manifest.data?.staff) {
    staff.clock = clock;
    // As items rather than `src`: the demo's field simulation moves people from this list.
    staff.items = itemsFromJson(await (await fetch(new URL(manifest.data.staff, manifestUrl))).json()) as Staff[];
  }
  const list = document.querySelector('gm-alert-list');
  if (list) list.clock = clock;
  if (manifest.data?.alerts) {
    const alerts: Alert[] = await (await fetch(new URL(manifest.data.alerts, manifestUrl))).json();
    await map.ready;
    map.raiseAlert(alerts);
  }
  if (manifest.data?.sites) await placeFences(new URL(manifest.data.sites, manifestUrl));
  const events = map.querySelector('gm-events');
  if (events && manifest.data?.events) {
    events.clock = clock;
    events.src = new URL(manifest.data.events, manifestUrl).href;
    events.addEventListener('gm-counts', (e) => {
      const c = e.detail.counts;
      counts.textContent = `事件 ${c.reported + c.dispatched + c.handling} 件办理中 · 超时 ${c.overdue} · 临期 ${c['due-soon']}`;
    });
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

/** A simulated feed: every second, 200 random grids change status on a random board. */
async function simulateFeed() {
  await map.ready;
  const manifest = await (await fetch(map.src)).json();
  const index = await (await fetch(new URL(manifest.index, new URL(map.src, location.href)))).json();
  const codes: string[] = index.grid.codes;
  const weights: [GridStatus, number][] = [['normal', 0.8], ['attention', 0.12], ['warning', 0.06], ['emergency', 0.005], ['unknown', 0.015]];
  const draw = (): GridStatus => {
    let r = Math.random();
    for (const [status, w] of weights) if ((r -= w) < 0) return status;
    return 'normal';
  };
  setInterval(() => {
    const updates: StatusUpdate[] = [];
    for (let i = 0; i < 200; i++) {
      updates.push({ code: codes[Math.floor(Math.random() * codes.length)], status: draw(), board: BOARDS[i % 4] });
    }
    map.setStatuses(updates);
  }, 1000);
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

/**
 * Field work for the demo: every 2 s twenty people near a fence step towards its centre or away,
 * so fences report crossings; every 90 s an elderly person's heart-rate alarm (the seeds' red work
 * order) is raised and the nearest staff dispatched.
 */
async function simulateField() {
  await map.ready;
  const staff = map.querySelector('gm-staff')!;
  const fences = map.querySelector('gm-fences')!;
  let step = 0;
  setInterval(() => {
    const people = staff.items ?? [];
    const targets = fences.fences;
    if (!people.length || !targets.length) return;
    step++;
    const moved: Staff[] = [];
    for (let i = 0; i < 20; i++) {
      const fence = targets[(step * 7 + i) % targets.length];
      const ring = fence.geometry.type === 'Polygon' ? fence.geometry.coordinates[0] : fence.geometry.coordinates[0][0];
      const centre = ring[0];
      const person = people[(step * 131 + i * 977) % people.length];
      const inside = step % 2 === 0;
      moved.push({ ...person, lngLat: inside ? [centre[0] - 0.001, centre[1]] : [centre[0] + 0.01, centre[1] + 0.01], updatedAt: Date.now() });
    }
    staff.upsert(moved);
  }, 2000);
  const index = await (await fetch(new URL((await (await fetch(map.src)).json()).index, new URL(map.src, location.href)))).json();
  const codes: string[] = index.grid.codes;
  let n = 0;
  const raise = () => {
    const id = `demo-heart-${++n}`;
    map.raiseAlert({ id, level: 'emergency', board: 'livelihood', title: '独居老人心率异常报警', time: clock(), gridCode: codes[Math.floor(Math.random() * codes.length)] });
    const chosen = map.showDispatch(id, { count: 3 });
    say(`派单：${chosen.map((c) => `${c.staff.name}（约 ${Math.ceil(c.minutes)} 分钟）`).join('，')}`);
  };
  setTimeout(raise, 5000);
  setInterval(raise, 90_000);
}

if (!params.has('static')) {
  void simulateFeed();
  void simulateField();
}
Object.assign(window, { gmMap: map });
