// Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
// one file holding a whole tile pyramid, read by the map with HTTP range requests. Written here
// because the `pmtiles` package only reads archives and the maintained writers (go-pmtiles,
// tippecanoe) are not JavaScript; the format is a header, varint directories and the tiles.
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

const HEADER_BYTES = 127;
/** The header and root directory must fit in the first 16 KiB a reader fetches. */
const ROOT_BUDGET = 16384 - HEADER_BYTES;
const COMPRESSION = { none: 1, gzip: 2 };
const TILE_TYPE_MVT = 1;
/** Tile type of a mosaic archive's PNG tiles. */
export const TILE_TYPE_PNG = 2;

/**
 * The archive's bytes.
 * @param {{ z: number, x: number, y: number, data: Uint8Array }[]} tiles  vector tiles (uncompressed: the
 *   map reads them without a decompression step; a server may still gzip the whole response)
 * @param {{ bounds: number[], minzoom: number, maxzoom: number, metadata: object, tileType?: number }} info
 *   tileType: TILE_TYPE_PNG for a mosaic's tiles (default: vector tiles)
 * @returns {Buffer}
 */
export function pmtilesArchive(tiles, { bounds, minzoom, maxzoom, metadata, tileType = TILE_TYPE_MVT }) {
  // Empty tiles are left out: a reader answers a tile missing from an MVT archive with an empty
  // tile, and a zero-length range is one some servers fail on (Vite's sirv answers it with a 500).
  const sorted = tiles
    .filter((t) => t.data.length > 0)
    .map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) }))
    .sort((a, b) => a.id - b.id);
  // Identical tiles (the many empty ones) are stored once and addressed by every entry.
  const contents = new Map();
  const blobs = [];
  let offset = 0;
  const entries = [];
  for (const tile of sorted) {
    const key = Buffer.from(tile.data).toString('base64');
    let at = contents.get(key);
    if (at === undefined) {
      at = { offset, length: tile.data.length };
      contents.set(key, at);
      blobs.push(tile.data);
      offset += tile.data.length;
    }
    const last = entries[entries.length - 1];
    if (last && last.offset === at.offset && last.tileId + last.runLength === tile.id) last.runLength++;
    else entries.push({ tileId: tile.id, offset: at.offset, length: at.length, runLength: 1 });
  }
  const { root, leaves } = directories(entries);
  const meta = gzipSync(JSON.stringify(metadata));
  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const leavesOffset = metaOffset + meta.length;
  const dataOffset = leavesOffset + leaves.length;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = [rootOffset, root.length, metaOffset, meta.length, leavesOffset, leaves.length, dataOffset, offset, sorted.length, entries.length, contents.size];
  u64.forEach((v, i) => header.writeBigUInt64LE(BigInt(v), 8 + i * 8));
  header.writeUInt8(1, 96); // clustered: tiles in tile-id order
  header.writeUInt8(COMPRESSION.gzip, 97);
  header.writeUInt8(COMPRESSION.none, 98);
  header.writeUInt8(tileType, 99);
  header.writeUInt8(minzoom, 100);
  header.writeUInt8(maxzoom, 101);
  const e7 = (v) => Math.round(v * 1e7);
  [bounds[0], bounds[1], bounds[2], bounds[3]].forEach((v, i) => header.writeInt32LE(e7(v), 102 + i * 4));
  header.writeUInt8(minzoom, 118);
  header.writeInt32LE(e7((bounds[0] + bounds[2]) / 2), 119);
  header.writeInt32LE(e7((bounds[1] + bounds[3]) / 2), 123);
  return Buffer.concat([header, root, meta, leaves, ...blobs]);
}

/**
 * The root directory, and leaf directories when the root alone would not fit in its 16 KiB: the
 * entries cut into leaves of `leafSize`, doubled until the root of leaf pointers fits (the method
 * of the reference writer, go-pmtiles).
 */
function directories(entries) {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_BUDGET) return { root, leaves: Buffer.alloc(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const pointers = [];
    const leaves = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize));
      pointers.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      leaves.push(leaf);
      offset += leaf.length;
    }
    const rootOfLeaves = serializeDirectory(pointers);
    if (rootOfLeaves.length <= ROOT_BUDGET) return { root: rootOfLeaves, leaves: Buffer.concat(leaves) };
  }
}

/** A directory as the spec lays it out: count, id deltas, run lengths, lengths, offsets; gzipped. */
function serializeDirectory(entries) {
  const bytes = [];
  const varint = (value) => {
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  };
  varint(entries.length);
  let lastId = 0;
  for (const e of entries) {
    varint(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) varint(e.runLength);
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const follows = i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length;
    varint(follows ? 0 : e.offset + 1);
  });
  return gzipSync(Buffer.from(bytes));
}
