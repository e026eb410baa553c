// Test helpers for <gm-map>: mount on the sample fixture, wait for drawing, read pixels and
// rendered features, click through the real input pipeline (playwright's mouse). Nothing here
// stands in for the map: it only observes and drives the real element.
import { sendMouse } from '@web/test-runner-commands';
import type { LngLatLike, Map as MaplibreMap } from 'maplibre-gl';
import '../../src/components/map/map.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmEventMap, GmSelectDetail } from '../../src/event-types.js';
import { fillLayerId } from '../../src/layers/area-layers.js';
import type { BoundaryLevel } from '../../src/model/codes.js';

export const SAMPLE = '/fixtures/out/sample/manifest.json';

export interface SampleIndex {
  [level: string]: { codes: string[]; names: string[]; labels: number[]; bboxes?: number[] };
}

let sampleIndex: Promise<SampleIndex> | undefined;
/** The sample's areas.json (read independently of the element, as ground truth). */
export function loadSampleIndex(): Promise<SampleIndex> {
  sampleIndex ??= fetch('/fixtures/out/sample/areas.json').then((r) => r.json());
  return sampleIndex;
}

/** The label point of an area of the sample, from areas.json. */
export async function labelOf(code: string): Promise<[number, number]> {
  const index = await loadSampleIndex();
  for (const entry of Object.values(index)) {
    const i = entry.codes.indexOf(code);
    if (i >= 0) return [entry.labels[2 * i], entry.labels[2 * i + 1]];
  }
  throw new Error(`no area ${code} in the sample`);
}

/** Creates a <gm-map> (800×600 unless `size` says otherwise) on the sample with these properties, not yet in the page. */
export function createMap(props: Partial<GmMap> & Record<string, unknown> = {}, [width, height] = [800, 600]): GmMap {
  const el = document.createElement('gm-map');
  el.style.cssText = `position: fixed; left: 0; top: 0; width: ${width}px; height: ${height}px; --gm-fill-opacity: 1;`;
  el.preserveDrawingBuffer = true;
  Object.assign(el, { src: SAMPLE, ...props });
  return el;
}

/** Mounts a createMap() element; resolves once it is ready (gm-ready) and idle. */
export async function mountMap(props: Partial<GmMap> & Record<string, unknown> = {}, size?: [number, number]): Promise<GmMap> {
  const el = createMap(props, size);
  document.body.append(el);
  await el.ready;
  await idle(el.getMap()!);
  return el;
}

/** Resolves when the map has nothing left to load or draw. */
export function idle(map: MaplibreMap): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/** Waits for changes queued for the next frame to be drawn. */
export async function drawn(el: GmMap): Promise<void> {
  await new Promise((r) => requestAnimationFrame(r));
  await idle(el.getMap()!);
}

/** Hides the labels so pixel reads see the fills. */
export function hideLabels(map: MaplibreMap): void {
  for (const layer of map.getStyle().layers) if (layer.id.endsWith('-label')) map.setLayoutProperty(layer.id, 'visibility', 'none');
}

/** Hides labels and outlines: at small scales an outline can pass within a pixel of a label point. */
export function showFillsOnly(map: MaplibreMap): void {
  hideLabels(map);
  for (const layer of map.getStyle().layers) if (layer.id.endsWith('-line')) map.setLayoutProperty(layer.id, 'visibility', 'none');
}

/** The colour on screen at `lngLat`: the map's canvas over what is behind it (the canvas is clear where nothing is drawn). */
export function pixelAt(map: MaplibreMap, lngLat: LngLatLike): [number, number, number] {
  const [r, g, b] = canvasPixelAt(map, lngLat, backgroundBehind(map.getCanvas()));
  return [r, g, b];
}

/**
 * The colours on screen in a square of (2·`radius` + 1)² device pixels around each point, read
 * from one copy of the canvas (one frame): per point, a list of [r, g, b].
 */
export function pixelsAround(map: MaplibreMap, points: LngLatLike[], radius = 0): [number, number, number][][] {
  const canvas = map.getCanvas();
  const ratio = canvas.width / canvas.clientWidth;
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d')!;
  ctx.fillStyle = backgroundBehind(canvas);
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return points.map((lngLat) => {
    const point = map.project(lngLat);
    const [x, y] = [Math.round(point.x * ratio) - radius, Math.round(point.y * ratio) - radius];
    const data = ctx.getImageData(x, y, 2 * radius + 1, 2 * radius + 1).data;
    const out: [number, number, number][] = [];
    for (let i = 0; i < data.length; i += 4) out.push([data[i], data[i + 1], data[i + 2]]);
    return out;
  });
}

/** The map canvas's own alpha at `lngLat` (0 where nothing is drawn). */
export function canvasAlphaAt(map: MaplibreMap, lngLat: LngLatLike): number {
  return canvasPixelAt(map, lngLat)[3];
}

/** RGBA of the canvas at `lngLat`, composited over `background` when given. */
function canvasPixelAt(map: MaplibreMap, lngLat: LngLatLike, background?: string): Uint8ClampedArray {
  const canvas = map.getCanvas();
  const point = map.project(lngLat);
  const ratio = canvas.width / canvas.clientWidth;
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d')!;
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, copy.width, copy.height);
  }
  ctx.drawImage(canvas, 0, 0);
  return ctx.getImageData(Math.round(point.x * ratio), Math.round(point.y * ratio), 1, 1).data;
}

/** The background colour of the nearest ancestor that has one (across shadow roots). */
function backgroundBehind(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return 'white';
}

/** `#rrggbb` → [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.trim().replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A theme token of the element, as RGB. */
export function token(el: Element, name: string): [number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = getComputedStyle(el).getPropertyValue(name).trim();
  return rgb(String(ctx.fillStyle));
}

/** Ids drawn by a level's fill layer in the current view. */
export function renderedCodes(map: MaplibreMap, level: BoundaryLevel): Set<string> {
  return new Set(map.queryRenderedFeatures({ layers: [fillLayerId(level)] }).map((f) => String(f.id)));
}

/** Clicks a geographic point with the real mouse. */
export async function clickAt(map: MaplibreMap, lngLat: LngLatLike): Promise<void> {
  await sendMouse({ type: 'click', position: pagePosition(map, lngLat) });
}

/** Moves the real mouse over a geographic point. */
export async function hoverAt(map: MaplibreMap, lngLat: LngLatLike): Promise<void> {
  await sendMouse({ type: 'move', position: pagePosition(map, lngLat) });
}

function pagePosition(map: MaplibreMap, lngLat: LngLatLike): [number, number] {
  const canvas = map.getCanvas();
  const rect = canvas.getBoundingClientRect();
  // The map's container may be scaled (a density above 1): map pixels times the scale.
  const scale = rect.width / canvas.clientWidth;
  const p = map.project(lngLat);
  return [Math.round(rect.left + p.x * scale), Math.round(rect.top + p.y * scale)];
}

/** The next event of this name on the element. */
export function nextEvent<K extends keyof GmEventMap>(el: EventTarget, name: K): Promise<GmEventMap[K]> {
  return new Promise((resolve) => el.addEventListener(name, (e) => resolve(e as GmEventMap[K]), { once: true }));
}

/** The next `gm-select` of an area (not of a layer's item: that fails the test), as `{ detail }`. */
export async function nextAreaSelect(el: EventTarget): Promise<{ detail: GmSelectDetail }> {
  const { detail } = await nextEvent(el, 'gm-select');
  if (detail.kind !== 'area') throw new Error(`expected an area's gm-select, got a ${detail.kind}'s`);
  return { detail };
}

/**
 * Clicks `at` on the map `clicks` times, each after the camera has settled from the last: a
 * drill-down. Returns each click's selection as [level, code].
 */
export async function drillDownByClicks(el: GmMap, at: LngLatLike, clicks: number): Promise<[string, string][]> {
  const map = el.getMap()!;
  const selections: [string, string][] = [];
  for (let step = 0; step < clicks; step++) {
    const selected = nextAreaSelect(el);
    await clickAt(map, at);
    const { detail } = await selected;
    selections.push([detail.level!, detail.code]);
    await new Promise((r) => map.once('moveend', r));
    await idle(map);
  }
  return selections;
}

/** Removes every gm-map and every control left on the page. */
export function cleanup(): void {
  for (const el of document.querySelectorAll('gm-map, gm-alert-list, gm-board-filter, gm-breadcrumb, gm-legend, gm-stats, gm-search')) el.remove();
}

/** A file of the sample's data as items: each GeoJSON point's properties with its coordinates as `lngLat`. */
export async function sampleItems<T>(file: string): Promise<T[]> {
  const json = await (await fetch(`/fixtures/out/sample/${file}`)).json();
  return json.features.map((f: { properties: T; geometry: { coordinates: [number, number] } }) => ({ ...f.properties, lngLat: f.geometry.coordinates }));
}

/** Mounts a map with a data layer inside, both drawn (with the items of `src`, when given). */
export async function mountLayer<K extends 'gm-sites' | 'gm-staff' | 'gm-events'>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
  mapProps: Partial<GmMap> = {},
): Promise<{ map: GmMap; layer: HTMLElementTagNameMap[K] }> {
  const map = await mountMap(mapProps);
  const layer = document.createElement(tag);
  Object.assign(layer, props);
  // Items from `src` arrive when their fetch does, which no map event waits for.
  const loaded = props.src
    ? new Promise((resolve) => ['gm-positions', 'gm-error'].forEach((name) => layer.addEventListener(name, resolve, { once: true })))
    : undefined;
  map.append(layer);
  await loaded;
  await drawn(map);
  await drawn(map);
  return { map, layer };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `ok()` holds (every 25 ms), else fails saying what was awaited. */
export async function until(ok: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
