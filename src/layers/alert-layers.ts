// 紧急情况闪烁报警 on the map: the flashing grids' outlines and fills (above the grid tiles' zoom;
// below it the grid mosaic flashes them on the GPU), and a marker per alert on top of everything,
// with a pulsing ring while it is not acknowledged.
//
// The pulse is a handful of constant (not data-driven) paint values changed per frame: MapLibre
// sends them to the GPU as uniforms, re-tiling nothing, so a frame costs the same with 1 or 500
// alerts. Data-driven values would make MapLibre re-evaluate every feature at each change.
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  GeoJSONSourceSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import { mdiAlarmLight, mdiAlert, mdiAlertCircle } from '@mdi/js';
import { ALERT_LEVELS, type AlertLevel, type LiveAlert } from '../model/alert.js';
import type { IconSpec } from './icons.js';
import type { MapPalette } from './status-paint.js';

export const ALERT_AREA_SOURCE = 'gm-alert-areas';
export const ALERT_AREA_FILL = 'gm-alert-area-fill';
export const ALERT_AREA_LINE = 'gm-alert-area-line';
export const ALERT_SOURCE = 'gm-alerts';
export const ALERT_PULSE = 'gm-alert-pulse';
export const ALERT_MARKER = 'gm-alert-marker';

const PICTOGRAMS: Record<AlertLevel, string> = { emergency: mdiAlarmLight, warning: mdiAlert, attention: mdiAlertCircle };

export const alertIconName = (level: AlertLevel) => `gm-alert-${level}`;

export function alertIcons(palette: MapPalette): Record<string, IconSpec> {
  return Object.fromEntries(ALERT_LEVELS.map((level) => [alertIconName(level), { path: PICTOGRAMS[level], color: palette.alert[level] }]));
}

export const emptySource = (): GeoJSONSourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });

/** A marker's feature: `flashing` while not acknowledged; `rank` puts the most severe on top. */
export function alertFeature(alert: LiveAlert): Feature<Point> {
  return {
    type: 'Feature',
    id: alert.id,
    geometry: { type: 'Point', coordinates: alert.lngLat },
    properties: { id: alert.id, level: alert.level, rank: ALERT_LEVELS.indexOf(alert.level), flashing: !alert.acknowledged },
  };
}

/** A flashing grid's outline, coloured by the most severe of its alerts. */
export function alertAreaFeature(code: string, level: AlertLevel, geometry: Polygon | MultiPolygon): Feature {
  return { type: 'Feature', id: code, geometry, properties: { level } };
}

function levelColor(palette: MapPalette): ExpressionSpecification {
  return ['match', ['get', 'level'], ...ALERT_LEVELS.flatMap((l) => [l, palette.alert[l]]), palette.alert.attention] as unknown as ExpressionSpecification;
}

/** How the pulse looks at `phase` (0…1, 1 = full alert colour); `still` for reduced motion. */
export function flashPaint(phase: number, still: boolean) {
  if (still) return { fillOpacity: 0.25, lineOpacity: 1, lineWidth: 4, pulseRadius: 0, pulseOpacity: 0 };
  return {
    fillOpacity: 0.15 + 0.6 * phase,
    lineOpacity: 0.35 + 0.65 * phase,
    lineWidth: 2 + 2 * phase,
    pulseRadius: 12 + 16 * (1 - phase),
    pulseOpacity: 0.7 * phase,
  };
}

const noTransition = { duration: 0, delay: 0 };

/** The flashing grids' fill and outline: go above the area outlines, below labels and data layers. */
export function alertAreaLayers(palette: MapPalette): (FillLayerSpecification | LineLayerSpecification)[] {
  const paint = flashPaint(1, false);
  return [
    {
      id: ALERT_AREA_FILL,
      type: 'fill',
      source: ALERT_AREA_SOURCE,
      paint: { 'fill-color': levelColor(palette), 'fill-opacity': paint.fillOpacity, 'fill-opacity-transition': noTransition },
    },
    {
      id: ALERT_AREA_LINE,
      type: 'line',
      source: ALERT_AREA_SOURCE,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': levelColor(palette),
        'line-width': paint.lineWidth,
        'line-opacity': paint.lineOpacity,
        'line-width-transition': noTransition,
        'line-opacity-transition': noTransition,
      },
    },
  ];
}

/** The markers: a pulsing ring under each flashing one, and the level's icon; on top of everything. */
export function alertMarkerLayers(palette: MapPalette): (CircleLayerSpecification | SymbolLayerSpecification)[] {
  const paint = flashPaint(1, false);
  return [
    {
      id: ALERT_PULSE,
      type: 'circle',
      source: ALERT_SOURCE,
      filter: ['get', 'flashing'],
      paint: {
        'circle-color': 'rgba(0, 0, 0, 0)',
        'circle-stroke-color': levelColor(palette),
        'circle-stroke-width': 3,
        'circle-radius': paint.pulseRadius,
        'circle-stroke-opacity': paint.pulseOpacity,
        'circle-radius-transition': noTransition,
        'circle-stroke-opacity-transition': noTransition,
      },
    },
    {
      id: ALERT_MARKER,
      type: 'symbol',
      source: ALERT_SOURCE,
      layout: {
        'icon-image': ['concat', 'gm-alert-', ['get', 'level']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': palette.labelScale > 1 ? 1.25 : 1,
        'symbol-sort-key': ['-', 0, ['get', 'rank']],
      },
    },
  ];
}
