// The boundaries as Mapbox vector tiles, one tile pyramid per level (so the light district and
// town outlines arrive before the heavy grid tiles), each with the areas' polygons and a `labels`
// layer of label points. MapLibre's own @maplibre/geojson-vt cuts and simplifies, @maplibre/vt-pbf
// encodes; pmtiles.mjs packs each pyramid into one archive. The same tiles could come from any
// standard tile server (Martin or pg_tileserv on PostGIS, tippecanoe output on a CDN).
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

/** Tile zooms: z5 shows a whole city in a few tiles, z11 is fine enough to overzoom to streets. */
export const TILE_MIN_ZOOM = 5;
export const TILE_MAX_ZOOM = 11;
export const LABEL_LAYER = 'labels';
const EXTENT = 4096;

/**
 * How each level is cut, by its depth in the hierarchy (0: the top level).
 * `labelMinZoom`: label points go only into tiles of zooms where the map shows that level's labels.
 * `tolerance`: simplification in tile units (8 = one pixel of a 512-pixel tile): outlines drawn
 * 1–2 px wide lose nothing visible at 0.5–0.75 px, and every vertex saved is drawn in every frame.
 * geojson-vt drops rings smaller than tolerance², so the finest level uses a small one: every one
 * of Chongqing's 65,000 grids survives at the city view (z7).
 */
const CUT_BY_DEPTH = [
  { labelMinZoom: 5, tolerance: 6 },
  { labelMinZoom: 7, tolerance: 6 },
  { labelMinZoom: 9, tolerance: 4 },
  { labelMinZoom: 11, tolerance: 0.6 },
  { labelMinZoom: 13, tolerance: 0.3 },
];

/** How a level is cut, from its depth and whether it is the finest. */
export const cutOf = (depth, finest) => (finest ? CUT_BY_DEPTH[Math.max(3, depth)] : CUT_BY_DEPTH[Math.min(depth, 3)]);

/**
 * Every tile of one level over `bounds`, from `minzoom` to `maxzoom`. Tiles with nothing in them are
 * kept empty (a valid, empty vector tile) so that no request within the bounds fails.
 * @param {{ layer: string, features: import('geojson').Feature[], labels: import('geojson').Feature[], depth: number, finest: boolean }} level
 * @param {number[]} bounds  west, south, east, north
 * @param {(done: number, total: number) => void} [progress]
 * @returns {{ z: number, x: number, y: number, data: Uint8Array }[]}
 */
export function levelTiles({ layer, features, labels, depth, finest }, bounds, minzoom = TILE_MIN_ZOOM, maxzoom = TILE_MAX_ZOOM, progress = () => {}) {
  const cut = cutOf(depth, finest);
  const options = { maxZoom: maxzoom, indexMaxZoom: 5, extent: EXTENT, buffer: 64 };
  const polygons = new GeoJSONVT(collection(features.map(slimFeature)), { ...options, tolerance: cut.tolerance });
  const points = new GeoJSONVT(collection(labels), options);
  const ranges = [];
  for (let z = minzoom; z <= maxzoom; z++) ranges.push([z, tileOf(bounds[0], bounds[3], z), tileOf(bounds[2], bounds[1], z)]);
  const total = ranges.reduce((n, [, [x0, y0], [x1, y1]]) => n + (x1 - x0 + 1) * (y1 - y0 + 1), 0);
  const tiles = [];
  for (const [z, [x0, y0], [x1, y1]] of ranges) {
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const layers = {};
        const area = polygons.getTile(z, x, y);
        const label = z >= cut.labelMinZoom ? points.getTile(z, x, y) : null;
        if (area?.features.length) layers[layer] = area;
        if (label?.features.length) layers[LABEL_LAYER] = label;
        tiles.push({ z, x, y, data: fromGeojsonVt(layers, { version: 2, extent: EXTENT }) });
        if (tiles.length % 64 === 0) progress(tiles.length, total);
      }
    }
  }
  progress(tiles.length, total);
  return tiles;
}

const collection = (features) => ({ type: 'FeatureCollection', features });

/**
 * Tiles carry the numeric id and the name only: the level is the tile set and the parent is in
 * areas.json, so repeating them would make the city-view tiles a third larger.
 */
function slimFeature({ id, properties, geometry }) {
  return { type: 'Feature', id, properties: { name: properties.name }, geometry };
}

/** Web-Mercator tile containing a point. */
function tileOf(lng, lat, z) {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}
