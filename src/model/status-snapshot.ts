import { BOARDS, type Board } from './board.js';
import { GRID_STATUSES, type GridStatus, type StatusUpdate } from './grid-status.js';

/** Visits one status of a snapshot: a grid code, the status (unchecked) and its board (undefined: all). */
export type SnapshotVisitor = (code: string, status: unknown, board: Board | undefined) => void;

/**
 * A statuses.json snapshot: the status of every grid on each board (see docs/data.md), in one of
 * two forms.
 *
 * - Keyed: `grids: {code: [i, …]}`, a row of indexes into `statuses` per grid, in `boards` order.
 * - Ordered: `grids: "0000 0100 …"` without the spaces, a string of one digit per grid and board,
 *   the grids in the order of the area index (areas.json). This is what the fixture writes: for a
 *   city it parses as one string, where the keyed form is an object of 65,000 keys (50–65 ms of
 *   JSON.parse in Node, and more to walk), and it is applied by position, without a code lookup.
 *
 * The ordered form is read through `table` by whoever has the index; the keyed form is visited by
 * `forEach` without an object per status, and is iterable as updates, generated lazily.
 */
export class StatusSnapshot implements Iterable<StatusUpdate> {
  private constructor(
    readonly boards: readonly Board[],
    readonly statuses: readonly GridStatus[],
    private readonly grids: Record<string, unknown> | string,
  ) {}

  /** @throws Error when the snapshot is in neither shape */
  static fromJson(json: unknown): StatusSnapshot {
    const snapshot = json as { boards?: unknown; statuses?: unknown; grids?: unknown };
    const boards = Array.isArray(snapshot?.boards) ? (snapshot.boards as Board[]) : BOARDS;
    const statuses = Array.isArray(snapshot?.statuses) ? (snapshot.statuses as GridStatus[]) : GRID_STATUSES;
    const grids = snapshot?.grids;
    if (typeof grids === 'string') {
      if (grids.length % boards.length) throw new Error(`the statuses snapshot's "grids" string is not ${boards.length} digits per grid`);
      return new StatusSnapshot(boards, statuses, grids);
    }
    if (!grids || typeof grids !== 'object' || Array.isArray(grids)) throw new Error('the statuses snapshot has no "grids" object or string');
    return new StatusSnapshot(boards, statuses, grids as Record<string, unknown>);
  }

  /** The ordered form's digits (one per grid and board, the grids in the area index's order), or undefined when keyed. */
  get table(): string | undefined {
    return typeof this.grids === 'string' ? this.grids : undefined;
  }

  /**
   * Calls `visit` with every status of the keyed form.
   * @throws Error for the ordered form, which names no grids (see `table`)
   */
  forEach(visit: SnapshotVisitor): void {
    const grids = this.keyed();
    for (const code in grids) this.visitRow(code, grids[code], visit);
  }

  /**
   * The keyed form's statuses as updates, made one grid at a time.
   * @throws Error for the ordered form, which names no grids (see `table`)
   */
  *[Symbol.iterator](): Iterator<StatusUpdate> {
    const grids = this.keyed();
    const row: StatusUpdate[] = [];
    const collect: SnapshotVisitor = (code, status, board) => row.push({ code, status: status as GridStatus, board });
    for (const code in grids) {
      row.length = 0;
      this.visitRow(code, grids[code], collect);
      yield* row;
    }
  }

  private keyed(): Record<string, unknown> {
    if (typeof this.grids === 'string') throw new Error('an ordered statuses snapshot is applied by position (see table)');
    return this.grids;
  }

  /** A keyed row: a status index per board (in `boards` order), or one status for every board. */
  private visitRow(code: string, row: unknown, visit: SnapshotVisitor): void {
    if (!Array.isArray(row)) return visit(code, row, undefined);
    for (let b = 0; b < row.length; b++) visit(code, this.statuses[row[b]] ?? row[b], this.boards[b]);
  }
}
