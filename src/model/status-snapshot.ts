import { BOARDS, type Board } from './board.js';
import { GRID_STATUSES, type GridStatus, type StatusUpdate } from './grid-status.js';

/**
 * A statuses.json snapshot (`{boards, statuses, grids: {code: [i, …]}}`, see docs/fixture.md): the
 * status of every grid on each board. Iterable as updates, generated lazily (260,000 for the full
 * city need no array); `forEach` visits them without an object each, for the load's fast path.
 */
export class StatusSnapshot implements Iterable<StatusUpdate> {
  private constructor(
    private readonly boards: readonly Board[],
    private readonly statuses: readonly GridStatus[],
    private readonly grids: Record<string, unknown>,
  ) {}

  /** @throws Error when the snapshot is not in that shape */
  static fromJson(json: unknown): StatusSnapshot {
    const snapshot = json as { boards?: unknown; statuses?: unknown; grids?: unknown };
    const boards = Array.isArray(snapshot?.boards) ? (snapshot.boards as Board[]) : BOARDS;
    const statuses = Array.isArray(snapshot?.statuses) ? (snapshot.statuses as GridStatus[]) : GRID_STATUSES;
    const grids = snapshot?.grids;
    if (!grids || typeof grids !== 'object' || Array.isArray(grids)) throw new Error('the statuses snapshot has no "grids" object');
    return new StatusSnapshot(boards, statuses, grids as Record<string, unknown>);
  }

  /** Calls `visit` with every status of the snapshot. */
  forEach(visit: (code: string, status: unknown, board: Board | undefined) => void): void {
    for (const code in this.grids) this.visitRow(code, visit);
  }

  /** The statuses as updates, made one grid at a time. */
  *[Symbol.iterator](): Iterator<StatusUpdate> {
    for (const code in this.grids) {
      const row: StatusUpdate[] = [];
      this.visitRow(code, (_, status, board) => row.push({ code, status: status as GridStatus, board }));
      yield* row;
    }
  }

  /** A grid's row: a status index per board (in `boards` order), or one status for every board. */
  private visitRow(code: string, visit: (code: string, status: unknown, board: Board | undefined) => void): void {
    const row = this.grids[code];
    if (!Array.isArray(row)) return visit(code, row, undefined);
    for (let b = 0; b < row.length; b++) visit(code, this.statuses[row[b]] ?? row[b], this.boards[b]);
  }
}

/**
 * The updates in a statuses.json snapshot.
 * @throws Error when the snapshot is not in that shape
 */
export function snapshotUpdates(json: unknown): StatusSnapshot {
  return StatusSnapshot.fromJson(json);
}
