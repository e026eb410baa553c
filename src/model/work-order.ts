// 闭环派单: a work order, from its alert or event to closed, and the actions that move it. The
// states, the actions allowed in each and the time each state may take are one table
// (work-order-flow.json) that the relay (server/relay/work-orders.mjs) judges actions by and the
// consoles read to offer them: the two cannot disagree. The relay owns the orders; a console
// applies the whole orders it publishes.
import flow from './work-order-flow.json';
import type { AlertLevel } from './alert.js';
import type { Board } from './board.js';

/** reported → dispatched → accepted → on-site → closed; returned and escalated (督办) on the way. */
export type WorkOrderState = 'reported' | 'dispatched' | 'accepted' | 'on-site' | 'closed' | 'returned' | 'escalated';
export type WorkOrderAction = 'dispatch' | 'accept' | 'on-site' | 'close' | 'return' | 'escalate';

export const WORK_ORDER_STATES = flow.states as readonly WorkOrderState[];
export const WORK_ORDER_ACTIONS = Object.keys(flow.actions) as readonly WorkOrderAction[];

/** One entry of an order's append-only history. */
export interface WorkOrderEntry {
  /** ISO 8601. */
  at: string;
  action: WorkOrderAction | 'open';
  /** Who did it (the relay's authenticated subject, or `anonymous`). */
  by: string;
  note?: string;
  assignees?: string[];
}

export interface WorkOrder {
  id: string;
  /** What it was opened for. */
  source: { kind: 'alert' | 'event' | 'report'; id?: string };
  gridCode: string;
  board: Board;
  level: AlertLevel;
  title: string;
  /** Staff ids: who it is dispatched to. */
  assignees: string[];
  state: WorkOrderState;
  /** When it entered its state, and when that state is overdue (ISO 8601). */
  stateSince: string;
  dueAt: string;
  /** 督办: escalated once, supervised from then on. */
  supervised: boolean;
  history: WorkOrderEntry[];
}

/** The actions allowed on an order in its state (none once closed). */
export function allowedActions(state: WorkOrderState): WorkOrderAction[] {
  return WORK_ORDER_ACTIONS.filter((action) => (flow.actions[action].from as string[]).includes(state));
}

/** What an action needs besides the order: the assignees (dispatch) or a note (close, return). */
export function actionNeeds(action: WorkOrderAction): 'assignees' | 'note' | undefined {
  return (flow.actions[action] as { needs?: 'assignees' | 'note' }).needs;
}

/** Minutes a state may take before the order is overdue (closed: never). */
export function dueMinutes(state: WorkOrderState): number | undefined {
  return (flow.dueMinutes as Partial<Record<WorkOrderState, number>>)[state];
}

/** The order's light (挂单计时·亮灯) at `now`: overdue past its due time, due soon in its last fifth. */
export function orderLight(order: Pick<WorkOrder, 'state' | 'stateSince' | 'dueAt'>, now: number): 'on-time' | 'due-soon' | 'overdue' | undefined {
  if (order.state === 'closed') return undefined;
  const [since, due] = [Date.parse(order.stateSince), Date.parse(order.dueAt)];
  if (now >= due) return 'overdue';
  return now >= due - (due - since) / 5 ? 'due-soon' : 'on-time';
}

/** Why a work order from the feed cannot be used, or undefined. */
export function workOrderProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'not an object';
  const order = value as Partial<WorkOrder>;
  if (typeof order.id !== 'string' || !order.id) return 'no id';
  if (!WORK_ORDER_STATES.includes(order.state as WorkOrderState)) return 'unknown state';
  if (typeof order.gridCode !== 'string') return 'no grid';
  if (!Array.isArray(order.assignees) || !order.assignees.every((a) => typeof a === 'string')) return 'assignees not a list of ids';
  if (!Array.isArray(order.history)) return 'no history';
  if (Number.isNaN(Date.parse(String(order.stateSince))) || Number.isNaN(Date.parse(String(order.dueAt)))) return 'unreadable times';
  return undefined;
}
