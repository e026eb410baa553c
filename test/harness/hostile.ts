// Helpers for the hostile-input tests: the sample's manifest with some files swapped for hostile
// ones (served at /test-hooks/hostile/, test/hostile/hostile-files.mjs), errors.
import type { GmErrorDetail, GmErrorReason } from '../../src/event-types.js';
import type { Manifest } from '../../src/model/manifest.js';
import { createMap, SAMPLE } from './map-harness.js';
import type { GmMap } from '../../src/components/map/map.component.js';

export const HOSTILE = '/test-hooks/hostile';

/** The sample's manifest with every URL absolute, changed by `edit` (a manifest object for `boundaries`). */
export async function sampleManifest(edit: (manifest: Manifest) => void = () => {}): Promise<Manifest> {
  const base = new URL(SAMPLE, location.href);
  const manifest = (await (await fetch(base)).json()) as Manifest;
  const abs = (url: string) => new URL(url, base).href.replaceAll('%7B', '{').replaceAll('%7D', '}');
  for (const spec of Object.values(manifest.levels)) {
    if (spec.tiles) spec.tiles = abs(spec.tiles);
    if (spec.pmtiles) spec.pmtiles = abs(spec.pmtiles);
    if (typeof spec.geojson === 'string') spec.geojson = abs(spec.geojson);
    if (spec.mosaic) {
      for (const key of ['image', 'pmtiles', 'tiles'] as const) if (spec.mosaic[key]) spec.mosaic[key] = abs(spec.mosaic[key]);
      for (const overview of spec.mosaic.overviews ?? []) overview.image = abs(overview.image);
    }
  }
  manifest.index = abs(manifest.index!);
  manifest.data = Object.fromEntries(Object.entries(manifest.data ?? {}).map(([k, v]) => [k, abs(v as string)]));
  edit(manifest);
  return manifest;
}

/** Every gm-error the element (and what is inside it) fires from now on. */
export function errorsOf(el: HTMLElement): GmErrorDetail[] {
  const list: GmErrorDetail[] = [];
  el.addEventListener('gm-error', (e) => list.push(e.detail));
  return list;
}

/** A map (createMap's `props`) mounted with its gm-errors recorded from the start, once ready. */
export async function mountWatched(props: Parameters<typeof createMap>[0]): Promise<{ el: GmMap; errors: GmErrorDetail[] }> {
  const el = createMap(props);
  const errors = errorsOf(el);
  document.body.append(el);
  await el.ready;
  return { el, errors };
}

/** Waits (up to `ms`) for a gm-error with this reason among `errors`. */
export async function reported(errors: GmErrorDetail[], reason: GmErrorReason, ms = 15_000): Promise<GmErrorDetail> {
  const end = performance.now() + ms;
  for (;;) {
    const found = errors.find((e) => e.reason === reason);
    if (found) return found;
    if (performance.now() > end) throw new Error(`no gm-error ${reason}; got ${errors.map((e) => e.reason).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
