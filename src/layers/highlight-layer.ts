// The selected and hovered areas' outlines, drawn from a tiny GeoJSON source of their own.
// Why not feature-state on a line layer per level: such a layer draws (and re-tessellates, and
// updates on every status change) the outline of all 65,000 grids at opacity 0 just to show one;
// in software WebGL that doubled the cost of every frame. Here only the one or two areas drawn.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeoJSONSource, LineLayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { featureCollection } from '@turf/helpers';
import union from '@turf/union';
import type { MapPalette } from './status-paint.js';
import { OVERLAY_HIDDEN, showOverlay } from './overlay-layers.js';

export const HIGHLIGHT_SOURCE = 'gm-highlight';
export const SELECTED_LAYER = 'gm-highlight-selected';
export const HOVER_LAYER = 'gm-highlight-hover';

export type HighlightKind = 'selected' | 'hover';
type Area = Feature<Polygon | MultiPolygon>;

/** The source and its two line layers (selected drawn over hovered). */
export function highlightLayers(palette: MapPalette): { source: [string, object]; layers: LineLayerSpecification[] } {
  const line = (id: string, kind: HighlightKind, color: string, width: number): LineLayerSpecification => ({
    id,
    type: 'line',
    source: HIGHLIGHT_SOURCE,
    filter: ['==', ['get', 'kind'], kind],
    layout: { 'line-join': 'round', 'line-cap': 'round', ...OVERLAY_HIDDEN },
    paint: { 'line-color': color, 'line-width': width },
  });
  return {
    source: [HIGHLIGHT_SOURCE, { type: 'geojson', data: featureCollection([]) }],
    layers: [line(HOVER_LAYER, 'hover', palette.highlight, 2.5), line(SELECTED_LAYER, 'selected', palette.selected, 3.5)],
  };
}

/**
 * One area's outline from the features of its source that are loaded: a tiled area comes in
 * clipped pieces (one per tile), which turf's union joins so no tile seams are drawn.
 * Undefined when none of the area is loaded yet.
 */
export function loadedOutline(map: MaplibreMap, source: string, sourceLayer: string | undefined, id: number | string): Area | undefined {
  const pieces = map
    .querySourceFeatures(source, { sourceLayer, filter: ['==', ['to-string', ['id']], String(id)] })
    .filter((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
    .map((f) => ({ type: 'Feature', properties: {}, geometry: f.geometry }) as Area);
  if (pieces.length <= 1) return pieces[0];
  return union(featureCollection(pieces)) ?? undefined;
}

/** Replaces the drawn outlines. */
export function drawHighlights(map: MaplibreMap, areas: Partial<Record<HighlightKind, Area>>): void {
  const features = (Object.entries(areas) as [HighlightKind, Area | undefined][])
    .filter(([, area]) => area)
    .map(([kind, area]) => ({ ...area!, properties: { kind } }));
  (map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined)?.setData(featureCollection(features));
  if (features.length) showOverlay(map, [HOVER_LAYER, SELECTED_LAYER]);
}
