import type { ExpressionSpecification } from 'maplibre-gl';
import type { Board } from '../model/board.js';
import type { BoundaryLevel } from '../model/codes.js';
import type { StaffStatus } from '../model/staff.js';
import type { OverdueLight } from '../model/grid-event.js';
import type { AlertLevel } from '../model/alert.js';
import { RANKED_STATUSES, type GridStatus } from '../model/grid-status.js';

/**
 * The colours and sizes the canvas needs, read from the theme's `--gm-*` custom properties (the
 * canvas cannot read CSS, so the map element converts them once per theme change).
 */
export interface MapPalette {
  status: Record<GridStatus, string>;
  /** Areas whose status is not known yet. */
  noData: string;
  outline: Record<BoundaryLevel, string>;
  highlight: string;
  selected: string;
  label: string;
  labelHalo: string;
  /** Multiplier for label sizes (the `screen` theme reads from metres away). */
  labelScale: number;
  fillOpacity: number;
  /** Each board's colour (site icons, event markers). */
  board: Record<Board, string>;
  /** Clusters of points. */
  cluster: string;
  /** Staff icons by status. */
  staff: Record<StaffStatus, string>;
  /** Overdue lights of grid events (挂单计时·亮灯). */
  light: Record<OverdueLight, string>;
  /** Flashing grids and alert markers by level. */
  alert: Record<AlertLevel, string>;
  /** Electronic fences by kind. */
  fence: { restricted: string; watch: string };
}

/**
 * fill-color from the feature-state `rank` (an index into RANKED_STATUSES), so a status change is
 * a feature-state write: no boundary is re-sent or re-tiled. An area without a rank yet (its
 * hierarchy's statuses are still loading) is transparent: the fills can be on the map from the
 * start, and colouring them is no style change (which would cost MapLibre a second frame).
 */
export function statusColor(palette: MapPalette): ExpressionSpecification {
  const branches = RANKED_STATUSES.flatMap((status, rank) => [rank, palette.status[status]]);
  return ['match', ['coalesce', ['feature-state', 'rank'], -1], -1, 'rgba(0, 0, 0, 0)', ...branches, palette.noData] as unknown as ExpressionSpecification;
}

/** The palette of the `light` theme: what an engine draws with before a view gives it one. */
export const DEFAULT_PALETTE: MapPalette = {
  status: { normal: '#2e7d32', attention: '#f9a825', warning: '#ef6c00', emergency: '#d32f2f', unknown: '#9e9e9e' },
  noData: '#cfd8dc',
  outline: { district: '#37474f', town: '#607d8b', community: '#90a4ae', grid: '#b0bec5', 'microgrid': '#cfd8dc' },
  highlight: '#1565c0',
  selected: '#0d47a1',
  label: '#1f2933',
  labelHalo: '#ffffff',
  labelScale: 1,
  fillOpacity: 0.85,
  board: { party: '#c62828', economy: '#1565c0', livelihood: '#6a1b9a', safety: '#00796b' },
  cluster: '#37474f',
  staff: { 'on-duty': '#2e7d32', busy: '#ef6c00', 'off-duty': '#607d8b' },
  light: { 'on-time': '#2e7d32', 'due-soon': '#f9a825', overdue: '#d32f2f' },
  alert: { emergency: '#ff1744', warning: '#ff9100', attention: '#ffd600' },
  fence: { restricted: '#d50000', watch: '#ff8f00' },
};
