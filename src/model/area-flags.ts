/**
 * Areas flagged for a later step (written to the map at the next frame, rolled up at the end of a
 * batch): a bit per area, so an area is listed once however often it changes, and the flagged
 * areas in the order they were flagged. A bit, not a byte: the status part keeps four such sets over
 * the finest level, 2.6 MB of bytes at 650,000 courtyards, 0.3 MB of bits.
 */
export class AreaFlags {
  private readonly bits: Uint32Array;
  private list: number[] = [];

  /** @param capacity how many areas (positions 0 to capacity - 1) */
  constructor(readonly capacity: number) {
    this.bits = new Uint32Array(Math.ceil(capacity / 32));
  }

  /** How many areas are flagged. */
  get count(): number {
    return this.list.length;
  }

  has(index: number): boolean {
    return (this.bits[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  /** Flags an area (once: an area flagged already stays where it is in the list). */
  add(index: number): void {
    const word = index >>> 5;
    const bit = 1 << (index & 31);
    if (this.bits[word] & bit) return;
    this.bits[word] |= bit;
    this.list.push(index);
  }

  /** Flags every area, in order (a tight loop: 650,000 add() calls on a cold page are not). */
  addAll(): void {
    this.bits.fill(0xffffffff);
    const list = (this.list = new Array<number>(this.capacity));
    for (let i = 0; i < list.length; i++) list[i] = i;
  }

  /** The flagged areas, in order; none is flagged afterwards. */
  take(): number[] {
    const list = this.list;
    this.list = [];
    if (list.length > this.bits.length) this.bits.fill(0);
    else for (const i of list) this.bits[i >>> 5] &= ~(1 << (i & 31));
    return list;
  }
}
