// 就近力量调度 on the map: lines from an alert to the chosen staff, a ring around each chosen
// person, and the reach rings (order in 1 minute, first responders in 5, reinforcements in 15)
// around it, from a small GeoJSON source. Every line and ring is drawn over a halo in the label
// halo's colour, above the staff, sites and area names (its slot): a dispatch reads over any clutter.
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { CircleLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { circle } from '@turf/circle';
import type { MapPalette } from './status-paint.js';
import { OVERLAY_HIDDEN } from './overlay-layers.js';

export const DISPATCH_SOURCE = 'gm-dispatch';
export const DISPATCH_RINGS = 'gm-dispatch-rings';
export const DISPATCH_LINES = 'gm-dispatch-lines';
export const DISPATCH_LABELS = 'gm-dispatch-labels';
/** A ring around each chosen person. */
export const DISPATCH_CHOSEN = 'gm-dispatch-chosen';
/** The halos under the rings, the lines and the chosen people's rings. */
export const DISPATCH_HALOS = ['gm-dispatch-rings-halo', 'gm-dispatch-lines-halo', 'gm-dispatch-chosen-halo'] as const;
/** Every layer of the dispatch drawing (shown together once there is one). */
export const DISPATCH_LAYERS = [DISPATCH_RINGS, DISPATCH_LINES, DISPATCH_CHOSEN, DISPATCH_LABELS, ...DISPATCH_HALOS];

/** The reach rings, in minutes of travel. */
export const REACH_MINUTES = [1, 5, 15] as const;

/** A ring of `radiusKm` around `center` labelled at its northern point, and a line to each person. */
export function dispatchData(
  center: [number, number],
  rings: { minutes: number; radiusKm: number; label: string }[],
  staff: { id: string; lngLat: [number, number]; minutes: number }[],
): FeatureCollection<LineString | Point> {
  const ringFeatures = rings.flatMap(({ minutes, radiusKm, label }) => {
    const ring = circle(center, radiusKm, { steps: 96, units: 'kilometers' });
    const line: Feature<LineString> = { type: 'Feature', geometry: { type: 'LineString', coordinates: ring.geometry.coordinates[0] }, properties: { kind: 'ring', minutes } };
    const top = ring.geometry.coordinates[0].reduce((a, b) => (b[1] > a[1] ? b : a));
    const labelPoint: Feature<Point> = { type: 'Feature', geometry: { type: 'Point', coordinates: top }, properties: { kind: 'label', label } };
    return [line, labelPoint];
  });
  const lines = staff.map(({ id, lngLat, minutes }): Feature<LineString> => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [center, lngLat] },
    properties: { kind: 'line', id, minutes },
  }));
  const chosen = staff.map(({ id, lngLat, minutes }): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: lngLat }, properties: { kind: 'chosen', id, minutes } }));
  return { type: 'FeatureCollection', features: [...ringFeatures, ...lines, ...chosen] };
}

const ofKind = (kind: string) => ['==', ['get', 'kind'], kind] as ['==', ['get', string], string];

export function dispatchLayers(palette: MapPalette): (LineLayerSpecification | SymbolLayerSpecification | CircleLayerSpecification)[] {
  const s = palette.labelScale;
  const halo = (id: string, kind: string, width: number): LineLayerSpecification => ({
    id,
    type: 'line',
    source: DISPATCH_SOURCE,
    filter: ofKind(kind),
    layout: { 'line-cap': 'round', 'line-join': 'round', ...OVERLAY_HIDDEN },
    paint: { 'line-color': palette.labelHalo, 'line-width': width * s, 'line-opacity': 0.9 },
  });
  const chosenRing = (id: string, color: string, width: number): CircleLayerSpecification => ({
    id,
    type: 'circle',
    source: DISPATCH_SOURCE,
    filter: ofKind('chosen'),
    layout: { ...OVERLAY_HIDDEN },
    paint: { 'circle-radius': 16 * s, 'circle-color': 'rgba(0, 0, 0, 0)', 'circle-stroke-color': color, 'circle-stroke-width': width * s },
  });
  return [
    halo(DISPATCH_HALOS[0], 'ring', 6),
    {
      id: DISPATCH_RINGS,
      type: 'line',
      source: DISPATCH_SOURCE,
      filter: ofKind('ring'),
      layout: { ...OVERLAY_HIDDEN },
      paint: { 'line-color': palette.highlight, 'line-width': 3 * s, 'line-dasharray': [3, 2] },
    },
    halo(DISPATCH_HALOS[1], 'line', 9),
    {
      id: DISPATCH_LINES,
      type: 'line',
      source: DISPATCH_SOURCE,
      filter: ofKind('line'),
      layout: { 'line-cap': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': palette.selected, 'line-width': 4 * s },
    },
    chosenRing(DISPATCH_HALOS[2], palette.labelHalo, 8),
    chosenRing(DISPATCH_CHOSEN, palette.selected, 4),
    {
      id: DISPATCH_LABELS,
      type: 'symbol',
      source: DISPATCH_SOURCE,
      filter: ofKind('label'),
      layout: {
        'text-field': ['get', 'label'],
        'text-font': ['sans-serif'],
        'text-size': 13 * s,
        'text-allow-overlap': true,
        'text-anchor': 'bottom',
        ...OVERLAY_HIDDEN,
      },
      paint: { 'text-color': palette.label, 'text-halo-color': palette.labelHalo, 'text-halo-width': 2 },
    },
  ];
}
