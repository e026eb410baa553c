import type { Board } from './board.js';

/** 网格状态: the status of a grid on one board. */
export type GridStatus = 'normal' | 'attention' | 'warning' | 'emergency' | 'unknown';

/** All statuses, in the order of the fixture's statuses.json and of the legend. */
export const GRID_STATUSES: readonly GridStatus[] = ['normal', 'attention', 'warning', 'emergency', 'unknown'];

/**
 * Severity ranks for "worst status" roll-up. `unknown` (no report, offline) ranks above normal but
 * below attention: an offline grid must not hide a warning or an emergency next to it, and a
 * parent whose grids are all normal but one offline shows that something is unknown.
 */
export const STATUS_RANK: Readonly<Record<GridStatus, number>> = {
  normal: 0,
  unknown: 1,
  attention: 2,
  warning: 3,
  emergency: 4,
};

/** Statuses by rank: RANKED_STATUSES[STATUS_RANK[s]] === s. */
export const RANKED_STATUSES: readonly GridStatus[] = ['normal', 'unknown', 'attention', 'warning', 'emergency'];

export function isGridStatus(value: unknown): value is GridStatus {
  return typeof value === 'string' && Object.hasOwn(STATUS_RANK, value);
}

/** One status change, as `setStatuses()` takes it. Without `board`, it applies to every board. */
export interface StatusUpdate {
  code: string;
  status: GridStatus;
  board?: Board;
}
