// The data layers' benchmark operations on the gm page: site clustering at the city view, and
// 20,000 staff moving at 1 Hz while the map pans and zooms.
import '../../src/components/sites/sites.js';
import '../../src/components/staff/staff.js';
import '../../src/components/search/search.js';
import '../../src/components/live/live.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { Site } from '../../src/model/site.js';
import type { Staff } from '../../src/model/staff.js';
import type { Alert } from '../../src/model/alert.js';
import { FIXTURE, panZoom, rendered, timeToRendered } from './measure.js';

export interface StaffLive {
  /** Main-thread ms per 1 Hz update of all staff: upsert(), then at the next frame the source diff and the dots' rewrite. */
  updates: number[];
  /** Pan/zoom frame intervals with the staff drawn but not moving. */
  staticFrames: number[];
  /** Pan/zoom frame intervals while all staff move every second. */
  liveFrames: number[];
  count: number;
}

async function items<T>(file: string): Promise<T[]> {
  const json = await (await fetch(`${FIXTURE}${file}`)).json();
  return json.features.map((f: { properties: T; geometry: { coordinates: [number, number] } }) => ({ ...f.properties, lngLat: f.geometry.coordinates }));
}

/** Time from giving <gm-sites> all 7,847 sites to their clusters rendered at the city view. */
export async function sitesClustered(el: GmMap, map: MaplibreMap): Promise<number> {
  const sites = await items<Site>('sites.geojson');
  const layer = document.createElement('gm-sites');
  const ms = await timeToRendered(map, () => {
    layer.items = sites;
    el.append(layer);
  });
  layer.remove();
  await rendered(map);
  return ms;
}

/** 20,000 staff, every one moved every second for `seconds`, with the pan/zoom script running. */
export async function staffLive(el: GmMap, map: MaplibreMap, seconds = 30): Promise<StaffLive> {
  const staff = await items<Staff>('staff.geojson');
  const layer = document.createElement('gm-staff');
  layer.clock = Date.now;
  await timeToRendered(map, () => {
    layer.items = staff.map((s) => ({ ...s, updatedAt: Date.now() }));
    el.append(layer);
  });
  const staticFrames = await panZoom(map);

  // The source diff and the dots' rewrite run at the next frame: their time is measured by
  // wrapping them (bench only).
  let flushMs = 0;
  const timed = <O extends object, K extends keyof O>(owner: O, key: K) => {
    const original = (owner[key] as (...args: unknown[]) => unknown).bind(owner);
    (owner as Record<K, unknown>)[key] = (...args: unknown[]) => {
      const t = performance.now();
      original(...args);
      flushMs += performance.now() - t;
    };
  };
  const internals = layer as unknown as { layerPart: { flush(): void; dots: { setDots(...args: unknown[]): void } } };
  timed(internals.layerPart, 'flush');
  timed(internals.layerPart.dots, 'setDots');
  const updates: number[] = [];
  let round = 0;
  const move = () => {
    round++;
    const t = performance.now();
    flushMs = 0;
    const now = Date.now();
    layer.upsert(staff.map((s, i) => ({ ...s, lngLat: [s.lngLat[0] + jitter(i, round), s.lngLat[1] + jitter(i + 7, round)], updatedAt: now })));
    const upsertMs = performance.now() - t;
    requestAnimationFrame(() => requestAnimationFrame(() => updates.push(upsertMs + flushMs)));
  };
  const timer = setInterval(move, 1000);
  const liveFrames: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) liveFrames.push(...(await panZoom(map)));
  clearInterval(timer);
  layer.remove();
  await rendered(map);
  return { updates, staticFrames, liveFrames, count: staff.length };
}

/**
 * Pan/zoom frame intervals without alerts (`still`, measured just before, for reference) and with
 * `count` alerts flashing on grids spread over the city.
 */
export async function alertsFlashing(el: GmMap, map: MaplibreMap, count = 500): Promise<{ still: number[]; flashing: number[] }> {
  const index = await (await fetch(`${FIXTURE}areas.json`)).json();
  const codes: string[] = index.grid.codes;
  const step = Math.floor(codes.length / count);
  const levels = ['emergency', 'warning', 'attention'] as const;
  const alerts: Alert[] = Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`,
    level: levels[i % 3],
    board: 'safety',
    title: `报警 ${i}`,
    time: Date.now() - i * 1000,
    gridCode: codes[i * step],
  }));
  const still = await panZoom(map);
  await timeToRendered(map, () => el.raiseAlert(alerts));
  const flashing = await panZoom(map);
  for (const alert of alerts) el.resolveAlert(alert.id);
  await rendered(map);
  return { still, flashing };
}

/**
 * nearestStaff() over all staff: `queries` calls at points spread over the city (the k-d tree
 * built by the first), and the first call after every person moved (which rebuilds it).
 */
export async function nearestStaffTimes(el: GmMap, map: MaplibreMap, queries = 200): Promise<{ query: number[]; afterUpdate: number[]; count: number }> {
  const staff = await items<Staff>('staff.geojson');
  const layer = document.createElement('gm-staff');
  await timeToRendered(map, () => {
    layer.items = staff;
    el.append(layer);
  });
  const [west, south, east, north] = map.getBounds().toArray().flat();
  const point = (i: number): [number, number] => [west + ((i * 0.618034) % 1) * (east - west), south + ((i * 0.414214) % 1) * (north - south)];
  const time = (f: () => unknown) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  el.nearestStaff(point(0), { count: 5 });
  const query = Array.from({ length: queries }, (_, i) => time(() => el.nearestStaff(point(i + 1), { count: 5, roles: ['grid-worker', 'police'] })));
  const afterUpdate: number[] = [];
  for (let round = 1; round <= 5; round++) {
    layer.upsert(staff.map((s, i) => ({ ...s, lngLat: [s.lngLat[0] + jitter(i, round), s.lngLat[1]] })));
    afterUpdate.push(time(() => el.nearestStaff(point(round), { count: 5 })));
  }
  layer.remove();
  await rendered(map);
  return { query, afterUpdate, count: staff.length };
}

/**
 * <gm-search> over the whole city with all sites and staff: the lazy index build (from the first
 * query to its hits) and 60 queries (names, codes, pinyin initials) once built.
 */
export async function searchTimes(el: GmMap, map: MaplibreMap): Promise<{ entries: number; buildMs: number; queries: number[] }> {
  // The micro-grid fixture has areas only (no sites or staff): its search is over the 727,000 areas.
  const withItems = (await fetch(`${FIXTURE}sites.geojson`, { method: 'HEAD' })).ok;
  const sites = document.createElement('gm-sites');
  const staff = document.createElement('gm-staff');
  if (withItems) {
    sites.items = await items<Site>('sites.geojson');
    staff.items = await items<Staff>('staff.geojson');
  }
  const search = document.createElement('gm-search');
  await timeToRendered(map, () => el.append(...(withItems ? [sites, staff] : []), search));
  const t = performance.now();
  await search.search('jfb');
  const buildMs = performance.now() - t;
  const words = ['jfb', '解放碑', '500103001', '华一坡', 'dp', '第1网格', '张', 'qxg', '5001030010', 'zz', '医院', 'wang', '第3院落', '50010300100100'];
  const queries: number[] = [];
  const index = (search as unknown as { index: { query(q: string, limit: number): unknown; size: number } }).index;
  for (let round = 0; round < 5; round++) {
    for (const q of words) {
      const t0 = performance.now();
      index.query(q, 5);
      queries.push(performance.now() - t0);
    }
  }
  const entries = index.size;
  for (const layer of [sites, staff, search]) layer.remove();
  await rendered(map);
  return { entries, buildMs, queries };
}

/** A deterministic walk of up to ±0.0005° (~50 m) per step. */
function jitter(i: number, round: number): number {
  return (((i * 7919 + round * 104729) % 1000) / 1000 - 0.5) * 0.001;
}

export interface LiveFeedFigures {
  /** Pan/zoom frame intervals just before the feed (no staff, nothing changing; the script's second run, tiles cached). */
  still: number[];
  /** Pan/zoom frame intervals while the feed runs. */
  live: number[];
  /** Per message: ms from its arrival at the page to the first map render after it was applied and flushed. */
  latencies: number[];
  /** The first snapshot (whole city, all staff): from its arrival to drawn. */
  snapshotMs: number;
  /** Messages applied, and how many staff the snapshot gave. */
  applied: number;
  staff: number;
}

/**
 * `<gm-live>` on a feed server sending 1,000 grid status changes and 20,000 staff positions a
 * second: frame intervals while the pan/zoom script runs for `seconds`, and each message's time
 * from arrival to drawn. "Drawn" is measured as timeToRendered does: one animation frame after
 * the batch is applied (the map and the staff dots flush their changes in it), then the next render.
 */
export async function liveFeed(el: GmMap, map: MaplibreMap, url: string, seconds = 60): Promise<LiveFeedFigures> {
  // Once to warm the tile cache for the script's views (the runs during the feed repeat them), then measured.
  await panZoom(map);
  const still = await panZoom(map);
  const staff = document.createElement('gm-staff');
  const live = document.createElement('gm-live');
  live.src = url;
  const latencies: number[] = [];
  let snapshotMs = NaN;
  let measuring = false;
  const snapshotDrawn = new Promise<void>((resolve) => {
    live.addEventListener('gm-live-update', (e) => {
      const { receivedAt, snapshot } = e.detail;
      requestAnimationFrame(() =>
        map.once('render', () => {
          const now = performance.now();
          if (snapshot) {
            snapshotMs = now - receivedAt[0];
            resolve();
          } else if (measuring) for (const t of receivedAt) latencies.push(now - t);
        }),
      );
    });
  });
  el.append(staff, live);
  await snapshotDrawn;
  await rendered(map);
  const applied0 = live.stats.applied;
  measuring = true;
  const liveFrames: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) liveFrames.push(...(await panZoom(map)));
  measuring = false;
  const figures = { still, live: liveFrames, latencies, snapshotMs, applied: live.stats.applied - applied0, staff: staff.all().length };
  live.remove();
  staff.remove();
  await rendered(map);
  return figures;
}
