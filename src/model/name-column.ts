// A level's names as their distinct values and a number per area. A city's 650,000 courtyards
// repeat a few hundred names (第3院落, 1号院): an array of 650,000 references was 2.6–3.7 MB of the
// page's heap and a 650,000-step loop on the main thread when the index arrived; here it is a byte
// per area (a Uint16 past 256 distinct names, a Uint32 past 65,536), moved from the data worker
// without a copy.

/** A NameColumn's contents, to post to another thread (`of`'s buffer can be transferred). */
export interface NameColumnParts {
  distinct: string[];
  /** Per area, the position of its name in `distinct`. */
  of: Uint8Array | Uint16Array | Uint32Array;
}

/** The names of one level, in the level's order. */
export class NameColumn implements Iterable<string> {
  private constructor(private readonly parts_: NameColumnParts) {}

  /** The column of these names (in order). */
  static from(names: readonly string[]): NameColumn {
    const ids = new Map<string, number>();
    const positions = names.map((name) => {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = ids.size));
      return id;
    });
    const of = ids.size <= 0x100 ? Uint8Array.from(positions) : ids.size <= 0x10000 ? Uint16Array.from(positions) : Uint32Array.from(positions);
    return new NameColumn({ distinct: [...ids.keys()], of });
  }

  /** The column whose parts another thread posted. */
  static fromParts(parts: NameColumnParts): NameColumn {
    return new NameColumn(parts);
  }

  /** The column's contents (shared, not copied). */
  parts(): NameColumnParts {
    return this.parts_;
  }

  get length(): number {
    return this.parts_.of.length;
  }

  /** Each name once (e.g. for the characters the labels need). */
  get distinct(): readonly string[] {
    return this.parts_.distinct;
  }

  /** The name at `index`, or undefined out of range. */
  at(index: number): string | undefined {
    return index >= 0 && index < this.length ? this.parts_.distinct[this.parts_.of[index]] : undefined;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}
