// A statuses.json snapshot turned into its ordered form (one digit per grid and board, in the area
// index's order), whatever form it came in: what the data worker hands the main thread, so that a
// keyed snapshot of a million rows is resolved against the grid codes off the page's main thread
// and applied there by position, in one pass over the grids.
import type { CodeColumn } from './code-column.js';
import { BOARDS, isBoard, type Board } from './board.js';
import { listed, safeText } from './error-report.js';
import { GRID_STATUSES, isGridStatus, type GridStatus } from './grid-status.js';

/** A snapshot in ordered form, and what was refused on the way (by `gm-error` reason). */
export interface StatusTable {
  boards: Board[];
  statuses: GridStatus[];
  /** One digit per grid and board: an index into `statuses`. */
  table: string;
  rejected: Partial<Record<'unknown-code' | 'invalid-status' | 'invalid-board', { count: number; items: string[] }>>;
}

/**
 * The ordered form of a parsed snapshot. An ordered snapshot is returned as it is (its length is
 * checked against the index where it is applied); a keyed one is resolved against the grid codes
 * `codes()` gives, every grid it does not name left unknown.
 * @throws Error when the snapshot is in neither form
 */
export async function tableFromSnapshot(json: unknown, codes: () => Promise<CodeColumn>): Promise<StatusTable> {
  const snapshot = json as { boards?: unknown; statuses?: unknown; grids?: unknown };
  const boards = (Array.isArray(snapshot?.boards) ? snapshot.boards : BOARDS) as Board[];
  const statuses = (Array.isArray(snapshot?.statuses) ? snapshot.statuses : GRID_STATUSES) as GridStatus[];
  const grids = snapshot?.grids;
  if (typeof grids === 'string') return { boards, statuses, table: grids, rejected: {} };
  if (!grids || typeof grids !== 'object' || Array.isArray(grids)) throw new Error('the statuses snapshot has no "grids" object or string');
  const gridCodes = await codes();
  const width = BOARDS.length;
  const unknown = GRID_STATUSES.indexOf('unknown');
  const digits = new Uint8Array(gridCodes.length * width).fill(48 + unknown);
  const refused = { 'unknown-code': [] as string[], 'invalid-status': [] as string[], 'invalid-board': [] as string[] };
  const boardColumn = boards.map((board) => (isBoard(board) ? BOARDS.indexOf(board) : -1));
  const put = (grid: number, code: string, column: number, status: unknown) => {
    if (!isGridStatus(status)) refused['invalid-status'].push(`${code}: ${safeText(status)}`);
    else digits[grid * width + column] = 48 + GRID_STATUSES.indexOf(status);
  };
  for (const code in grids) {
    const grid = gridCodes.find(code);
    if (grid === undefined) {
      refused['unknown-code'].push(safeText(code));
      continue;
    }
    const row = (grids as Record<string, unknown>)[code];
    if (!Array.isArray(row)) {
      for (let column = 0; column < width; column++) put(grid, code, column, row);
      continue;
    }
    for (let b = 0; b < row.length; b++) {
      if (boardColumn[b] === undefined || boardColumn[b] < 0) refused['invalid-board'].push(`${code}: ${safeText(boards[b])}`);
      else put(grid, code, boardColumn[b], statuses[row[b]] ?? row[b]);
    }
  }
  const rejected: StatusTable['rejected'] = {};
  for (const [reason, list] of Object.entries(refused)) if (list.length) rejected[reason as keyof typeof refused] = listed(list);
  return { boards: [...BOARDS], statuses: [...GRID_STATUSES], table: new TextDecoder().decode(digits), rejected };
}
