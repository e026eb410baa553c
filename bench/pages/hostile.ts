// One hostile or oversized input to <gm-map> per page load (`?case=`), through its public API only
// (so the same page measures older builds): the longest main-thread task from the start (a
// PerformanceObserver on `longtask`), and the time to the case's end — its gm-error, or gm-ready.
import { setWorkerUrl } from 'maplibre-gl';
// An app build moves maplibre into a chunk; its worker is emitted as an asset and pointed to here (as measure.ts does).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import '../../src/components/map/map.js';
import type { GmMap } from '../../src/components/map/map.component.js';

setWorkerUrl(workerUrl);

const SAMPLE = '/fixtures/sample/';
const HOSTILE = '/hostile/';
const params = new URLSearchParams(location.search);
const name = params.get('case') ?? '';

let longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
}).observe({ type: 'longtask', buffered: true });
/**
 * The longest single script run (one callback: ours or MapLibre's), from the Long Animation Frames
 * API. A long task also holds native work no script controls: on this machine MapLibre's first
 * render waits ~0.5 s on SwiftShader with nothing hostile loaded (the "none" row), so the script
 * figure is the one that shows whether big input is processed in slices.
 */
/** What the Long Animation Frames API tells of one script run (not yet in TypeScript's DOM types). */
interface ScriptTiming {
  duration: number;
  sourceFunctionName: string;
  invoker: string;
  sourceURL: string;
}
let longestScript = 0;
let longestScriptBy = '';
new PerformanceObserver((list) => {
  for (const frame of list.getEntries() as unknown as { scripts: ScriptTiming[] }[]) {
    for (const script of frame.scripts) {
      if (script.duration <= longestScript) continue;
      longestScript = script.duration;
      longestScriptBy = `${script.invoker} ${script.sourceFunctionName || ''} ${script.sourceURL.split('/').pop()}`.trim();
    }
  }
}).observe({ type: 'long-animation-frame', buffered: true });

/** The sample's manifest with absolute URLs, changed by `edit`. */
async function manifest(edit: (m: Record<string, any>) => void): Promise<object> {
  const base = new URL(`${SAMPLE}manifest.json`, location.href);
  const m = await (await fetch(base)).json();
  const abs = (url: string) => new URL(url, base).href.replaceAll('%7B', '{').replaceAll('%7D', '}');
  for (const spec of Object.values(m.levels) as Record<string, any>[]) {
    if (spec.tiles) spec.tiles = abs(spec.tiles);
    if (spec.pmtiles) spec.pmtiles = abs(spec.pmtiles);
    if (typeof spec.geojson === 'string') spec.geojson = abs(spec.geojson);
    if (spec.mosaic) {
      spec.mosaic.image = abs(spec.mosaic.image);
      for (const o of spec.mosaic.overviews ?? []) o.image = abs(o.image);
    }
  }
  m.index = abs(m.index);
  m.data = { statuses: abs(m.data.statuses) };
  edit(m);
  return m;
}

/** Each case: what it loads, and the gm-error reason that ends it (none: gm-ready ends it). */
const CASES: Record<string, { boundaries: () => Promise<object>; ends?: string; detail?: string }> = {
  // The floor: the same load with nothing hostile, so each case's figures read against it.
  'none (the sample, as shipped)': { boundaries: () => manifest(() => {}) },
  'constructor property in a boundary feature': { boundaries: () => manifest((m) => (m.levels.town = { geojson: `${HOSTILE}poisoned/towns.geojson` })) },
  '50 MB GeoJSON level (grids)': { boundaries: () => manifest((m) => (m.levels.grid = { geojson: `${HOSTILE}heavy/grids.geojson` })) },
  'statuses.json with 1,000,000 unknown codes': { boundaries: () => manifest((m) => (m.data.statuses = `${HOSTILE}million/statuses.json`)) },
  'area name of 1,000,000 characters': { boundaries: () => manifest((m) => (m.index = `${HOSTILE}long-name/areas.json`)) },
  'mosaic PNG of 20,000 × 20,000 pixels': {
    boundaries: () => manifest((m) => (m.levels.grid.mosaic = { ...m.levels.grid.mosaic, image: `${HOSTILE}huge/mosaic.png`, overviews: undefined })),
    detail: 'grid',
  },
};

/** What the case measured (read by bench/hostile.mjs). */
let hostileResult: { longest: number; endMs: number; end: string; longestScript?: number; longestScriptBy?: string } | undefined;
const start = performance.now();
const el = document.createElement('gm-map') as GmMap;
const errors: string[] = [];
el.addEventListener('gm-error', (e) => errors.push(e.detail.reason));

const STORM = 'alert storm (100 raised + 100 resolved a second, 20 s)';
const MOVED = 'moved to another parent 300 ms into the load';

try {
  if (!name) {
    // No case: the page lists them (bench/hostile.mjs asks this first).
  } else if (name === STORM) {
    el.detail = 'grid';
    el.src = `${SAMPLE}manifest.json`;
    document.body.append(el);
    await el.ready;
    const grids: string[] = (await (await fetch(`${SAMPLE}areas.json`)).json()).grid.codes;
    longest = 0;
    longestScript = 0;
    const frames: number[] = [];
    let last = performance.now();
    el.getMap()!.on('render', () => {
      const now = performance.now();
      frames.push(now - last);
      last = now;
    });
    const begin = performance.now();
    let raised = 0;
    while (performance.now() - begin < 20_000) {
      const due = Math.floor(((performance.now() - begin) / 1000) * 100);
      for (; raised < due; raised++) {
        el.raiseAlert({ id: `s${raised}`, level: 'emergency', board: 'safety', title: '报警', time: Date.now(), gridCode: grids[raised % grids.length] });
        if (raised >= 200) el.resolveAlert(`s${raised - 200}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - begin) / 1000;
    frames.sort((a, b) => a - b);
    hostileResult = { longest, endMs: seconds * 1000, end: `${(raised / seconds).toFixed(0)} a second, frame median ${frames[frames.length >> 1]?.toFixed(0)} ms` };
  } else if (name === MOVED) {
    el.src = `${SAMPLE}manifest.json`;
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 300));
    document.body.append(document.createElement('div'));
    document.body.lastElementChild!.append(el);
    const ready = await Promise.race([el.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
    hostileResult = { longest, endMs: performance.now() - start, end: ready ? 'gm-ready' : 'no gm-ready in 30 s' };
  } else {
    const spec = CASES[name];
    if (!spec) throw new Error(`no case ${name}`);
    if (spec.detail) el.detail = spec.detail as GmMap['detail'];
    el.boundaries = await spec.boundaries();
    document.body.append(el);
    const ready = await Promise.race([el.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 60_000))]);
    hostileResult = { longest, endMs: performance.now() - start, end: `${ready ? 'gm-ready' : 'no gm-ready in 60 s'}${errors.length ? `, gm-error ${[...new Set(errors)].join(', ')}` : ''}` };
  }
} catch (error) {
  Object.assign(window, { benchError: String((error as Error)?.stack ?? error) });
}
if (hostileResult && name !== STORM) {
  // The end (gm-ready or gm-error) comes before the first full render: keep measuring until the map is idle (5 s at most).
  await Promise.race([new Promise((r) => el.getMap()?.once('idle', r) ?? r(undefined)), new Promise((r) => setTimeout(r, 5000))]);
  hostileResult.longest = longest;
}
if (hostileResult) Object.assign(hostileResult, { longestScript, longestScriptBy });
Object.assign(window, { hostile: hostileResult, hostileCases: [...Object.keys(CASES), STORM, MOVED] });
