// Shared by the stories' play functions (interaction tests): find the rendered elements and wait
// for what a reviewer would wait for.
import { waitFor } from 'storybook/test';
import type { GmMap } from '../src/components/map/map.component.js';
import type { Fence } from '../src/model/fence.js';

/** The one-district sample of the fixture (渝中区: 11 towns, 80 communities, 710 grids). */
export const SAMPLE = '/fixtures/sample/';

/** The fixture's "now" (its manifest's time): the layers' clocks in the stories. */
export const FIXTURE_NOW = Date.parse('2026-11-01T01:00:00.000Z');

/** An element inside the story, once rendered. */
export async function find<T extends Element>(root: Element | ShadowRoot, selector: string, timeout = 15000): Promise<T> {
  return waitFor(
    () => {
      const found = root.querySelector<T>(selector);
      if (!found) throw new Error(`no ${selector} yet`);
      return found;
    },
    { timeout },
  );
}

/** The story's <gm-map>, once it has drawn its data (gm-ready). */
export async function readyMap(canvas: HTMLElement): Promise<GmMap> {
  const el = await find<GmMap>(canvas, 'gm-map');
  await el.ready;
  return el;
}

/** Resolves when a condition holds (polled), failing with `what` after `timeout` ms. */
export function until(ok: () => boolean, what: string, timeout = 15000): Promise<void> {
  return waitFor(
    () => {
      if (!ok()) throw new Error(`waiting for ${what}`);
    },
    { timeout, interval: 100 },
  );
}

/** A square fence outline of half-side `d` degrees around a point. */
const square = (lng: number, lat: number, d: number): Fence['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]],
});

/** Two fences on the sample: a hazardous-goods depot (restricted) and the pedestrian street (watch). */
export const FENCES: Fence[] = [
  { id: 'depot', name: '危化品仓库', kind: 'restricted', geometry: square(106.56, 29.555, 0.002) },
  { id: 'plaza', name: '解放碑步行街', kind: 'watch', geometry: square(106.577, 29.557, 0.003) },
];
