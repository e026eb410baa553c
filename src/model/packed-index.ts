// The area index as the data worker sends it to the page: a city at micro-grid level has 650,000
// codes and names, and a message clones its strings one by one on the receiving thread (as long as
// parsing them there). Sent packed instead: each list of strings as one string (one copy) split on
// arrival, names as their distinct values and a number per area, numbers as typed arrays moved,
// not copied. Written by hand: structured clone is the only built-in, and it is the slow part.
import type { AreaIndexJson, AreaIndexLevel, CheckedIndex } from './area-index.js';
import { LEVEL_NAMES } from './codes.js';

/** Strings as one, joined by a line feed when none holds one (codes and names may, from hostile input: then the list). */
type PackedStrings = { joined: string; count: number } | { list: string[] };

interface PackedLevel {
  codes: PackedStrings;
  /** The distinct names, and per area the position of its name among them. */
  names: { distinct: PackedStrings; of: Uint32Array };
  labels: Float64Array;
  bboxes?: Float64Array;
  parents?: Uint32Array;
}

/** A checked index, packed (packIndex), and the buffers to transfer with it. */
export interface PackedIndex {
  levels: Partial<Record<string, PackedLevel>>;
  cutNames: string[];
}

/** Packs a checked (compacted) index; `transfer` lists the typed arrays' buffers to move with the message. */
export function packIndex({ levels, cutNames }: CheckedIndex): { packed: PackedIndex; transfer: ArrayBuffer[] } {
  const packed: PackedIndex = { levels: {}, cutNames };
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
    packed.levels[level] = { codes: packStrings(entry.codes), names: { distinct: packStrings([...ids.keys()]), of }, ...numbers };
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
    const distinct = unpackStrings(entry.names.distinct);
    const names = Array.from(entry.names.of, (id) => distinct[id]);
    const unpacked: AreaIndexLevel = { codes: unpackStrings(entry.codes), names, labels: entry.labels };
    if (entry.bboxes) unpacked.bboxes = entry.bboxes;
    if (entry.parents) unpacked.parents = entry.parents;
    levels[level] = unpacked;
  }
  return { levels, cutNames: packed.cutNames };
}

function packStrings(list: string[]): PackedStrings {
  return list.some((s) => s.includes('\n')) ? { list } : { joined: list.join('\n'), count: list.length };
}

function unpackStrings(packed: PackedStrings): string[] {
  if ('list' in packed) return packed.list;
  return packed.count ? packed.joined.split('\n') : [];
}
