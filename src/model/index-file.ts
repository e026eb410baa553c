// areas.bin, the area index in typed form (written by gm-prepare: prepare/lib/index-file.mjs; the
// layout is in docs/data.md, "The area index file"). Read in the data worker instead of areas.json:
// its sections become the index's typed arrays as they are, so nothing is parsed but a small JSON
// header. Every number in it is checked (a section inside the file, lengths that agree, positions
// in range): a broken or hostile file is refused with what is wrong, never read past its end.
import { checkedIndex, MAX_AREA_NAME, MAX_CODE, type AreaIndexJson, type CheckedIndex } from './area-index.js';
import { CodeColumn } from './code-column.js';
import { isLevelName, LEVEL_NAMES, type BoundaryLevel, type ParentLinks } from './codes.js';
import { NameColumn } from './name-column.js';

const MAGIC = 'GMIX';
const VERSION = 1;
const HEAD = 12;

/** Whether these bytes are an area index file (its magic; anything else is read as areas.json). */
export function isIndexFile(bytes: ArrayBuffer): boolean {
  if (bytes.byteLength < 4) return false;
  const head = new Uint8Array(bytes, 0, 4);
  return [...MAGIC].every((c, i) => head[i] === c.charCodeAt(0));
}

/** One level as the header describes it. */
interface LevelHeader {
  level: unknown;
  count: unknown;
  codes: { bytes: unknown; offsets?: unknown; width: unknown };
  names: unknown;
  nameOf: unknown;
  labels: unknown;
  bboxes?: unknown;
  parents?: unknown;
}

/**
 * Reads an area index file: its levels compacted (codes, names, label points and boxes, parents in
 * the index's typed form), checked as readIndexJson checks areas.json.
 * @throws Error naming what is wrong (the map reports it as `index-invalid`)
 */
export function readIndexFile(bytes: ArrayBuffer): CheckedIndex {
  if (!isIndexFile(bytes) || bytes.byteLength < HEAD) throw new Error('the area index file is shorter than its head');
  const view = new DataView(bytes);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`the area index file is of version ${version}; this map reads version ${VERSION}`);
  const headerLength = view.getUint32(8, true);
  if (HEAD + headerLength > bytes.byteLength) throw new Error('the area index file ends inside its header');
  let header: { levels?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, HEAD, headerLength)));
  } catch {
    throw new Error('the area index file\'s header is not JSON');
  }
  if (!Array.isArray(header?.levels) || !header.levels.length) throw new Error('the area index file has no level');
  const sections = new Sections(bytes, Math.ceil((HEAD + headerLength) / 8) * 8);
  const levels: AreaIndexJson = {};
  const present: BoundaryLevel[] = [];
  const cutNames: string[] = [];
  let above = 0;
  for (const entry of header.levels as LevelHeader[]) {
    const level = entry?.level;
    if (!isLevelName(level) || levels[level] || (present.length && LEVEL_NAMES.indexOf(level) < LEVEL_NAMES.indexOf(present.at(-1)!))) {
      throw new Error(`the area index file has a level out of place or unknown: "${String(level).slice(0, 40)}"`);
    }
    const count = entry.count;
    if (!Number.isInteger(count) || (count as number) < 0) throw new Error(`the area index file's "${level}" has no count of areas`);
    const n = count as number;
    const codes = codeColumn(sections, entry.codes, n, level);
    const names = nameColumn(sections, entry, n, level, codes, cutNames);
    const labels = new Int32Array(sections.get(entry.labels, `${level} labels`, 8 * n));
    const bboxes = entry.bboxes === undefined ? undefined : new Int32Array(sections.get(entry.bboxes, `${level} boxes`, 16 * n));
    const parents = entry.parents === undefined ? undefined : parentLinks(sections, entry.parents, n, above, level);
    levels[level] = { codes, names, labels, ...(bboxes ? { bboxes } : {}), ...(parents ? { parents } : {}) };
    present.push(level);
    above = n;
  }
  return checkedIndex(levels, present, cutNames);
}

/** The file's sections: [offset, length] in bytes from `start`, copied out (an index keeps no view of the whole file). */
class Sections {
  constructor(
    private readonly bytes: ArrayBuffer,
    private readonly start: number,
  ) {}

  /** The section's bytes; `length`: the length it must have. */
  get(range: unknown, what: string, length?: number): ArrayBuffer {
    const [offset, size] = Array.isArray(range) ? range : [];
    if (!Number.isInteger(offset) || !Number.isInteger(size) || offset < 0 || size < 0 || this.start + offset + size > this.bytes.byteLength) {
      throw new Error(`the area index file's ${what} lie outside the file`);
    }
    if (length !== undefined && size !== length) throw new Error(`the area index file's ${what} are ${size} bytes, not ${length}`);
    return this.bytes.slice(this.start + offset, this.start + offset + size);
  }
}

/** A level's codes: every code 1 to MAX_CODE bytes. */
function codeColumn(sections: Sections, spec: LevelHeader['codes'], count: number, level: string): CodeColumn {
  const bytes = new Uint8Array(sections.get(spec?.bytes, `${level} codes`));
  const width = spec?.width;
  if (!Number.isInteger(width)) throw new Error(`the area index file's "${level}" codes have no width`);
  let offsets: Uint32Array | undefined;
  if (spec.offsets === undefined) {
    if (count && ((width as number) < 1 || (width as number) > MAX_CODE)) throw new Error(`the area index file's "${level}" codes are not 1 to ${MAX_CODE} bytes`);
    if (bytes.length !== count * (width as number)) throw new Error(`the area index file's "${level}" codes are not ${count} of ${width} bytes`);
  } else {
    offsets = new Uint32Array(sections.get(spec.offsets, `${level} code offsets`, 4 * (count + 1)));
    if (offsets[0] !== 0 || offsets[count] !== bytes.length) throw new Error(`the area index file's "${level}" code offsets do not span its codes`);
    for (let i = 0; i < count; i++) {
      const size = offsets[i + 1] - offsets[i];
      if (!(size >= 1 && size <= MAX_CODE)) throw new Error(`the area index file's "${level}" code ${i + 1} is not 1 to ${MAX_CODE} bytes`);
    }
  }
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 128;
  return CodeColumn.fromParts({ bytes, offsets, width: width as number, length: count, ascii });
}

/** A level's names: the distinct names (cut past MAX_AREA_NAME, listed in `cutNames`), a position among them per area. */
function nameColumn(sections: Sections, entry: LevelHeader, count: number, level: string, codes: CodeColumn, cutNames: string[]): NameColumn {
  const distinct = entry.names;
  if (!Array.isArray(distinct) || !distinct.every((name) => typeof name === 'string')) throw new Error(`the area index file's "${level}" names are not a list of strings`);
  const [, , size] = Array.isArray(entry.nameOf) ? entry.nameOf : [];
  if (size !== 1 && size !== 2 && size !== 4) throw new Error(`the area index file's "${level}" name positions are not 1, 2 or 4 bytes`);
  const buffer = sections.get(entry.nameOf, `${level} name positions`, size * count);
  const of = size === 1 ? new Uint8Array(buffer) : size === 2 ? new Uint16Array(buffer) : new Uint32Array(buffer);
  for (let i = 0; i < of.length; i++) if (of[i] >= distinct.length) throw new Error(`the area index file's "${level}" area ${i + 1} has no name`);
  distinct.forEach((name: string, id) => {
    if (name.length <= MAX_AREA_NAME) return;
    distinct[id] = name.slice(0, MAX_AREA_NAME);
    // Named after the first area that has it (a name no area has: after its level).
    cutNames.push(`${codes.at(of.indexOf(id)) ?? level}: ${name.slice(0, 20)}…`);
  });
  return NameColumn.fromParts({ distinct, of });
}

/** A level's parent links: 2 or 4 bytes each, each an area of the level above. */
function parentLinks(sections: Sections, spec: unknown, count: number, above: number, level: string): ParentLinks {
  const [, , size] = Array.isArray(spec) ? spec : [];
  if (size !== 2 && size !== 4) throw new Error(`the area index file's "${level}" parents are not 2 or 4 bytes each`);
  const buffer = sections.get(spec, `${level} parents`, size * count);
  const parents = size === 2 ? new Uint16Array(buffer) : new Uint32Array(buffer);
  for (let i = 0; i < parents.length; i++) if (parents[i] >= above) throw new Error(`the area index file's "${level}" parents are not one area of the level above per area`);
  return parents;
}
