// 重点场所 on the map: one clustered GeoJSON source (MapLibre's own clustering), circles with
// counts for clusters, a category icon in its board's colour for each site.
import type { Feature, Point } from 'geojson';
import type { CircleLayerSpecification, GeoJSONSourceSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import {
  mdiAlert, mdiBabyFaceOutline, mdiBank, mdiCctv, mdiFireHydrant, mdiHomeGroup, mdiHospitalBox, mdiHumanCane, mdiMapMarker, mdiSchool, mdiStorefront,
} from '@mdi/js';
import type { Site, SiteCategory } from '../model/site.js';
import { iconMatrix, type IconSpec } from './icons.js';
import type { MapPalette } from './status-paint.js';

export const SITES_SOURCE = 'gm-sites';
export const SITE_LAYER = 'gm-sites-icon';
export const CLUSTER_LAYER = 'gm-sites-cluster';
export const CLUSTER_COUNT_LAYER = 'gm-sites-cluster-count';

/** Above this zoom no site is clustered (a town's streets). */
const CLUSTER_MAX_ZOOM = 13;

const PICTOGRAMS: Record<SiteCategory, string> = {
  school: mdiSchool,
  hospital: mdiHospitalBox,
  hazard: mdiAlert,
  market: mdiStorefront,
  elderly: mdiHumanCane,
  childcare: mdiBabyFaceOutline,
  hydrant: mdiFireHydrant,
  camera: mdiCctv,
  shelter: mdiHomeGroup,
  government: mdiBank,
  other: mdiMapMarker,
};

/** Icon name of a category on a board. */
const iconName = (category: string, board: string) => `gm-site-${category}-${board}`;

/** One icon per category and board, in the board's colour. */
export function siteIcons(palette: MapPalette): Record<string, IconSpec> {
  return iconMatrix(PICTOGRAMS, palette.board, iconName);
}

export function sitesSource(): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 48,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
  };
}

/** The site as a GeoJSON feature: its id is the feature id (for updateData diffs and clicks). */
export function siteFeature(site: Site): Feature<Point> {
  return {
    type: 'Feature',
    id: site.id,
    geometry: { type: 'Point', coordinates: site.lngLat },
    properties: { id: site.id, name: site.name, icon: iconName(site.category, site.board) },
  };
}

export function sitesLayers(palette: MapPalette): (CircleLayerSpecification | SymbolLayerSpecification)[] {
  return [
    {
      id: CLUSTER_LAYER,
      type: 'circle',
      source: SITES_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': palette.cluster,
        'circle-radius': ['step', ['get', 'point_count'], 14, 50, 18, 500, 24],
        'circle-stroke-color': palette.labelHalo,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: CLUSTER_COUNT_LAYER,
      type: 'symbol',
      source: SITES_SOURCE,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12 * palette.labelScale, 'text-font': ['sans-serif'], 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: SITE_LAYER,
      type: 'symbol',
      source: SITES_SOURCE,
      filter: ['!', ['has', 'point_count']],
      // Sites and counts never hide the area names (ignore-placement): a wall screen reads both.
      layout: { 'icon-image': ['get', 'icon'], 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'icon-size': palette.labelScale > 1 ? 1.25 : 1 },
    },
  ];
}
