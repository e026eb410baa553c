// 电子围栏 on the map: restricted areas in a solid red edge over a light tint, watch areas in a
// dashed amber edge (two line layers: a dash pattern cannot vary by feature), names along the edge.
import type { Feature } from 'geojson';
import type { FillLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import type { Fence } from '../model/fence.js';
import type { MapPalette } from './status-paint.js';

export const FENCES_SOURCE = 'gm-fences';
export const FENCES_FILL = 'gm-fences-fill';
export const FENCES_RESTRICTED_LINE = 'gm-fences-restricted-line';
export const FENCES_WATCH_LINE = 'gm-fences-watch-line';
export const FENCES_LABEL = 'gm-fences-label';

export const FENCES_LAYERS = [FENCES_FILL, FENCES_RESTRICTED_LINE, FENCES_WATCH_LINE, FENCES_LABEL];

export function fenceFeature(fence: Fence): Feature {
  return { type: 'Feature', id: fence.id, geometry: fence.geometry, properties: { id: fence.id, name: fence.name, kind: fence.kind } };
}

export function fencesLayers(palette: MapPalette): (FillLayerSpecification | LineLayerSpecification | SymbolLayerSpecification)[] {
  const kindColor = ['match', ['get', 'kind'], 'restricted', palette.fence.restricted, palette.fence.watch] as never;
  return [
    { id: FENCES_FILL, type: 'fill', source: FENCES_SOURCE, paint: { 'fill-color': kindColor, 'fill-opacity': 0.15 } },
    {
      id: FENCES_RESTRICTED_LINE,
      type: 'line',
      source: FENCES_SOURCE,
      filter: ['==', ['get', 'kind'], 'restricted'],
      paint: { 'line-color': palette.fence.restricted, 'line-width': 2.5 },
    },
    {
      id: FENCES_WATCH_LINE,
      type: 'line',
      source: FENCES_SOURCE,
      filter: ['==', ['get', 'kind'], 'watch'],
      paint: { 'line-color': palette.fence.watch, 'line-width': 2, 'line-dasharray': [3, 2] },
    },
    {
      id: FENCES_LABEL,
      type: 'symbol',
      source: FENCES_SOURCE,
      minzoom: 12,
      layout: {
        'text-field': ['to-string', ['get', 'name']],
        'text-font': ['sans-serif'],
        'text-size': 12 * palette.labelScale,
        'symbol-placement': 'line',
      },
      paint: { 'text-color': kindColor, 'text-halo-color': palette.labelHalo, 'text-halo-width': 1.5 },
    },
  ];
}
