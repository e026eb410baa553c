import { LngLat, LngLatBounds, MercatorCoordinate, type LngLatBoundsLike, type LngLatLike, type Map as MaplibreMap } from 'maplibre-gl';
import type { MercatorBox } from '../model/mosaic-pyramid.js';
import type { GmViewChangeDetail } from '../event-types.js';
import type { Scene } from './scene.js';

/** An alert, a search hit or a person is flown to at this zoom (or closer): its grid and the streets around it. */
export const STREET_ZOOM = 14;

/** Moves the scene's map to a point at street level (zoom 14 or closer); at once under reduced motion. */
export function flyToPoint(scene: Scene, lngLat: [number, number]): void {
  const map = scene.map;
  if (!map) return;
  const zoom = Math.max(map.getZoom(), STREET_ZOOM);
  // Already there (a second click on the same alert): nothing to fly. MapLibre's flyTo from a
  // point to itself at the same zoom can compute a NaN centre mid-flight ("Invalid LngLat").
  const here = map.project(lngLat);
  const centre = map.project(map.getCenter());
  if (Math.abs(zoom - map.getZoom()) < 1e-6 && Math.hypot(here.x - centre.x, here.y - centre.y) < 1) return;
  map.flyTo({ center: lngLat, zoom, duration: scene.reducedMotion ? 0 : undefined });
}

/** What `view-change` tells of the map's view: its centre, zoom, bounds and the level shown. */
export function viewOf(map: MaplibreMap, level: GmViewChangeDetail['level']): GmViewChangeDetail {
  const { lng, lat } = map.getCenter();
  const bounds = map.getBounds();
  return { center: [lng, lat], zoom: map.getZoom(), bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], level };
}

/** Pixels kept free on each side when fitting. */
type Padding = { top: number; bottom: number; left: number; right: number };

/** A panel over the map, in pixels from the map's top-left corner, and the side it stands on. */
export interface SidePanel {
  side: 'left' | 'right';
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The padding to fit the whole city with: `margin` around it, and, when the city fitted that way
 * would lie under a corner panel, that side's panels kept clear too. Of the ways that clear every
 * panel (one side, the other, both), the one with the largest zoom wins; none clears them all:
 * both sides. (Fitted under the panels, the city's edge was hidden by them: the "hole" near 江津
 * in the demo was the statistics panel's background over the grids.)
 */
export function cityPadding(map: MaplibreMap, bounds: LngLatBoundsLike, margin: number, panels: readonly SidePanel[]): Padding {
  const clear = (side: 'left' | 'right') => Math.max(0, ...panels.filter((p) => p.side === side).map((p) => (side === 'left' ? p.right : map.getCanvas().clientWidth - p.left)));
  const base = { top: margin, bottom: margin, left: margin, right: margin };
  const candidates: Padding[] = [base, { ...base, left: margin + clear('left') }, { ...base, right: margin + clear('right') }, { ...base, left: margin + clear('left'), right: margin + clear('right') }];
  let best: { padding: Padding; zoom: number } | undefined;
  for (const padding of candidates) {
    const zoom = map.cameraForBounds(bounds, { padding })?.zoom;
    if (zoom === undefined || panels.some((panel) => overlaps(fittedRect(map, bounds, padding, zoom), panel))) continue;
    if (!best || zoom > best.zoom) best = { padding, zoom };
  }
  return best?.padding ?? candidates[3];
}

/** Where the bounds lie on screen once fitted with `padding` at `zoom` (centred in the padded box). */
function fittedRect(map: MaplibreMap, bounds: LngLatBoundsLike, padding: Padding, zoom: number) {
  const box = LngLatBounds.convert(bounds);
  const sw = MercatorCoordinate.fromLngLat(box.getSouthWest());
  const ne = MercatorCoordinate.fromLngLat(box.getNorthEast());
  const scale = 512 * 2 ** zoom;
  const width = (ne.x - sw.x) * scale;
  const height = (sw.y - ne.y) * scale;
  const canvas = map.getCanvas();
  const cx = padding.left + (canvas.clientWidth - padding.left - padding.right) / 2;
  const cy = padding.top + (canvas.clientHeight - padding.top - padding.bottom) / 2;
  return { left: cx - width / 2, right: cx + width / 2, top: cy - height / 2, bottom: cy + height / 2 };
}

function overlaps(a: { left: number; right: number; top: number; bottom: number }, b: SidePanel): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The Web Mercator box a view of the map's size centred on `center` at `zoom` covers (no rotation: the map has none). */
export function viewBoxAt(map: MaplibreMap, { center, zoom }: { center: LngLatLike; zoom: number }): MercatorBox {
  const { x, y } = MercatorCoordinate.fromLngLat(LngLat.convert(center));
  const canvas = map.getCanvas();
  // MapLibre's world is 512 CSS pixels wide at zoom 0.
  const world = 512 * 2 ** zoom;
  const halfWidth = canvas.clientWidth / 2 / world;
  const halfHeight = canvas.clientHeight / 2 / world;
  return [x - halfWidth, y - halfHeight, x + halfWidth, y + halfHeight];
}
