import { isBoard, type Board } from './board.js';
import { timeMs } from './grid-event.js';
import { hasOverlongText, MAX_TEXT_LENGTH } from './map-item.js';

/** 紧急报警 levels, most severe first. */
export type AlertLevel = 'emergency' | 'warning' | 'attention';
export const ALERT_LEVELS: readonly AlertLevel[] = ['emergency', 'warning', 'attention'];

/** 紧急报警: an alarm placed on a grid and/or a point. */
export interface Alert {
  id: string;
  level: AlertLevel;
  board: Board;
  title: string;
  /** When it was raised: ISO 8601 or epoch milliseconds. */
  time: string | number;
  /** The grid that flashes. At least one of `gridCode` and `lngLat` is needed. */
  gridCode?: string;
  /** Where the marker goes; without it, the grid's label point. */
  lngLat?: [number, number];
  /** 重要事项置顶: kept on top of the alert list. */
  pinned?: boolean;
  /** How many times it happened while it was live (a fence entered again): shown as ×N. */
  count?: number;
}

/** An alert as the map holds it: where it is drawn and whether someone has taken it on. */
export interface LiveAlert extends Alert {
  /** The marker's position (the alert's own, or its grid's label point). */
  lngLat: [number, number];
  /** `acknowledgeAlert()` was called: the grid no longer flashes, the marker stays. */
  acknowledged: boolean;
}

/** `gm-alert` actions. */
export type AlertAction = 'raise' | 'update' | 'acknowledge' | 'resolve';

/** Why an alert was refused, or null when it is fine (the grid code is checked against the index by the map). */
export function alertProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object') return 'not an object';
  const alert = value as Partial<Alert>;
  if (typeof alert.id !== 'string' || !alert.id) return 'no id';
  if (!(ALERT_LEVELS as readonly string[]).includes(alert.level as string)) return `unknown level ${String(alert.level)}`;
  if (!isBoard(alert.board)) return `unknown board ${String(alert.board)}`;
  if (typeof alert.title !== 'string') return 'no title';
  if (hasOverlongText(alert)) return `a text longer than ${MAX_TEXT_LENGTH} characters`;
  if (!Number.isFinite(timeMs(alert.time as string))) return 'unreadable time';
  if (alert.gridCode === undefined && alert.lngLat === undefined) return 'neither gridCode nor lngLat';
  if (alert.gridCode !== undefined && typeof alert.gridCode !== 'string') return 'gridCode is not a string';
  if (alert.lngLat !== undefined && !isLngLat(alert.lngLat)) return 'lngLat is not a finite [lng, lat]';
  if (alert.count !== undefined && !(Number.isInteger(alert.count) && alert.count >= 1)) return 'count is not a whole number from 1';
  return null;
}

function isLngLat(p: unknown): p is [number, number] {
  return Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/** The order of the alert list (重要事项置顶): pinned first, then the most severe, then the newest. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)) ||
    ALERT_LEVELS.indexOf(a.level) - ALERT_LEVELS.indexOf(b.level) ||
    timeMs(b.time) - timeMs(a.time) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
