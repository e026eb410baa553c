// areas.bin: the area index of areas.json in the typed form the map holds it in, so that the map's
// data worker reads it without parsing: the micro-grid city's areas.json is 40 MB of JSON whose
// parsing and compaction (~0.7 s) were the last thing its first paint waited for. The format is
// documented in docs/data.md ("The area index file"); src/model/index-file.ts reads it. Pure (no
// Node API), so the map's tests write files with it too.

/** The file's first four bytes, and the version of the layout below. */
export const INDEX_FILE_MAGIC = 'GMIX';
export const INDEX_FILE_VERSION = 1;
/** Label points and boxes are written in units of 1e-7 degree (the map's LABEL_UNITS). */
const UNITS = 1e7;

/**
 * The bytes of areas.bin for an index in areas.json's form (areaIndex() in labels.mjs): a 12-byte
 * head (magic, version, header length, little-endian), a JSON header describing each level, then,
 * from the next multiple of 8, the sections the header points at as [offset, length] in bytes from
 * there: codes (UTF-8 bytes; offsets when their lengths differ), names (the distinct names in the
 * header, a 1-, 2- or 4-byte position per area), label points and boxes (Int32), parents.
 * @param {Record<string, {codes: string[], names: string[], labels: number[], bboxes?: number[], parents?: number[]}>} index
 * @returns {Uint8Array}
 */
export function indexFile(index) {
  const sections = [];
  let size = 0;
  /** Appends a typed array's bytes, 8-aligned; its [offset, length]. */
  const add = (array) => {
    const at = size;
    sections.push([at, new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]);
    size += array.byteLength + ((8 - (array.byteLength % 8)) % 8);
    return [at, array.byteLength];
  };
  let above = 0;
  const levels = Object.entries(index).map(([level, entry]) => {
    const count = entry.codes.length;
    const header = { level, count, codes: codeSection(entry.codes, add), ...nameSection(entry.names, add) };
    header.labels = add(Int32Array.from(entry.labels, (d) => Math.round(d * UNITS)));
    if (entry.bboxes) header.bboxes = add(Int32Array.from(entry.bboxes, (d) => Math.round(d * UNITS)));
    if (entry.parents) {
      const wide = above > 0x10000;
      header.parents = [...add(wide ? Uint32Array.from(entry.parents) : Uint16Array.from(entry.parents)), wide ? 4 : 2];
    }
    above = count;
    return header;
  });
  const header = new TextEncoder().encode(JSON.stringify({ levels }));
  const start = Math.ceil((12 + header.length) / 8) * 8;
  const out = new Uint8Array(start + size);
  const view = new DataView(out.buffer);
  [...INDEX_FILE_MAGIC].forEach((c, i) => (out[i] = c.charCodeAt(0)));
  view.setUint32(4, INDEX_FILE_VERSION, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  for (const [at, bytes] of sections) out.set(bytes, start + at);
  return out;
}

/** A level's codes: their bytes, and where each starts unless all have `width` bytes. */
function codeSection(codes, add) {
  const encoder = new TextEncoder();
  const encoded = codes.map((code) => encoder.encode(code));
  const width = encoded[0]?.length ?? 0;
  const all = new Uint8Array(encoded.reduce((sum, bytes) => sum + bytes.length, 0));
  encoded.reduce((at, bytes) => (all.set(bytes, at), at + bytes.length), 0);
  const section = { bytes: add(all), width };
  if (encoded.some((bytes) => bytes.length !== width)) {
    const offsets = new Uint32Array(codes.length + 1);
    encoded.forEach((bytes, i) => (offsets[i + 1] = offsets[i] + bytes.length));
    section.offsets = add(offsets);
  }
  return section;
}

/** A level's names: each distinct name once (in the header), and a position among them per area. */
function nameSection(names, add) {
  const ids = new Map();
  const of = names.map((name) => {
    if (!ids.has(name)) ids.set(name, ids.size);
    return ids.get(name);
  });
  const size = ids.size <= 0x100 ? 1 : ids.size <= 0x10000 ? 2 : 4;
  const array = size === 1 ? Uint8Array.from(of) : size === 2 ? Uint16Array.from(of) : Uint32Array.from(of);
  return { names: [...ids.keys()], nameOf: [...add(array), size] };
}
