// The area index as the data worker sends it to the page, packed: names as their distinct values
// and a number per area (a city's 650,000 courtyards repeat a few names: cloned once, not 650,000
// times), numbers as typed arrays moved, not copied. Codes go as the list they are: joined into one
// string and split on arrival they cost the same time, and split made each code a slice that keeps
// the whole joined string alive (the micro-grid page held its codes twice: +27 MB).
import type { AreaIndexJson, AreaIndexLevel, CheckedIndex } from './area-index.js';
import { LEVEL_NAMES } from './codes.js';

interface PackedLevel {
  codes: string[];
  /** The distinct names, and per area the position of its name among them. */
  names: { distinct: string[]; of: Uint32Array };
  labels: Float64Array;
  bboxes?: Float64Array;
  parents?: Uint32Array;
}

/** A checked index, packed (packIndex), and the buffers to transfer with it. */
export interface PackedIndex {
  levels: Partial<Record<string, PackedLevel>>;
  cutNames: string[];
  duplicates: string[];
}

/** Packs a checked (compacted) index; `transfer` lists the typed arrays' buffers to move with the message. */
export function packIndex({ levels, cutNames, duplicates }: CheckedIndex): { packed: PackedIndex; transfer: ArrayBuffer[] } {
  const packed: PackedIndex = { levels: {}, cutNames, duplicates };
  const transfer: ArrayBuffer[] = [];
  for (const level of LEVEL_NAMES) {
    const entry = levels[level];
    if (!entry) continue;
    const ids = new Map<string, number>();
    const of = new Uint32Array(entry.names.length);
    entry.names.forEach((name, i) => {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = ids.size));
      of[i] = id;
    });
    const numbers = { labels: entry.labels as Float64Array, bboxes: entry.bboxes as Float64Array | undefined, parents: entry.parents as Uint32Array | undefined };
    packed.levels[level] = { codes: entry.codes, names: { distinct: [...ids.keys()], of }, ...numbers };
    for (const array of [of, numbers.labels, numbers.bboxes, numbers.parents]) if (array) transfer.push(array.buffer as ArrayBuffer);
  }
  return { packed, transfer };
}

/** The checked index a packed one holds (its levels' arrays as readIndexJson left them). */
export function unpackIndex(packed: PackedIndex): CheckedIndex {
  const levels: AreaIndexJson = {};
  for (const level of LEVEL_NAMES) {
    const entry = packed.levels[level];
    if (!entry) continue;
    const distinct = entry.names.distinct;
    const names = Array.from(entry.names.of, (id) => distinct[id]);
    const unpacked: AreaIndexLevel = { codes: entry.codes, names, labels: entry.labels };
    if (entry.bboxes) unpacked.bboxes = entry.bboxes;
    if (entry.parents) unpacked.parents = entry.parents;
    levels[level] = unpacked;
  }
  return { levels, cutNames: packed.cutNames, duplicates: packed.duplicates };
}
