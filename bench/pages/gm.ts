// <gm-map> on the full fixture, as the demo shows it: every grid at once (detail="grid").
import '../../src/components/map/map.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { GRID_STATUSES, type StatusUpdate } from '../../src/model/grid-status.js';
import { drawn, FIXTURE, panZoom, rankFor, timeToRendered, watchIdle, whenMarkShown, whenSourceDrawn } from './measure.js';
import { alertsFlashing, liveFeed, nearestStaffTimes, searchTimes, sitesClustered, staffLive } from './layers.js';
import { act, farStaff, orderConsole, ordersPanZoom, whenOrderDrawn } from './orders.js';
import { drillDown } from './drill.js';

const el = document.querySelector<GmMap>('gm-map')!;
// ?manifest=manifest.geojson.json (the run's gm-geojson page): the plain-GeoJSON manifest, one
// GeoJSON file per level, nothing prepared.
el.src = `${FIXTURE}${new URLSearchParams(location.search).get('manifest') ?? 'manifest.json'}`;
// The map is made once the manifest is read: watch for it every frame (before MapLibre's first).
const map = await new Promise<MaplibreMap>((resolve) => {
  const poll = () => {
    const made = el.getMap();
    if (made) resolve(made);
    else requestAnimationFrame(poll);
  };
  poll();
});
// The load ends with the first frame that drew everything: drawn() below, not a frame more.
watchIdle(map);
// A timeline of the load, for profiling (printed by `npm run bench -- --timeline`).
const timeline: Record<string, number> = { mapCreated: performance.now() };
el.addEventListener('gm-progress', (e) => (timeline[`progress${e.detail.loaded}`] = performance.now()));
map.on('load', () => (timeline.styleLoaded = performance.now()));
// Every frame MapLibre draws during the load, as [start, ms on this thread] (`--timeline`).
const frames: [number, number][] = [];
const internal = map as unknown as { _render(t: number): unknown };
const render = internal._render.bind(map);
internal._render = (t) => {
  const start = performance.now();
  const result = render(t);
  frames.push([Math.round(start), Math.round(performance.now() - start)]);
  return result;
};
map.on('sourcedata', (e) => {
  const key = `${e.sourceId}Loaded`;
  if (e.sourceId?.startsWith('gm-') && !timeline[key] && map.isSourceLoaded(e.sourceId)) timeline[key] = performance.now();
});
Object.assign(window, { timeline, frames });
// The district outlines are first on screen either sketched before the map paints (the manifest
// has a preview) or in the first frame that draws the district source.
// Painted: gm-map has let its first paint through (held frames leave the buffer empty, and without
// a background the buffer's corner, off the city, stays empty when painted too).
const sketched = whenMarkShown('gm:first-outlines');
const firstOutlines = Promise.race([
  whenSourceDrawn(map, () => (map.getSource('gm-district') ? 'gm-district' : undefined), { painted: () => performance.getEntriesByName('gm:first-paint').length > 0, until: sketched }),
  sketched,
]);
await el.ready;
await drawn(map);
const loaded = performance.now();
// The finest level's codes (the grids, or on the micro fixture the courtyards) from the map's own
// index: a second parse of areas.json here would be counted in the page's heap (650,000 codes).
const index = el.engine.scene.index!;
const codes = index.codes(index.finest);
// The codes as strings, as a feed sends them: made once, after the load's heap is read and outside
// the updates' timing (the index keeps them as bytes; making 650,000 strings is the feed's side).
let codeStrings: string[] | undefined;
const updates = (count: number, step: number, round: number): StatusUpdate[] => {
  const all = (codeStrings ??= [...codes]);
  return Array.from({ length: count }, (_, i) => ({ code: all[i * step], status: GRID_STATUSES[rankFor(i, round)] }));
};
const timedUpdate = (count: number, step: number, round: number) => {
  codeStrings ??= [...codes];
  return timeToRendered(map, () => el.setStatuses(updates(count, step, round)));
};

window.bench = {
  load: { firstOutlines: await firstOutlines, loaded },
  repaint: () => timeToRendered(map, () => {}),
  fullUpdate: (round) => timedUpdate(codes.length, 1, round),
  smallUpdate: (round) => timedUpdate(100, Math.floor(codes.length / 100), round),
  panZoom: () => panZoom(map),
  drillDown: (how) => drillDown(el, map, how),
  sitesClustered: () => sitesClustered(el, map),
  staffLive: (seconds) => staffLive(el, map, seconds),
  alertsFlashing: (count) => alertsFlashing(el, map, count),
  nearestStaff: () => nearestStaffTimes(el, map),
  search: () => searchTimes(el, map),
  liveFeed: (url, seconds) => liveFeed(el, map, url, seconds),
  ordersPanZoom: (count) => ordersPanZoom(el, map, count),
  orderConsole: (url, still) => orderConsole(el, url, still),
  act: (request) => act(el, request),
  farStaff: (event) => farStaff(el, event),
  whenOrderDrawn: (id, state) => whenOrderDrawn(el, id, state),
};
