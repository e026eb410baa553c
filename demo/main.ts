// The command-centre demo: the full Chongqing fixture on a wall-screen themed map, with grid
// statuses changing through a simulated feed, drill-down and language switch.
import '../src/components/map/map.js';
import '../src/components/sites/sites.js';
import '../src/components/staff/staff.js';
import '../src/components/events/events.js';
import type { GridStatus, StatusUpdate } from '../src/index.js';
import { BOARDS } from '../src/model/board.js';

const map = document.querySelector('gm-map')!;
const log = document.querySelector<HTMLElement>('#log')!;
const counts = document.querySelector<HTMLElement>('#counts')!;
const params = new URLSearchParams(location.search);
map.src = params.get('src') ?? '/fixtures/out/chongqing/manifest.json';
if (params.has('theme')) map.theme = params.get('theme') as 'light' | 'dark' | 'screen';
if (params.has('detail')) map.detail = params.get('detail') as 'auto' | 'grid';

const say = (text: string) => (log.textContent = text);

/** The data layers read their files from the manifest's `data`. */
async function loadLayers() {
  const manifestUrl = new URL(map.src, location.href);
  const manifest = await (await fetch(manifestUrl)).json();
  const sites = map.querySelector('gm-sites');
  if (sites && manifest.data?.sites) sites.src = new URL(manifest.data.sites, manifestUrl).href;
  // The fixture's times are of its own "now": the demo's clock starts there.
  const start = Date.now();
  const fixtureNow = Date.parse(manifest.time);
  const clock = () => fixtureNow + (Date.now() - start);
  const staff = map.querySelector('gm-staff');
  if (staff && manifest.data?.staff) {
    staff.clock = clock;
    staff.src = new URL(manifest.data.staff, manifestUrl).href;
  }
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
if (!params.has('static')) void simulateFeed();
Object.assign(window, { gmMap: map });
