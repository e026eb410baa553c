import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmViewChangeDetail } from '../event-types.js';
import type { Scene } from './scene.js';

/** An alert, a search hit or a person is flown to at this zoom (or closer): its grid and the streets around it. */
export const STREET_ZOOM = 14;

/** Moves the scene's map to a point at street level (zoom 14 or closer); at once under reduced motion. */
export function flyToPoint(scene: Scene, lngLat: [number, number]): void {
  const map = scene.map;
  if (!map) return;
  const zoom = Math.max(map.getZoom(), STREET_ZOOM);
  map.flyTo({ center: lngLat, zoom, duration: scene.reducedMotion ? 0 : undefined });
}

/** What `view-change` tells of the map's view: its centre, zoom, bounds and the level shown. */
export function viewOf(map: MaplibreMap, level: GmViewChangeDetail['level']): GmViewChangeDetail {
  const { lng, lat } = map.getCenter();
  const bounds = map.getBounds();
  return { center: [lng, lat], zoom: map.getZoom(), bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], level };
}
