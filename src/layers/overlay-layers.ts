// The overlays (highlights, alerts, dispatch): small GeoJSON sources drawn over the areas, and
// empty on a cold load. Their layers are added hidden and shown once their source has something to
// draw: MapLibre loads no tiles for a source that no visible layer uses, while an empty GeoJSON
// source in view costs a worker round trip per tile (12 at the city view) when it is added and
// again at each setData. With the four overlays that was ~100 messages through the tile worker and
// the busy main thread during a cold load, queued ahead of the outlines' own tiles. Once shown,
// they stay shown: hiding them again would be a style change (one more frame) at every hover.
import type { Map as MaplibreMap } from 'maplibre-gl';

/** An overlay layer's visibility as it is added: hidden until showOverlay(). */
export const OVERLAY_HIDDEN = { visibility: 'none' } as const;

/** The overlay layers shown once (MapLibre's layer objects: a layer added again starts hidden again). */
const shown = new WeakSet<object>();

/**
 * Shows these overlay layers, once per layer as added: their source now has something to draw.
 * A layer the host hides afterwards (through getMap()) stays hidden.
 */
export function showOverlay(map: MaplibreMap, layers: readonly string[]): void {
  for (const id of layers) {
    const layer = map.getLayer(id);
    if (!layer || shown.has(layer)) continue;
    shown.add(layer);
    map.setLayoutProperty(id, 'visibility', 'visible');
  }
}
