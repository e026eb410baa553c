// Hostile and oversized input, made on the fly from the sample fixture: what the reliability tests
// and the benchmark's "hostile input" table serve to the map. Each file is made once per process
// and kept (some take a second to build). Paths are under /hostile/ (see `hostileFile`).
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SAMPLE = new URL('../../fixtures/out/sample/', import.meta.url);
const read = (name) => readFileSync(new URL(name, SAMPLE));
const json = (name) => JSON.parse(read(name).toString('utf8'));
const cache = new Map();

/** The files, by path below /hostile/: [content type, () => body]. */
const FILES = {
  // 1 MB of name for the first district.
  'long-name/areas.json': ['application/json', () => {
    const areas = json('areas.json');
    areas.district.names[0] = '渝'.repeat(1_000_000);
    return JSON.stringify(areas);
  }],
  // A community listed twice (appended again at the end).
  'duplicate/areas.json': ['application/json', () => {
    const areas = json('areas.json');
    const c = areas.community;
    c.codes.push(c.codes[0]);
    c.names.push(c.names[0]);
    c.labels.push(c.labels[0], c.labels[1]);
    if (c.bboxes) c.bboxes.push(...c.bboxes.slice(0, 4));
    return JSON.stringify(areas);
  }],
  // A keyed snapshot: every sample grid emergency on the safety board, and 1,000,000 codes no map has.
  'million/statuses.json': ['application/json', () => {
    const grids = json('areas.json').grid.codes;
    const parts = grids.map((code) => `"${code}":[0,0,0,3]`);
    for (let i = 0; i < 1_000_000; i++) parts.push(`"9${String(i).padStart(13, '0')}":[1,1,1,1]`);
    return `{"boards":["party","economy","livelihood","safety"],"statuses":["normal","attention","warning","emergency","unknown"],"grids":{${parts.join(',')}}}`;
  }],
  // The sample's grids with ~50 MB of numbers in an extra property (an array, dropped on the way to MapLibre).
  'heavy/grids.geojson': ['application/geo+json', () => {
    const grids = json('grids.geojson');
    const per = Math.ceil(50e6 / grids.features.length / 6);
    const filler = Array.from({ length: per }, (_, i) => (i % 1000) + 0.5).join(',');
    const features = grids.features.map((f) => JSON.stringify(f).replace('"properties":{', `"properties":{"survey":[${filler}],`));
    return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
  }],
  // The sample's towns, the first with a property named `constructor` (MapLibre's worker refused the level).
  'poisoned/towns.geojson': ['application/geo+json', () => {
    const towns = json('towns.geojson');
    towns.features[0].properties.constructor = { name: 'x' };
    towns.features[1].properties.__proto__ = 'y';
    return JSON.stringify(towns).replace('"properties":{', '"properties":{"constructor":"Object",');
  }],
  // A mosaic PNG of 20,000 × 20,000 pixels (1-bit grey: 60 kB that decode to 1.6 GB of RGBA).
  'huge/mosaic.png': ['image/png', () => png(20_000, 20_000)],
  // A mosaic of one pixel: every point named the same grid.
  'tiny/mosaic.png': ['image/png', () => png(1, 1)],
};

/** The body and type of /hostile/<path>, or undefined for another path. */
export function hostileFile(path) {
  const entry = FILES[path];
  if (!entry) return undefined;
  if (!cache.has(path)) cache.set(path, Buffer.from(entry[1]()));
  return { type: entry[0], body: cache.get(path) };
}

/** A black 1-bit greyscale PNG of this size. */
function png(width, height) {
  const row = Buffer.alloc(1 + Math.ceil(width / 8));
  const raw = Buffer.alloc(row.length * height);
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
