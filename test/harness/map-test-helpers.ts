// Helpers shared by <gm-map>'s test files: pixels, colours and manifests, read from the real element.
import { expect } from 'chai';
import type { Feature, LineString, MultiLineString } from 'geojson';
import { flattenEach } from '@turf/turf';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { BOUNDARY_LEVELS } from '../../src/model/codes.js';
import { sourceId } from '../../src/layers/area-layers.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmErrorDetail } from '../../src/event-types.js';

/** Colours equal within a rounding step (the GPU's blending). */
export function expectColor(actual: number[], expected: number[], message?: string) {
  const off = actual.map((v, i) => Math.abs(v - expected[i]));
  expect(Math.max(...off), `${message ?? ''} ${actual} vs ${expected}`).to.be.at.most(3);
}

/** The single LineStrings of a (Multi)LineString. */
export function flattenLines(line: Feature<LineString | MultiLineString>): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  flattenEach(line, (f) => out.push(f as Feature<LineString>));
  return out;
}

/** Pixels of the drawing buffer with anything in them after a frame: 0 when nothing was painted (the canvas has no background). */
export function paintedPixels(map: MaplibreMap): number {
  const gl = map.painter.context.gl;
  const pixels = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
  gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted++;
  return painted;
}

/** The element's map as soon as it is made, before its first frame (checked every animation frame). */
export function mapOf(el: GmMap): Promise<MaplibreMap> {
  return new Promise((resolve) => {
    const poll = () => {
      const map = el.getMap();
      if (map) resolve(map);
      else requestAnimationFrame(poll);
    };
    poll();
  });
}

/** Whether the polygons of every level are loaded (none missing). */
export function outlinesLoaded(map: MaplibreMap): boolean {
  return BOUNDARY_LEVELS.every((level) => map.getSource(sourceId(level)) && map.isSourceLoaded(sourceId(level)));
}

/** A manifest object with its relative URLs made absolute (an object is resolved against the page). */
export function resolveAgainst(manifest: Record<string, any>, base: URL, data?: Record<string, string>) {
  const abs = (url: string) => new URL(url, base).href.replaceAll('%7B', '{').replaceAll('%7D', '}');
  const levels = Object.fromEntries(Object.entries(manifest.levels as Record<string, any>).map(([level, spec]) => [level, {
    ...spec, pmtiles: spec.pmtiles && abs(spec.pmtiles), tiles: spec.tiles && abs(spec.tiles), geojson: undefined, mosaic: spec.mosaic && { ...spec.mosaic, image: abs(spec.mosaic.image) },
  }]));
  return { ...manifest, levels, index: abs(manifest.index), data: data ?? { statuses: abs(manifest.data.statuses) } };
}

/** Collects gm-error details. */
export function errorsOf(el: HTMLElement): GmErrorDetail[] {
  const list: GmErrorDetail[] = [];
  el.addEventListener('gm-error', (e) => list.push(e.detail));
  return list;
}


/** [r, g, b, a] of a computed CSS colour (`rgb()`/`rgba()`, as getComputedStyle gives them). */
export function cssColor(value: string): [number, number, number, number] {
  const [r, g, b, a] = value.replace(/[^\d.,\s/]/g, '').split(/[\s,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a ?? 1];
}

/** `top` over `under` (alpha compositing). */
export function over(top: [number, number, number, number], under: number[]): [number, number, number] {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)) as [number, number, number];
}

/** The background layers behind an element up the flat tree (through slots and shadow hosts), innermost first, up to the first opaque one. */
export function backgroundLayers(element: Element): [number, number, number, number][] {
  const layers: [number, number, number, number][] = [];
  for (let node: Element | null = element; node; ) {
    const colour = cssColor(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
    node = node.assignedSlot ?? node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return layers;
}
