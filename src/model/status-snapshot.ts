import { BOARDS, type Board } from './board.js';
import { GRID_STATUSES, type GridStatus, type StatusUpdate } from './grid-status.js';

/**
 * The updates in a statuses.json snapshot (`{boards, statuses, grids: {code: [i, …]}}`, see
 * docs/fixture.md), generated lazily: 260,000 entries for the full city need no array.
 * @throws Error when the snapshot is not in that shape
 */
export function snapshotUpdates(json: unknown): Iterable<StatusUpdate> {
  const snapshot = json as { boards?: unknown; statuses?: unknown; grids?: unknown };
  const boards = Array.isArray(snapshot?.boards) ? (snapshot.boards as Board[]) : [...BOARDS];
  const statuses = Array.isArray(snapshot?.statuses) ? (snapshot.statuses as GridStatus[]) : [...GRID_STATUSES];
  const grids = snapshot?.grids;
  if (!grids || typeof grids !== 'object' || Array.isArray(grids)) throw new Error('the statuses snapshot has no "grids" object');
  return {
    *[Symbol.iterator]() {
      for (const [code, row] of Object.entries(grids as Record<string, unknown>)) {
        if (!Array.isArray(row)) {
          yield { code, status: row as GridStatus };
          continue;
        }
        for (let b = 0; b < row.length; b++) yield { code, status: statuses[row[b]] ?? row[b], board: boards[b] };
      }
    },
  };
}
