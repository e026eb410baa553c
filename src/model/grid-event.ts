import { itemProblem, type ItemProblem, type MapItem } from './map-item.js';
import type { Board } from './board.js';

/** The closed loop of a grid event: 派单交办 → 闭环办理. */
export type GridEventStatus = 'reported' | 'dispatched' | 'handling' | 'closed';
export const GRID_EVENT_STATUSES: readonly GridEventStatus[] = ['reported', 'dispatched', 'handling', 'closed'];

/** 挂单计时·亮灯警告: how an open event stands against its due time. */
export type OverdueLight = 'on-time' | 'due-soon' | 'overdue';

/** 网格事件 / 工单. */
export interface GridEvent extends MapItem {
  board: Board;
  title: string;
  status: GridEventStatus;
  /** ISO 8601 or epoch milliseconds. */
  reportedAt: string | number;
  /** ISO 8601 or epoch milliseconds. */
  dueAt: string | number;
  gridCode?: string;
}

export const timeMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/** The shared checks plus a known status and readable times. */
export function gridEventProblem(item: unknown): ItemProblem {
  const problem = itemProblem(item);
  if (problem) return problem;
  const event = item as GridEvent;
  if (!(GRID_EVENT_STATUSES as readonly string[]).includes(event.status)) return 'bad-kind';
  return Number.isFinite(timeMs(event.dueAt)) && Number.isFinite(timeMs(event.reportedAt)) ? null : 'bad-kind';
}

/** The light of an event at `now`: overdue after `dueAt`, due soon within `warnMs` of it. Closed events have none. */
export function overdueLight(event: Pick<GridEvent, 'dueAt' | 'status'>, now: number, warnMs: number): OverdueLight | undefined {
  if (event.status === 'closed') return undefined;
  const due = timeMs(event.dueAt);
  if (now > due) return 'overdue';
  return now > due - warnMs ? 'due-soon' : 'on-time';
}
