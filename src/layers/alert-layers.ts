// 紧急情况闪烁报警 on the map: the flashing grids' outlines (above the grid tiles' zoom; below it
// the grid mosaic flashes them on the GPU) and a marker per alert on top of everything. What
// moves (the grids' fill and the rings under unacknowledged markers) is drawn by the custom
// layers of alert-pulse-layer.ts; the layers here are static.
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { ExpressionSpecification, GeoJSONSourceSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { mdiAlarmLight, mdiAlert, mdiAlertCircle } from '@mdi/js';
import { ALERT_LEVELS, type AlertLevel, type LiveAlert } from '../model/alert.js';
import { contrastPartner } from '../model/color-contrast.js';
import type { IconSpec } from './icons.js';
import type { MapPalette } from './status-paint.js';
import { OVERLAY_HIDDEN } from './overlay-layers.js';

export const ALERT_AREA_SOURCE = 'gm-alert-areas';
/** The flashing grids' fill (an AlertPulseLayer). */
export const ALERT_AREA_FILL = 'gm-alert-area-fill';
export const ALERT_AREA_LINE = 'gm-alert-area-line';
/** The flashing grids' halo: a wide line in the level colour's contrast partner under the outline. */
export const ALERT_AREA_HALO = 'gm-alert-area-halo';
export const ALERT_SOURCE = 'gm-alerts';
/** The rings under unacknowledged markers (an AlertPulseLayer): the lowest of the layers kept on top. */
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

/** Each level's colour, or (`partner`) the colour it flashes against (contrastPartner). */
function levelColor(palette: MapPalette, partner = false): ExpressionSpecification {
  const color = (level: AlertLevel) => (partner ? contrastPartner(palette.alert[level]) : palette.alert[level]);
  return ['match', ['get', 'level'], ...ALERT_LEVELS.flatMap((l) => [l, color(l)]), color('attention')] as unknown as ExpressionSpecification;
}

/**
 * The flashing grids' outline: a thick line in the level's colour over a wider halo in its contrast
 * partner, so the edge reads on any status colour and theme (issue 28: red on red was invisible).
 * Above the area outlines, below labels and data layers.
 */
export function alertAreaLayers(palette: MapPalette): LineLayerSpecification[] {
  return [
    {
      id: ALERT_AREA_HALO,
      type: 'line',
      source: ALERT_AREA_SOURCE,
      layout: { 'line-join': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': levelColor(palette, true), 'line-width': 10 * palette.labelScale },
    },
    {
      id: ALERT_AREA_LINE,
      type: 'line',
      source: ALERT_AREA_SOURCE,
      layout: { 'line-join': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': levelColor(palette), 'line-width': 4 * palette.labelScale },
    },
  ];
}

/** The markers: the level's icon, most severe on top; over every other layer. */
export function alertMarkerLayers(palette: MapPalette): SymbolLayerSpecification[] {
  return [
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
        ...OVERLAY_HIDDEN,
      },
    },
  ];
}
