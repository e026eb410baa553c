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

  /** Calls `visit` with every status of the snapshot (a grid's row is a status index per board, or one status for all). */
  forEach(visit: (code: string, status: unknown, board: Board | undefined) => void): void {
    const { boards, statuses, grids } = this;
    for (const code in grids) {
      const row = grids[code];
      if (!Array.isArray(row)) {
        visit(code, row, undefined);
        continue;
      }
      for (let b = 0; b < row.length; b++) visit(code, statuses[row[b]] ?? row[b], boards[b]);
    }
  }

  *[Symbol.iterator](): Iterator<StatusUpdate> {
    const { boards, statuses, grids } = this;
    for (const code in grids) {
      const row = grids[code];
      if (!Array.isArray(row)) {
        yield { code, status: row as GridStatus };
        continue;
      }
      for (let b = 0; b < row.length; b++) yield { code, status: statuses[row[b]] ?? row[b], board: boards[b] };
    }
  }
}

/**
 * The updates in a statuses.json snapshot.
 * @throws Error when the snapshot is not in that shape
 */
export function snapshotUpdates(json: unknown): StatusSnapshot {
  return StatusSnapshot.fromJson(json);
}
