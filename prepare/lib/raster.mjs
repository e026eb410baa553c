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

const polygonsOf = (geometry) => (geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : []);

/**
 * Even-odd scanline fill of one polygon (rings as flat pixel coordinates): every pixel whose centre
 * is inside gets `id`; returns how many did. Written here because no maintained JS library
 * rasterises polygons without antialiasing (a blended edge pixel would name a grid that does not
 * exist), and grids tile their community without gaps, so pixel centres are the right, exact rule.
 * `scratch` holds a row's crossings (grown when a row has more).
 */
function fillPolygon(rings, width, height, data, id, scratch) {
  let top = Infinity;
  let bottom = -Infinity;
  for (const ring of rings) {
    for (let k = 1; k < ring.length; k += 2) {
      if (ring[k] < top) top = ring[k];
      if (ring[k] > bottom) bottom = ring[k];
    }
  }
  const first = Math.max(0, Math.ceil(top - 0.5));
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
      for (let col = from; col <= to; col++) writeId(data, (row * width + col) * 4, id);
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
