// The area index as the data worker sends it to the page, packed: names as their distinct values
// and a number per area (a NameColumn: a city's 650,000 courtyards repeat a few names, cloned once,
// not 650,000 times), numbers and codes (a CodeColumn's bytes) as typed arrays moved, not copied:
// 650,000 codes cloned as strings were a long task on each side and 24 MB of the page's heap.
import type { AreaIndexJson, AreaIndexLevel, CheckedIndex } from './area-index.js';
import { CodeColumn, type CodeColumnParts } from './code-column.js';
import { LEVEL_NAMES, type ParentLinks } from './codes.js';
import { NameColumn, type NameColumnParts } from './name-column.js';

interface PackedLevel {
  codes: CodeColumnParts;
  /** Whether `codes` are the bytes after each parent's code (CodeColumn.afterParents, with `parents`). */
  codesAfterParents?: boolean;
  names: NameColumnParts;
  labels: Int32Array;
  bboxes?: Int32Array;
  parents?: ParentLinks;
}

/** A checked index, packed (packIndex), and the buffers to transfer with it. */
export interface PackedIndex {
  levels: Partial<Record<string, PackedLevel>>;
  cutNames: string[];
  duplicates: string[];
}

/** Packs a checked (compacted) index; `transfer` lists the typed arrays' buffers to move with the message (the index is not used again). */
export function packIndex({ levels, cutNames, duplicates }: CheckedIndex): { packed: PackedIndex; transfer: ArrayBuffer[] } {
  const packed: PackedIndex = { levels: {}, cutNames, duplicates };
  const transfer: ArrayBuffer[] = [];
  for (const level of LEVEL_NAMES) {
    const entry = levels[level];
    if (!entry) continue;
    const names = (entry.names as NameColumn).parts();
    const numbers = { labels: entry.labels as Int32Array, bboxes: entry.bboxes as Int32Array | undefined, parents: entry.parents as ParentLinks | undefined };
    const codes = (entry.codes as CodeColumn).parts();
    packed.levels[level] = { codes, codesAfterParents: (entry.codes as CodeColumn).afterParent, names, ...numbers };
    for (const array of [names.of, numbers.labels, numbers.bboxes, numbers.parents, codes.bytes, codes.offsets]) if (array) transfer.push(array.buffer as ArrayBuffer);
  }
  return { packed, transfer };
}

/** The checked index a packed one holds (its levels' arrays as readIndexJson left them). */
export function unpackIndex(packed: PackedIndex): CheckedIndex {
  const levels: AreaIndexJson = {};
  let above: CodeColumn | undefined;
  for (const level of LEVEL_NAMES) {
    const entry = packed.levels[level];
    if (!entry) continue;
    const codes = entry.codesAfterParents ? CodeColumn.afterParents(CodeColumn.fromParts(entry.codes), above!, entry.parents!) : CodeColumn.fromParts(entry.codes);
    above = codes;
    const unpacked: AreaIndexLevel = { codes, names: NameColumn.fromParts(entry.names), labels: entry.labels };
    if (entry.bboxes) unpacked.bboxes = entry.bboxes;
    if (entry.parents) unpacked.parents = entry.parents;
    levels[level] = unpacked;
  }
  return { levels, cutNames: packed.cutNames, duplicates: packed.duplicates };
}
