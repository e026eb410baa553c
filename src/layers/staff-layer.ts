// 网格力量 on the map: one GeoJSON source, an icon per role in the colour of the person's status,
// faded once the last position is older than the layer's `stale-after`. From zoom 11 to 13, where
// a town's 20,000 icons would bury the grids and the names, people closer than CLUSTER_RADIUS
// pixels are one bubble (MapLibre's clustering) with their count, ringed in the colour of the
// status that dominates, and counts per status and role in its properties; from zoom 14 everyone
// is an icon. So a zoom draws at most one symbol per ~40 px square: about 1,300 on a 1080p screen. Staleness is an expression over a global-state clock, so time passing
// re-sends no data; the selected person's recent trail is a line from a tiny source of its own.
import type { Feature, LineString, Point } from 'geojson';
import type { CircleLayerSpecification, ExpressionSpecification, GeoJSONSourceSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { mdiAccount, mdiAccountHardHat, mdiHandHeart, mdiPoliceBadge, mdiShieldAccount } from '@mdi/js';
import { STAFF_ROLES, STAFF_STATUSES, updatedAtMs, type Staff, type StaffRole } from '../model/staff.js';
import { iconMatrix, type IconSpec } from './icons.js';
import type { MapPalette } from './status-paint.js';

export const STAFF_SOURCE = 'gm-staff';
export const STAFF_LAYER = 'gm-staff-icon';
/** Bubbles of people close together (zoom 11–13) and their counts. */
export const STAFF_CLUSTER = 'gm-staff-cluster';
export const STAFF_CLUSTER_COUNT = 'gm-staff-cluster-count';
/** The last zoom at which people close together are a bubble. */
export const STAFF_CLUSTER_MAX_ZOOM = 13;
const CLUSTER_RADIUS = 40;
/** The same icons, faded: people whose last position is stale. */
export const STALE_LAYER = 'gm-staff-stale';
/** People are icons from this zoom (a town's streets), dots below it (staff-dots-layer.ts). */
export const ICON_MIN_ZOOM = 11;
export const TRAIL_SOURCE = 'gm-staff-trail';
export const TRAIL_LAYER = 'gm-staff-trail';
/** The global-state properties the staleness expression reads. */
export const CLOCK_STATE = 'gmStaffNow';
export const STALE_STATE = 'gmStaffStaleMs';

const PICTOGRAMS: Record<StaffRole, string> = {
  'grid-worker': mdiAccountHardHat,
  'part-time': mdiAccount,
  'safety-officer': mdiShieldAccount,
  police: mdiPoliceBadge,
  volunteer: mdiHandHeart,
};

const iconName = (role: string, status: string) => `gm-staff-${role}-${status}`;

export function staffIcons(palette: MapPalette): Record<string, IconSpec> {
  return iconMatrix(PICTOGRAMS, palette.staff, iconName);
}

/**
 * Every position update re-tiles the source in the worker: points need no tile buffer beyond an
 * icon's half width (default 128 of 8192 units), and nothing finer than z14 (overzoomed above).
 */
export function staffSource(): GeoJSONSourceSpecification {
  const countOf = (key: 'status' | 'role', value: string) => ['+', ['case', ['==', ['get', key], value], 1, 0]];
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    buffer: 16,
    maxzoom: 14,
    cluster: true,
    clusterRadius: CLUSTER_RADIUS,
    clusterMaxZoom: STAFF_CLUSTER_MAX_ZOOM,
    // A bubble's people per status and per role (`on-duty`, …, `grid-worker`, …): its ring's colour, and for hosts.
    clusterProperties: Object.fromEntries([
      ...STAFF_STATUSES.map((status) => [status, countOf('status', status)]),
      ...STAFF_ROLES.map((role) => [role, countOf('role', role)]),
    ]),
  };
}

export function staffFeature(staff: Staff): Feature<Point> {
  return {
    type: 'Feature',
    id: staff.id,
    geometry: { type: 'Point', coordinates: staff.lngLat },
    properties: { id: staff.id, icon: iconName(staff.role, staff.status), status: staff.status, role: staff.role, updatedAt: updatedAtMs(staff) },
  };
}

/**
 * Whether a person's position is older than the stale time: `now - updatedAt` against two values
 * in the map's global state. As a filter it is evaluated when the worker lays the points out, so a
 * clock tick re-lays the staff source in the worker; the main thread sends no data.
 * (A global-state paint expression over a feature property is not re-evaluated on state change.)
 */
const isStale: ExpressionSpecification = ['>', ['-', ['global-state', CLOCK_STATE], ['get', 'updatedAt']], ['global-state', STALE_STATE]];

export function staffLayers(palette: MapPalette): (SymbolLayerSpecification | LineLayerSpecification | CircleLayerSpecification)[] {
  const clustered: ExpressionSpecification = ['has', 'point_count'];
  return [
    {
      id: TRAIL_LAYER,
      type: 'line',
      source: TRAIL_SOURCE,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': palette.highlight, 'line-width': 3, 'line-opacity': 0.8 },
    },
    staffIconLayer(STAFF_LAYER, ['all', ['!', clustered], ['!', isStale]], 1, palette),
    staffIconLayer(STALE_LAYER, ['all', ['!', clustered], isStale], 0.35, palette),
    {
      id: STAFF_CLUSTER,
      type: 'circle',
      source: STAFF_SOURCE,
      filter: clustered,
      minzoom: ICON_MIN_ZOOM,
      paint: {
        'circle-color': palette.cluster,
        'circle-radius': ['step', ['get', 'point_count'], 12, 10, 15, 100, 19, 1000, 24],
        // Ringed in the status that dominates: busy when a third are busy, off duty when most are.
        'circle-stroke-color': ['case',
          ['>=', ['*', 3, ['get', 'busy']], ['get', 'point_count']], palette.staff.busy,
          ['>', ['get', 'off-duty'], ['get', 'on-duty']], palette.staff['off-duty'],
          palette.staff['on-duty']],
        'circle-stroke-width': 3,
      },
    },
    {
      id: STAFF_CLUSTER_COUNT,
      type: 'symbol',
      source: STAFF_SOURCE,
      filter: clustered,
      minzoom: ICON_MIN_ZOOM,
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12 * palette.labelScale, 'text-font': ['sans-serif'], 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}

function staffIconLayer(id: string, filter: ExpressionSpecification, opacity: number, palette: MapPalette): SymbolLayerSpecification {
  return {
    id,
    type: 'symbol',
    source: STAFF_SOURCE,
    filter,
    minzoom: ICON_MIN_ZOOM,
    layout: {
      'icon-image': ['get', 'icon'],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-size': palette.labelScale > 1 ? 1.1 : 0.9,
    },
    paint: { 'icon-opacity': opacity },
  };
}

/** The trail source's data: the positions as one line (empty without two of them). */
export function trailData(positions: [number, number][]): Feature<LineString> | { type: 'FeatureCollection'; features: [] } {
  if (positions.length < 2) return { type: 'FeatureCollection', features: [] };
  return { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: positions } };
}
