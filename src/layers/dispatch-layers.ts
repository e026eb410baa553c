// 就近力量调度 on the map: lines from an alert to the chosen staff, and the reach rings (order in
// 1 minute, first responders in 5, reinforcements in 15) around it, from a small GeoJSON source.
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { circle } from '@turf/circle';
import type { MapPalette } from './status-paint.js';
import { OVERLAY_HIDDEN } from './overlay-layers.js';

export const DISPATCH_SOURCE = 'gm-dispatch';
export const DISPATCH_RINGS = 'gm-dispatch-rings';
export const DISPATCH_LINES = 'gm-dispatch-lines';
export const DISPATCH_LABELS = 'gm-dispatch-labels';

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
  return { type: 'FeatureCollection', features: [...ringFeatures, ...lines] };
}

export function dispatchLayers(palette: MapPalette): (LineLayerSpecification | SymbolLayerSpecification)[] {
  return [
    {
      id: DISPATCH_RINGS,
      type: 'line',
      source: DISPATCH_SOURCE,
      filter: ['==', ['get', 'kind'], 'ring'],
      layout: { ...OVERLAY_HIDDEN },
      paint: { 'line-color': palette.highlight, 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
    },
    {
      id: DISPATCH_LINES,
      type: 'line',
      source: DISPATCH_SOURCE,
      filter: ['==', ['get', 'kind'], 'line'],
      layout: { 'line-cap': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': palette.selected, 'line-width': 3 },
    },
    {
      id: DISPATCH_LABELS,
      type: 'symbol',
      source: DISPATCH_SOURCE,
      filter: ['==', ['get', 'kind'], 'label'],
      layout: {
        'text-field': ['get', 'label'],
        'text-font': ['sans-serif'],
        'text-size': 13 * palette.labelScale,
        'text-allow-overlap': true,
        'text-anchor': 'bottom',
        ...OVERLAY_HIDDEN,
      },
      paint: { 'text-color': palette.label, 'text-halo-color': palette.labelHalo, 'text-halo-width': 1.5 },
    },
  ];
}
