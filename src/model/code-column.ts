// A level's codes as one block of bytes. Why by hand: a JS array of 650,000 code strings (the
// micro-grid city) is ~24 MB of the page's heap, and the Map that found an area by its code another
// ~30 MB; structured-cloning the strings from the data worker was a long task of the load, and again
// from the page to the worker for a keyed statuses snapshot. Here a code is its bytes, moved between
// threads without a copy, and when every code of a level starts with its parent's (the official
// scheme), only the bytes after it: a courtyard's code is its grid's and 3 digits (2 MB for 650,000,
// not 11). Codes are found through an open-addressing table of Int32 (8 MB at 650,000), made on the
// first lookup by code alone. No library does this for strings: TypedArray-backed string tables in
// npm are tries (slower to build) or unmaintained.

import type { ParentLinks } from './codes.js';

/** What the map reads of a level's codes: an array of strings is one, a CodeColumn another. */
export interface CodeList {
  readonly length: number;
  at(index: number): string | undefined;
}

/** A CodeColumn's contents, to post to another thread (the buffers can be transferred). */
export interface CodeColumnParts {
  /** Every code's bytes, one after another: Latin-1 when `ascii`, else UTF-8. */
  bytes: Uint8Array;
  /** Where each code starts in `bytes`, and where the last ends (n + 1 entries); absent when every code has `width` bytes. */
  offsets?: Uint32Array;
  width: number;
  length: number;
  ascii: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The codes of one level, in the level's order: read by position, found by code, compared as bytes. */
export class CodeColumn implements CodeList, Iterable<string> {
  readonly length: number;
  private readonly bytes: Uint8Array;
  private readonly offsets?: Uint32Array;
  private readonly width: number;
  private readonly ascii: boolean;
  /** When each code is its parent's code and then its own bytes: the level above's codes, and each area's parent there. */
  private parent?: { codes: CodeColumn; of: ParentLinks };
  /** Open addressing: slot → position + 1 (0: empty); made on the first find(). */
  private slots?: Int32Array;
  private firstDuplicates?: string[];
  /** The parent whose code was made last (parentCode), and that code. */
  private lastParent = -1;
  private lastParentCode = '';
  private digits?: number;

  private constructor(parts: CodeColumnParts) {
    ({ bytes: this.bytes, offsets: this.offsets, width: this.width, length: this.length, ascii: this.ascii } = parts);
  }

  /** The column of these codes (strings, in order). */
  static from(codes: readonly string[]): CodeColumn {
    const ascii = codes.every(isAscii);
    const encoded = ascii ? undefined : codes.map((code) => encoder.encode(code));
    const sizeOf = (i: number) => (encoded ? encoded[i].length : codes[i].length);
    const width = codes.length ? sizeOf(0) : 0;
    let fixed = true;
    let total = 0;
    for (let i = 0; i < codes.length; i++) {
      fixed &&= sizeOf(i) === width;
      total += sizeOf(i);
    }
    const bytes = new Uint8Array(total);
    const offsets = fixed ? undefined : new Uint32Array(codes.length + 1);
    for (let i = 0, at = 0; i < codes.length; i++) {
      if (offsets) offsets[i] = at;
      if (encoded) bytes.set(encoded[i], at);
      else for (let c = 0; c < codes[i].length; c++) bytes[at + c] = codes[i].charCodeAt(c);
      at += sizeOf(i);
    }
    if (offsets) offsets[codes.length] = total;
    return new CodeColumn({ bytes, offsets, width, length: codes.length, ascii });
  }

  /** Whether each code is its parent's code and then the bytes parts() has (afterParents). */
  get afterParent(): boolean {
    return this.parent !== undefined;
  }

  /** The column whose parts another thread posted. */
  static fromParts(parts: CodeColumnParts): CodeColumn {
    return new CodeColumn(parts);
  }

  /**
   * The codes of a level whose every code starts with its parent's: `rest` has the bytes after it
   * (restAfterParents), `parents` each area's parent's position in `above`. Both must be ASCII.
   */
  static afterParents(rest: CodeColumn, above: CodeColumn, parents: ParentLinks): CodeColumn {
    const column = new CodeColumn(rest.parts());
    column.parent = { codes: above, of: parents };
    return column;
  }

  /**
   * The bytes of each code after its parent's code in `above` (`parents`: each area's parent there),
   * or undefined when a code does not start with its parent's or either column is not ASCII.
   */
  restAfterParents(above: CodeColumn, parents: ParentLinks): CodeColumn | undefined {
    if (!this.ascii || !above.ascii || this.parent || above.parent || parents.length !== this.length) return undefined;
    if (!this.offsets && !above.offsets) return this.fixedRestAfterParents(above, parents);
    const sizes = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      if (parents[i] >= above.length || !this.startsWith(i, above, parents[i])) return undefined;
      sizes[i] = this.size(i) - above.size(parents[i]);
    }
    const width = sizes[0] ?? 0;
    const fixed = sizes.every((size) => size === width);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const bytes = new Uint8Array(total);
    const offsets = fixed ? undefined : new Uint32Array(this.length + 1);
    for (let i = 0, at = 0; i < this.length; i++) {
      if (offsets) offsets[i] = at;
      const end = this.start(i + 1);
      bytes.set(this.bytes.subarray(end - sizes[i], end), at);
      at += sizes[i];
    }
    if (offsets) offsets[this.length] = total;
    return new CodeColumn({ bytes, offsets, width, length: this.length, ascii: true });
  }

  /** restAfterParents for two columns of one width each: a tight loop over the bytes (650,000 codes: ~10 ms, not ~60). */
  private fixedRestAfterParents(above: CodeColumn, parents: ParentLinks): CodeColumn | undefined {
    const [width, prefix] = [this.width, above.width];
    if (prefix > width) return undefined;
    const rest = width - prefix;
    const bytes = new Uint8Array(this.length * rest);
    for (let i = 0; i < this.length; i++) {
      if (parents[i] >= above.length) return undefined;
      const at = i * width;
      const from = parents[i] * prefix;
      for (let c = 0; c < prefix; c++) if (this.bytes[at + c] !== above.bytes[from + c]) return undefined;
      for (let c = 0; c < rest; c++) bytes[i * rest + c] = this.bytes[at + prefix + c];
    }
    return new CodeColumn({ bytes, width: rest, length: this.length, ascii: true });
  }

  /**
   * The column's contents (shared, not copied: post them with `transfer` only when this column is not
   * used again). For a column afterParents, the bytes after the parents' codes.
   */
  parts(): CodeColumnParts {
    return { bytes: this.bytes, offsets: this.offsets, width: this.width, length: this.length, ascii: this.ascii };
  }

  /** The same codes with every code's bytes whole (for a column afterParents, a new column; else this one): to post them to another thread. */
  whole(): CodeColumn {
    if (!this.parent) return this;
    let total = 0;
    for (let i = 0; i < this.length; i++) total += this.size(i);
    const bytes = new Uint8Array(total);
    const offsets = new Uint32Array(this.length + 1);
    for (let i = 0, at = 0; i < this.length; i++) {
      offsets[i] = at;
      at = this.copyCode(i, bytes, at);
    }
    offsets[this.length] = total;
    const width = this.length ? offsets[1] : 0;
    const fixed = offsets.every((offset, i) => offset === i * width);
    return new CodeColumn({ bytes, offsets: fixed ? undefined : offsets, width, length: this.length, ascii: this.ascii });
  }

  /** Writes the code at `index` into `into` at `at` (its parent's code first); returns where it ends. */
  private copyCode(index: number, into: Uint8Array, at: number): number {
    if (this.parent) at = this.parent.codes.copyCode(this.parent.of[index], into, at);
    const start = this.start(index), end = this.start(index + 1);
    into.set(this.bytes.subarray(start, end), at);
    return at + end - start;
  }

  /** The code at `index`, or undefined out of range (an array's `at`, without negative positions). */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const start = this.start(index);
    const bytes = this.bytes.subarray(start, this.start(index + 1));
    const own = this.ascii ? String.fromCharCode.apply(null, bytes as unknown as number[]) : decoder.decode(bytes);
    return this.parent ? this.parentCode(index) + own : own;
  }

  *[Symbol.iterator](): Iterator<string> {
    if (!this.parent) {
      for (let i = 0; i < this.length; i++) yield this.at(i)!;
      return;
    }
    // Areas come grouped by parent (gm-prepare's order): each parent's code is made once per run.
    const { codes, of } = this.parent;
    let parent = -1;
    let prefix = '';
    for (let i = 0; i < this.length; i++) {
      if (of[i] !== parent) prefix = codes.at((parent = of[i]))!;
      yield prefix + this.own(i);
    }
  }

  /** The bytes of the code at `index` after its parent's (an ASCII column afterParents), as a string. */
  private own(index: number): string {
    return String.fromCharCode.apply(null, this.bytes.subarray(this.start(index), this.start(index + 1)) as unknown as number[]);
  }

  /** Whether the code at `index` is `code`, compared without making a string (a snapshot read in the index's order checks every row so). */
  equals(index: number, code: string): boolean {
    if (!(index >= 0 && index < this.length) || typeof code !== 'string') return false;
    if (!this.ascii) return this.at(index) === code;
    if (!this.parent) return this.endsAt(index, code, code.length);
    // Own bytes last; then the parent's code, made once for a run of siblings (a snapshot in the
    // index's order checks 650,000 courtyards against 65,000 grids' codes).
    const start = this.start(index);
    const from = code.length - (this.start(index + 1) - start);
    if (from < 0) return false;
    for (let c = start; c < this.start(index + 1); c++) if (this.bytes[c] !== code.charCodeAt(from + c - start)) return false;
    const parentCode = this.parentCode(index);
    return from === parentCode.length && code.startsWith(parentCode);
  }

  /** The code of the parent of the area at `index` (a column afterParents), made once for a run of siblings. */
  private parentCode(index: number): string {
    const parent = this.parent!.of[index];
    if (parent !== this.lastParent) this.lastParentCode = this.parent!.codes.at((this.lastParent = parent))!;
    return this.lastParentCode;
  }

  /** Whether `code` ends at `end` with the code at `index` (an ASCII column): its own bytes last, its parent's before them. */
  private endsAt(index: number, code: string, end: number): boolean {
    const start = this.start(index);
    const size = this.start(index + 1) - start;
    const from = end - size;
    if (from < 0 || (!this.parent && from !== 0)) return false;
    for (let c = 0; c < size; c++) if (this.bytes[start + c] !== code.charCodeAt(from + c)) return false;
    return !this.parent || this.parent.codes.endsAt(this.parent.of[index], code, from);
  }

  /** The position of `code` (the first, if listed more than once), or undefined. */
  find(code: string): number | undefined {
    if (typeof code !== 'string') return undefined;
    const key = this.ascii ? (isAscii(code) ? code : undefined) : encoder.encode(code);
    if (key === undefined) return undefined;
    const slots = this.table();
    const mask = slots.length - 1;
    for (let slot = hashOf(key, FNV_OFFSET) & mask; slots[slot]; slot = (slot + 1) & mask) {
      const index = slots[slot] - 1;
      if (this.sameAs(index, key)) return index;
    }
    return undefined;
  }

  /** Whether the code at `index` starts with `prefix`'s code at `at` (the official scheme: a child's code starts with its parent's). */
  startsWith(index: number, prefix: CodeColumn, at: number): boolean {
    if (this.parent || prefix.parent) return this.at(index)!.startsWith(prefix.at(at)!);
    const start = this.start(index);
    const from = prefix.start(at);
    const size = prefix.start(at + 1) - from;
    if (size > this.start(index + 1) - start) return false;
    for (let c = 0; c < size; c++) if (this.bytes[start + c] !== prefix.bytes[from + c]) return false;
    return true;
  }

  /** How many digits every code has when every code is that many ASCII digits (an official code of one level), else -1. */
  digitsWidth(): number {
    if (this.digits !== undefined) return this.digits;
    let digits = this.ascii && !this.offsets ? this.width : -1;
    for (let i = 0; i < this.bytes.length && digits >= 0; i++) if (this.bytes[i] < 48 || this.bytes[i] > 57) digits = -1;
    const above = this.parent?.codes.digitsWidth() ?? 0;
    return (this.digits = digits >= 0 && above >= 0 ? above + digits : -1);
  }

  /** Codes listed more than once (each time after its first). A column in ascending order (as gm-prepare writes areas.json) has none and makes no table. */
  duplicates(): string[] {
    if (this.firstDuplicates) return this.firstDuplicates;
    if (!this.parent && this.ascending()) return (this.firstDuplicates = []);
    this.table();
    return this.firstDuplicates!;
  }

  private ascending(): boolean {
    for (let i = 1; i < this.length; i++) if (this.compare(i - 1, i) >= 0) return false;
    return true;
  }

  /** Byte order of two codes of the column. */
  private compare(a: number, b: number): number {
    const aStart = this.start(a), aSize = this.start(a + 1) - aStart;
    const bStart = this.start(b), bSize = this.start(b + 1) - bStart;
    for (let c = 0; c < aSize && c < bSize; c++) {
      const d = this.bytes[aStart + c] - this.bytes[bStart + c];
      if (d) return d;
    }
    return aSize - bSize;
  }

  private start(index: number): number {
    return this.offsets ? this.offsets[index] : index * this.width;
  }

  /** How many bytes the code at `index` has. */
  private size(index: number): number {
    return this.start(index + 1) - this.start(index) + (this.parent ? this.parent.codes.size(this.parent.of[index]) : 0);
  }

  /** Whether two codes of the column are one. */
  private same(a: number, b: number): boolean {
    if (!this.parent) return this.compare(a, b) === 0;
    const aStart = this.start(a), bStart = this.start(b);
    const size = this.start(a + 1) - aStart;
    if (this.start(b + 1) - bStart !== size) return false;
    for (let c = 0; c < size; c++) if (this.bytes[aStart + c] !== this.bytes[bStart + c]) return false;
    const { codes, of } = this.parent;
    return of[a] === of[b] || codes.same(of[a], of[b]);
  }

  /** Whether the code at `index` has the characters (an ASCII column) or the UTF-8 bytes (another, never afterParents) of `key`. */
  private sameAs(index: number, key: string | Uint8Array): boolean {
    if (typeof key === 'string') return this.endsAt(index, key, key.length);
    const start = this.start(index);
    if (this.start(index + 1) - start !== key.length) return false;
    for (let c = 0; c < key.length; c++) if (this.bytes[start + c] !== key[c]) return false;
    return true;
  }

  /** The lookup table, made once: every code's hash, the first of equal codes kept (the others are duplicates). */
  private table(): Int32Array {
    if (this.slots) return this.slots;
    let size = 16;
    while (size < this.length * 2) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    const duplicates: string[] = [];
    const hashes = this.hashes();
    for (let i = 0; i < this.length; i++) {
      let slot = hashes[i] & mask;
      while (slots[slot] && !this.same(slots[slot] - 1, i)) slot = (slot + 1) & mask;
      if (slots[slot]) duplicates.push(this.at(i)!);
      else slots[slot] = i + 1;
    }
    this.firstDuplicates ??= duplicates;
    return (this.slots = slots);
  }

  /** Every code's hash: its parent's code's (each parent's once), carried on over its own bytes (FNV-1a runs left to right). */
  private hashes(): Uint32Array {
    const seeds = this.parent?.codes.hashes();
    const hashes = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      let hash = seeds ? seeds[this.parent!.of[i]] : FNV_OFFSET;
      // hashOf's step, inline: no subarray made per code (650,000 of them).
      for (let c = this.start(i), end = this.start(i + 1); c < end; c++) hash = Math.imul(hash ^ this.bytes[c], FNV_PRIME);
      hashes[i] = hash >>> 0;
    }
    return hashes;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes (or the char codes of an ASCII string, which are its bytes), from `seed`. */
function hashOf(key: string | Uint8Array, seed: number): number {
  let hash = seed;
  for (let c = 0; c < key.length; c++) hash = Math.imul(hash ^ (typeof key === 'string' ? key.charCodeAt(c) : key[c]), FNV_PRIME);
  return hash >>> 0;
}

function isAscii(code: string): boolean {
  for (let c = 0; c < code.length; c++) if (code.charCodeAt(c) > 127) return false;
  return true;
}
