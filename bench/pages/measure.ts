// What every benchmark page shares: "rendered" means the map is idle and the GPU has finished the
// frame (a 1-pixel readPixels waits for it), times are from navigation start (performance.now()).
import type { Map as MaplibreMap } from 'maplibre-gl';
import { setWorkerUrl } from 'maplibre-gl';
// An app build moves maplibre into a chunk; its worker is emitted as an asset and pointed to here.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);

/** The fixture the page loads: the city (65,000 grids), or `?fixture=chongqing-micro` (its ~650,000 courtyards, `--fixture micro`). */
export const FIXTURE = `/fixtures/${new URLSearchParams(location.search).get('fixture') ?? 'chongqing'}/`;

/** The operations the runner (bench/run.mjs) calls through page.evaluate. */
export interface BenchPage {
  /** ms from navigation start: first outlines drawn, everything drawn. */
  load: { firstOutlines: number; loaded: number };
  /** A repaint with no change, until rendered (ms): the same protocol as the updates with an empty change. */
  repaint(): Promise<number>;
  /** All 65,000 grid statuses changed, until rendered (ms). */
  fullUpdate(round: number): Promise<number>;
  /** 100 grid statuses changed, until rendered (ms). */
  smallUpdate(round: number): Promise<number>;
  /** A scripted pan and zoom; returns the frame intervals (ms). */
  panZoom(): Promise<number[]>;
  /** <gm-map> only: from the city view to one area of the finest level by click or keyboard (see drill.ts). */
  drillDown?(how: 'click' | 'keyboard'): Promise<import('./drill.js').DrillDown>;
  /** <gm-map> only: all key sites given to <gm-sites>, until their clusters are rendered (ms). */
  sitesClustered?(): Promise<number>;
  /** <gm-map> only: all staff moving at 1 Hz for `seconds` during pan/zoom (see layers.ts). */
  staffLive?(seconds: number): Promise<import('./layers.js').StaffLive>;
  /** <gm-map> only: `count` alerts flashing during pan/zoom, against none (see layers.ts). */
  alertsFlashing?(count: number): Promise<{ still: number[]; flashing: number[] }>;
  /** <gm-map> only: nearest-staff queries, before and after the staff move (see layers.ts). */
  nearestStaff?(): Promise<{ query: number[]; afterUpdate: number[]; count: number }>;
  /** <gm-map> only: the search's lazy build and queries (see layers.ts). */
  search?(): Promise<{ entries: number; buildMs: number; queries: number[] }>;
  /** <gm-map> only: a <gm-live> on the feed at `url` for `seconds` during pan/zoom (see layers.ts). */
  liveFeed?(url: string, seconds: number): Promise<import('./layers.js').LiveFeedFigures>;
  /** <gm-map> only: 2,000 open work orders during pan/zoom (see orders.ts). */
  ordersPanZoom?(count: number): Promise<import('./orders.js').OrdersFrames>;
  /** <gm-map> only: a console on the relay at `url` (staff, events, live feed). */
  orderConsole?(url: string, still?: boolean): Promise<{ events: string[] }>;
  farStaff?(event: string): string | undefined;
  act?(request: import('../../src/model/work-order.js').OperatorRequest): number;
  whenOrderDrawn?(id: string, state: import('../../src/model/work-order.js').WorkOrderState): Promise<number>;
}

declare global {
  interface Window {
    bench?: BenchPage;
    benchError?: string;
  }
}

/**
 * Ends a reference page's load (the floor, the plain-MapLibre pages): the map rendered, its cold
 * load in `window.bench`, and no operations to run (the runner measures only their load).
 */
export async function referenceLoaded(map: MaplibreMap): Promise<void> {
  await rendered(map);
  const loaded = performance.now();
  Object.assign(window, { map });
  window.bench = {
    load: { firstOutlines: loaded, loaded },
    repaint: async () => 0,
    fullUpdate: async () => 0,
    smallUpdate: async () => 0,
    panZoom: async () => [],
  };
}

/** Main-thread tasks over 50 ms as [start, duration] (printed with `--timeline`). */
const longTasks: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
}).observe({ type: 'longtask', buffered: true });
Object.assign(window, { longTasks });

addEventListener('error', (e) => (window.benchError = String(e.message)));
addEventListener('unhandledrejection', (e) => (window.benchError = String(e.reason)));

/**
 * Waits until the map is idle and its last frame is on screen, asking for a frame first: what a
 * no-change repaint and an update are timed to. After a load or a camera flight, use drawn().
 */
export async function rendered(map: MaplibreMap): Promise<void> {
  await new Promise<void>((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
  finishGpu(map);
}

/** Per map watched (watchIdle): whether its last frame ended idle (and no frame came after it). */
const idleNow = new WeakMap<MaplibreMap, boolean>();

/**
 * Follows whether the map is idle, for drawn(): MapLibre fires `idle` at the end of a frame that
 * left nothing to load, place or animate, `render` in every frame. Call it before the map's first frame.
 */
export function watchIdle(map: MaplibreMap): void {
  idleNow.set(map, false);
  map.on('render', () => idleNow.set(map, false));
  map.on('idle', () => idleNow.set(map, true));
}

/**
 * Waits until the map is idle and its last frame is on screen, without asking for one more frame:
 * the end of a load or of a camera flight, whose last frame may have drawn everything already
 * (forcing one more, as rendered() does, timed a second frame of ~0.15–0.2 s that nobody needs; the
 * floor and baseline pages never had one: their first idle comes with their first full frame).
 * `map` must be watched (watchIdle) from before its first frame.
 */
export async function drawn(map: MaplibreMap): Promise<void> {
  if (!idleNow.has(map)) throw new Error('drawn(): the map is not watched (watchIdle)');
  const internal = map as unknown as { _frameRequest: unknown };
  if (!idleNow.get(map) || internal._frameRequest || !map.loaded()) await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  finishGpu(map);
}

/**
 * Blocks until the GPU has executed everything queued (readPixels has to wait for it); returns
 * whether the drawing buffer's corner has anything in it: where a page paints a background (the
 * floor, the baseline), a frame that painted nothing leaves it transparent. `<gm-map>` has no
 * background: see whenSourceDrawn.
 */
export function finishGpu(map: MaplibreMap): boolean {
  const gl = map.painter.context.gl;
  const pixel = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  return pixel[3] > 0;
}

/**
 * ms until the map has rendered after `change`: one animation frame (gm-map applies changes in
 * it), then one render (rendered() asks for it; a render the change already asked for is the same one).
 */
export async function timeToRendered(map: MaplibreMap, change: () => void): Promise<number> {
  const start = performance.now();
  change();
  // The change may only be applied at the next frame (gm-map coalesces per frame).
  await new Promise((r) => requestAnimationFrame(r));
  await rendered(map);
  return performance.now() - start;
}

/**
 * Records when `source` is first drawn fully loaded (ms from navigation start): the first `render`
 * event with the source loaded whose frame painted (gm-map holds its first paint, see
 * src/engine/parts/first-paint-part.ts, and MapLibre fires `render` for held frames too). The frame is
 * waited for on the GPU either way.
 *
 * `painted`: whether a frame painted, when the page knows better than a pixel read back (gm-map's
 * `gm:first-paint` mark); the GPU's end of that frame is then waited for with a fence, without
 * blocking the page. Reading a pixel back blocks the main thread until the GPU has drawn the frame:
 * in the middle of a gm-map load (the plain-GeoJSON page paints its outlines before its colours) that
 * held the page's main thread for ~0.4 s (CPU profile, 2026-12-03) while the data worker's index
 * waited for it: the measurement slowed what it measured. `until`: no more checks once it settles
 * (the page's first outlines were shown otherwise).
 */
export function whenSourceDrawn(map: MaplibreMap, source: () => string | undefined, { painted, until }: { painted?: () => boolean; until?: Promise<unknown> } = {}): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const id = source();
      if (!id || !map.getSource(id) || !map.isSourceLoaded(id)) return;
      if (painted ? !painted() : !finishGpu(map)) return;
      map.off('render', check);
      if (!painted) return resolve(performance.now());
      void gpuDone(map).then(() => resolve(performance.now()));
    };
    map.on('render', check);
    void until?.then(() => map.off('render', check));
  });
}

/** Resolves once the GPU has run everything queued so far (a WebGL2 fence, polled: nothing blocks). */
function gpuDone(map: MaplibreMap): Promise<void> {
  const gl = map.painter.context.gl as WebGL2RenderingContext;
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!;
  gl.flush();
  return new Promise((resolve) => {
    const poll = () => {
      if (gl.getSyncParameter(sync, gl.SYNC_STATUS) !== gl.SIGNALED) return void setTimeout(poll, 2);
      gl.deleteSync(sync);
      resolve();
    };
    poll();
  });
}

/**
 * Records when the frame that set the performance mark `name` is done (ms from navigation start):
 * the first task after it. `<gm-map>` marks `gm:first-outlines` in a frame in which it sketched the
 * district outlines on a 2D canvas (src/engine/parts/first-paint-part.ts): the frame in
 * which its style loaded and the hierarchy was installed (in a requestAnimationFrame callback: MapLibre
 * loads a style a frame after the map is made), or a later frame of MapLibre's. That frame's task
 * ends with the commit that hands the canvas to the compositor; a PerformanceObserver is told of the
 * mark in a task queued behind it, which posts a message: the time is taken in the task after that.
 * No GPU work is waited for: a 2D canvas has none here. (Until 2026-12-02 the mark was looked for
 * in MapLibre's `render` events, where this handler ran before the sketch's own: a frame late.)
 */
export function whenMarkShown(name: string): Promise<number> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    const observer = new PerformanceObserver((list) => {
      if (!list.getEntriesByName(name).length) return;
      observer.disconnect();
      channel.port2.postMessage(0);
    });
    observer.observe({ type: 'mark', buffered: true });
  });
}

/** The same camera script on every page: pans and zooms of one second each, frame intervals recorded. */
export async function panZoom(map: MaplibreMap): Promise<number[]> {
  const frames: number[] = [];
  let last = 0;
  let running = true;
  const tick = (t: number) => {
    if (last) frames.push(t - last);
    last = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const start = map.getCenter();
  const zoom = map.getZoom();
  const steps = [
    { offset: [400, 0] },
    { offset: [0, 300] },
    { zoom: zoom + 1 },
    { offset: [-400, -300] },
    { zoom },
    { center: start },
  ];
  for (const step of steps) {
    await new Promise<void>((resolve) => {
      map.once('moveend', () => resolve());
      if ('offset' in step) map.panBy(step.offset as [number, number], { duration: 1000 });
      else map.easeTo({ ...step, duration: 1000 } as never);
    });
  }
  running = false;
  await rendered(map);
  return frames;
}

/** Deterministic status ranks for a round: every grid changes between consecutive rounds. */
export function rankFor(index: number, round: number): number {
  return (index + round + 1) % 4;
}
