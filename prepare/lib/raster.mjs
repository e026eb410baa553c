// The grid mosaic's id raster, pure: no file, no Node API. Shared by gm-prepare (mosaic.mjs writes
// it as PNG) and the map's data worker (src/engine/workers/data-worker.ts draws it for GeoJSON
// boundaries that come without a mosaic), so a prepared city and a plain-GeoJSON one name their
// grids' pixels by the same rule.

/** At `maxzoom` one pixel of the mosaic covers this many screen pixels (512-pixel tiles). */
const SCREEN_PIXELS_PER_TEXEL = 1.25;

const mercatorX = (lng) => (lng + 180) / 360;
const mercatorY = (lat) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};
const longitude = (x) => x * 360 - 180;
const latitude = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

/**
 * The zoom up to which the mosaic draws by default: about 1.7 zooms past the zoom that fits the
 * city on a 1920×1080 screen (Chongqing: fits at z7.3, mosaic to z9), where the finest areas are a
 * few pixels across and the tiles take over; kept within 4,096 pixels a side (docs/data.md: a
 * texture size every GPU has).
 * @param {[number, number, number, number]} bounds  west, south, east, north
 */
export function defaultMosaicZoom([west, south, east, north]) {
  const spanX = (east - west) / 360;
  const spanY = mercatorY(south) - mercatorY(north);
  const fit = Math.log2(Math.min(1920 / (512 * spanX), 1080 / (512 * spanY)));
  const limit = Math.log2(4096 / (1.25 * 512 * Math.max(spanX, spanY)));
  return Math.round(Math.min(fit + 1.7, limit) * 2) / 2;
}

/**
 * The zoom up to which a tiled mosaic draws by default: where the median area is about 8 screen
 * pixels across (Chongqing's 65,000 grids: z9, as defaultMosaicZoom; its 650,000 courtyards:
 * z10.5), never below defaultMosaicZoom's fit + 1.7 and at most 14. Tiles have no size limit.
 * @param {[number, number, number, number]} bounds  west, south, east, north
 * @param {import('geojson').Geometry[]} geometries  the finest level's areas
 */
export function tiledMosaicZoom(bounds, geometries) {
  const median = medianWidth(geometries);
  const dense = median ? Math.log2(8 / (512 * median)) : 0;
  const [west, south, east, north] = bounds;
  const fit = Math.log2(Math.min(1920 / (512 * ((east - west) / 360)), 1080 / (512 * (mercatorY(south) - mercatorY(north)))));
  return Math.min(14, Math.round(Math.max(fit + 1.7, dense) * 2) / 2);
}

/**
 * The finest level's deepest vector-tile zoom: where its median area is about 32 screen pixels
 * across (Chongqing's grids: 11, as every other level; its courtyards: 13), from `least` to 14.
 * Why: deeper in, MapLibre over-zooms the deepest tile, cutting all of it again for each tile of
 * the view; a z11 tile of 650,000 courtyards holds thousands, and a drill-down step into a town
 * took 3–9 s waiting for them (docs/performance.md).
 * @param {import('geojson').Geometry[]} geometries  the finest level's areas
 * @param {number} least  the other levels' deepest zoom
 */
export function finestTileMaxzoom(geometries, least) {
  const median = medianWidth(geometries);
  return median ? Math.min(14, Math.max(least, Math.ceil(Math.log2(32 / (512 * median)) - 0.25))) : least;
}

/** The median width of the areas, as a fraction of the world's (a sample of a few thousand is the median's to within a few percent). */
function medianWidth(geometries) {
  const widths = [];
  const stride = Math.max(1, Math.floor(geometries.length / 4000));
  for (let i = 0; i < geometries.length; i += stride) {
    let [min, max] = [Infinity, -Infinity];
    for (const polygon of polygonsOf(geometries[i])) for (const [lng] of polygon[0]) [min, max] = [Math.min(min, lng), Math.max(max, lng)];
    if (max > min) widths.push((max - min) / 360);
  }
  widths.sort((a, b) => a - b);
  return widths[widths.length >> 1];
}

/**
 * Rasterises areas into an RGBA id image: the pixel whose centre lies in the i-th area holds i + 1
 * as a 24-bit big-endian number (red highest; alpha 255), 0 outside every area. Pixels are square
 * in Web Mercator. An area smaller than a pixel that gets no pixel centre still gets the pixel of
 * its label point, so every area's status shows from the city view.
 * @param {Iterable<import('geojson').Geometry>} geometries  Polygons or MultiPolygons, in the index's order
 * @param {ArrayLike<number>} labels  their label points as [lng, lat, lng, lat, …]
 * @param {[number, number, number, number]} bounds  west, south, east, north to cover
 * @param {number} maxzoom  the zoom up to which the map draws the mosaic
 * @returns {{ data: Uint8Array, width: number, height: number, bounds: [number, number, number, number], maxzoom: number }}
 *   bounds: the image's edges
 */
export function rasterizeAreas(geometries, labels, bounds, maxzoom) {
  const { width, height, bounds: edges, texel, x0, y0 } = frame(bounds, maxzoom);
  const data = new Uint8Array(width * height * 4);
  for (let p = 3; p < data.length; p += 4) data[p] = 255;
  const unpainted = [];
  const crossings = new Float64Array(64);
  let i = 0;
  for (const geometry of geometries) {
    const id = ++i;
    let painted = 0;
    for (const polygon of polygonsOf(geometry)) {
      // Each ring as [x, y, x, y, …] in pixels: flat typed arrays, not an array per point (65,000 grids).
      const rings = polygon.map((ring) => {
        const xy = new Float64Array(ring.length * 2);
        for (let k = 0; k < ring.length; k++) {
          xy[2 * k] = (mercatorX(ring[k][0]) - x0) / texel;
          xy[2 * k + 1] = (mercatorY(ring[k][1]) - y0) / texel;
        }
        return xy;
      });
      painted += fillPolygon(rings, width, height, data, id, crossings);
    }
    if (!painted) unpainted.push(id - 1);
  }
  for (const k of unpainted) {
    const col = Math.max(0, Math.min(width - 1, Math.floor((mercatorX(labels[2 * k]) - x0) / texel)));
    const row = Math.max(0, Math.min(height - 1, Math.floor((mercatorY(labels[2 * k + 1]) - y0) / texel)));
    writeId(data, (row * width + col) * 4, k + 1);
  }
  return { data, width, height, bounds: edges, maxzoom };
}

/**
 * The size and edges of the mosaic image of `bounds` drawn up to `maxzoom`, without drawing it.
 * @param {[number, number, number, number]} bounds  west, south, east, north to cover
 * @param {number} maxzoom
 */
export function mosaicFrame(bounds, maxzoom) {
  const { width, height, bounds: edges } = frame(bounds, maxzoom);
  return { width, height, bounds: edges, maxzoom };
}

function frame(bounds, maxzoom) {
  const texel = SCREEN_PIXELS_PER_TEXEL / (512 * 2 ** maxzoom);
  const [x0, y0] = [mercatorX(bounds[0]), mercatorY(bounds[3])];
  const width = Math.ceil((mercatorX(bounds[2]) - x0) / texel);
  const height = Math.ceil((mercatorY(bounds[1]) - y0) / texel);
  const round = (v) => Math.round(v * 1e7) / 1e7;
  const edges = /** @type {[number, number, number, number]} */ ([longitude(x0), latitude(y0 + height * texel), longitude(x0 + width * texel), latitude(y0)].map(round));
  return { width, height, bounds: edges, texel, x0, y0 };
}

function writeId(data, offset, id) {
  data[offset] = (id >> 16) & 255;
  data[offset + 1] = (id >> 8) & 255;
  data[offset + 2] = id & 255;
}

/** A tiled mosaic's finest tile zoom: the nearest to `maxzoom`, halves down (src/model/mosaic-pyramid.ts finestTileZoom). */
export const finestTileZoom = (maxzoom) => Math.ceil(maxzoom - 0.5);

/** The edge length of a tiled mosaic's tiles (src/model/mosaic-pyramid.ts MOSAIC_TILE_SIZE). */
export const TILE_SIZE = 512;

/**
 * Areas in Web Mercator (0…1), converted once for every zoom of a tiled mosaic: per area its
 * polygons' rings as flat [x, y, x, y, …] and its box [minX, minY, maxX, maxY].
 * @param {Iterable<import('geojson').Geometry>} geometries
 */
export function mercatorAreas(geometries) {
  const areas = [];
  for (const geometry of geometries) {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const polygons = polygonsOf(geometry).map((polygon) =>
      polygon.map((ring) => {
        const xy = new Float64Array(ring.length * 2);
        for (let k = 0; k < ring.length; k++) {
          const [x, y] = [mercatorX(ring[k][0]), mercatorY(ring[k][1])];
          xy[2 * k] = x;
          xy[2 * k + 1] = y;
          if (x < box[0]) box[0] = x;
          if (y < box[1]) box[1] = y;
          if (x > box[2]) box[2] = x;
          if (y > box[3]) box[3] = y;
        }
        return xy;
      }),
    );
    areas.push({ polygons, box });
  }
  return areas;
}

/**
 * The mosaic at tile zoom `z` as 512-pixel tiles on the XYZ grid, by the rule of rasterizeAreas
 * (pixel centres; an area without one gets its label point's pixel), drawn a row of tiles at a time
 * so that memory stays one row's worth whatever the city's size. Calls `onTile(x, y, rgba)` for each
 * tile that holds a grid (`rgba` is reused: copy what is kept).
 * @param {ReturnType<typeof mercatorAreas>} areas  in the index's order
 * @param {ArrayLike<number>} labels  their label points as [lng, lat, lng, lat, …]
 * @param {[number, number, number, number]} bounds  west, south, east, north to cover
 * @param {number} z
 * @param {(x: number, y: number, rgba: Uint8Array) => void} onTile
 */
export function rasterizeTiles(areas, labels, bounds, z, onTile) {
  const n = 2 ** z;
  const clampTile = (v) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
  const [tx0, ty0, tx1, ty1] = [clampTile(mercatorX(bounds[0])), clampTile(mercatorY(bounds[3])), clampTile(mercatorX(bounds[2])), clampTile(mercatorY(bounds[1]))];
  const texel = 1 / (TILE_SIZE * n);
  const [x0, y0] = [tx0 / n, ty0 / n];
  const width = (tx1 - tx0 + 1) * TILE_SIZE;
  const height = (ty1 - ty0 + 1) * TILE_SIZE;
  const toPixels = (polygon) => polygon.map((ring) => ring.map((v, k) => (k % 2 ? v - y0 : v - x0) / texel));
  const crossings = new Float64Array(64);
  // Which areas get no pixel centre anywhere: counted over the whole height before any row is drawn.
  const unpainted = [];
  areas.forEach(({ polygons }, i) => {
    let painted = 0;
    for (const polygon of polygons) painted += fillPolygon(toPixels(polygon), width, height, null, i + 1, crossings);
    if (!painted) unpainted.push(i);
  });
  const labelPixel = (i) => [Math.max(0, Math.min(width - 1, Math.floor((mercatorX(labels[2 * i]) - x0) / texel))), Math.max(0, Math.min(height - 1, Math.floor((mercatorY(labels[2 * i + 1]) - y0) / texel)))];
  const band = new Uint8Array(width * TILE_SIZE * 4);
  const tile = new Uint8Array(TILE_SIZE * TILE_SIZE * 4);
  for (let ty = ty0; ty <= ty1; ty++) {
    const fromRow = (ty - ty0) * TILE_SIZE;
    const [top, bottom] = [y0 + fromRow * texel, y0 + (fromRow + TILE_SIZE) * texel];
    band.fill(0);
    for (let p = 3; p < band.length; p += 4) band[p] = 255;
    areas.forEach(({ polygons, box }, i) => {
      if (box[3] < top || box[1] > bottom) return;
      for (const polygon of polygons) fillPolygon(toPixels(polygon), width, fromRow + TILE_SIZE, band, i + 1, crossings, fromRow);
    });
    for (const i of unpainted) {
      const [col, row] = labelPixel(i);
      if (row >= fromRow && row < fromRow + TILE_SIZE) writeId(band, ((row - fromRow) * width + col) * 4, i + 1);
    }
    for (let tx = tx0; tx <= tx1; tx++) {
      let any = false;
      for (let row = 0; row < TILE_SIZE; row++) {
        const from = (row * width + (tx - tx0) * TILE_SIZE) * 4;
        const line = band.subarray(from, from + TILE_SIZE * 4);
        tile.set(line, row * TILE_SIZE * 4);
        if (!any) for (let k = 0; k < line.length; k += 4) if (line[k] | line[k + 1] | line[k + 2]) { any = true; break; }
      }
      if (any) onTile(tx, ty, tile);
    }
  }
}

const polygonsOf = (geometry) => (geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : []);

/**
 * Even-odd scanline fill of one polygon (rings as flat pixel coordinates): every pixel whose centre
 * is inside gets `id`; returns how many did. Written here because no maintained JS library
 * rasterises polygons without antialiasing (a blended edge pixel would name a grid that does not
 * exist), and grids tile their community without gaps, so pixel centres are the right, exact rule.
 * `scratch` holds a row's crossings (grown when a row has more). `data` holds the rows from
 * `fromRow` to `height` - 1 (a band of the image); without it the pixels are only counted.
 */
function fillPolygon(rings, width, height, data, id, scratch, fromRow = 0) {
  let top = Infinity;
  let bottom = -Infinity;
  for (const ring of rings) {
    for (let k = 1; k < ring.length; k += 2) {
      if (ring[k] < top) top = ring[k];
      if (ring[k] > bottom) bottom = ring[k];
    }
  }
  const first = Math.max(fromRow, Math.ceil(top - 0.5));
  const last = Math.min(height - 1, Math.floor(bottom - 0.5));
  let crossings = scratch;
  let painted = 0;
  for (let row = first; row <= last; row++) {
    const yc = row + 0.5;
    let count = 0;
    for (const ring of rings) {
      for (let k = 0; k + 3 < ring.length; k += 2) {
        const xa = ring[k], ya = ring[k + 1], xb = ring[k + 2], yb = ring[k + 3];
        if (ya <= yc !== yb <= yc) {
          if (count === crossings.length) crossings = grow(crossings);
          crossings[count++] = xa + ((yc - ya) / (yb - ya)) * (xb - xa);
        }
      }
    }
    const sorted = crossings.subarray(0, count).sort();
    for (let k = 0; k + 1 < count; k += 2) {
      const from = Math.max(0, Math.ceil(sorted[k] - 0.5));
      const to = Math.min(width - 1, Math.ceil(sorted[k + 1] - 0.5) - 1);
      if (data) for (let col = from; col <= to; col++) writeId(data, ((row - fromRow) * width + col) * 4, id);
      if (to >= from) painted += to - from + 1;
    }
  }
  return painted;
}

const grow = (array) => {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
};
