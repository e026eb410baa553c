// 闭环派单: a work order, from its alert or event to closed, and the actions that move it. The
// states, the actions allowed in each and the time each state may take are one table
// (work-order-flow.json) that the relay (server/relay/work-orders.mjs) judges actions by and the
// consoles read to offer them: the two cannot disagree. The relay owns the orders; a console
// applies the whole orders it publishes.
import flow from './work-order-flow.json';
import type { AlertLevel } from './alert.js';
import type { Board } from './board.js';
import type { OverdueLight } from './grid-event.js';

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
export function orderLight(order: Pick<WorkOrder, 'state' | 'stateSince' | 'dueAt'>, now: number): OverdueLight | undefined {
  if (order.state === 'closed') return undefined;
  const [since, due] = [Date.parse(order.stateSince), Date.parse(order.dueAt)];
  if (now >= due) return 'overdue';
  return now >= due - (due - since) / 5 ? 'due-soon' : 'on-time';
}

/** When the order's light next changes colour (epoch ms): due soon, then overdue; never once overdue or closed. */
export function nextLightChange(order: Pick<WorkOrder, 'state' | 'stateSince' | 'dueAt'>, now: number): number {
  if (order.state === 'closed') return Infinity;
  const [since, due] = [Date.parse(order.stateSince), Date.parse(order.dueAt)];
  const warn = due - (due - since) / 5;
  return now < warn ? warn : now < due ? due : Infinity;
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

/** The id of the order opened for an alert or an event: one open order per source (the relay's rule too). */
export const orderIdFor = (kind: 'alert' | 'event', id: string): string => `wo-${kind}-${id}`;

/** What an operator can ask of the relay: a work order's flow action, opening one, or an alert's acknowledge and resolve. */
export type OperatorAction = WorkOrderAction | 'open' | 'acknowledge' | 'resolve';
export const OPERATOR_ACTIONS: readonly OperatorAction[] = [...WORK_ORDER_ACTIONS, 'open', 'acknowledge', 'resolve'];

/** An operator's action as sent to the relay (`POST /live/actions`, docs/live-protocol.md). */
export interface OperatorRequest {
  action: OperatorAction;
  /** The work order's id (the flow's actions). */
  order?: string;
  /** The alert's id (`acknowledge`, `resolve`). */
  alert?: string;
  /** What an order is opened for (`open`). */
  source?: { kind: 'alert' | 'event'; id: string };
  /** Staff ids (`dispatch`). */
  assignees?: string[];
  /** The result (`close`), the reason (`return`), or a remark. */
  note?: string;
  /** The idempotency key: the same key is applied once, however often it is sent. Made up when absent. */
  key?: string;
}

/** Most people one order is dispatched to, and the longest note (the relay's limits). */
export const ASSIGNEES_MAX = 10;
export const NOTE_MAX = 500;

/** What is wrong with a request before it is sent (its own fields, not the state), or undefined. */
export function requestProblem(request: OperatorRequest): string | undefined {
  if (!request || !OPERATOR_ACTIONS.includes(request.action)) return `action: one of ${OPERATOR_ACTIONS.join(', ')}`;
  const { action } = request;
  if (action === 'acknowledge' || action === 'resolve') return typeof request.alert === 'string' && request.alert ? undefined : 'alert: an alert id';
  if (action === 'open') return request.source && ['alert', 'event'].includes(request.source.kind) && typeof request.source.id === 'string' ? undefined : 'source: {kind: alert | event, id}';
  if (typeof request.order !== 'string' || !request.order) return 'order: a work order id';
  if (request.note !== undefined && (typeof request.note !== 'string' || request.note.length > NOTE_MAX)) return `note: text of at most ${NOTE_MAX} characters`;
  const needs = actionNeeds(action);
  if (needs === 'note' && !request.note?.trim()) return `${action} needs a note (the result or the reason)`;
  const people = request.assignees;
  if (needs === 'assignees' && !(Array.isArray(people) && people.length && people.length <= ASSIGNEES_MAX && people.every((a) => typeof a === 'string'))) {
    return `assignees: 1–${ASSIGNEES_MAX} staff ids`;
  }
  return undefined;
}

/**
 * The order as an accepted action would leave it, shown while the relay has not answered: only the
 * state and its times change (the relay's order, published on the feed, replaces it).
 */
export function projectedOrder(order: WorkOrder, action: WorkOrderAction, now: number, assignees?: string[]): WorkOrder {
  const to = flow.actions[action].to as WorkOrderState;
  const minutes = dueMinutes(to);
  return {
    ...order,
    state: to,
    assignees: action === 'dispatch' && assignees ? [...new Set(assignees)] : order.assignees,
    stateSince: new Date(now).toISOString(),
    dueAt: new Date(minutes === undefined ? 8.64e15 : now + minutes * 60_000).toISOString(),
    supervised: order.supervised || action === 'escalate',
  };
}

/** The open order of an alert or an event, if it has one (its id is the source's: `orderIdFor`). */
export function openOrderOf(get: (id: string) => WorkOrder | undefined, source: { kind: 'alert' | 'event'; id: string }): WorkOrder | undefined {
  const order = get(orderIdFor(source.kind, source.id));
  return order && order.state !== 'closed' ? order : undefined;
}

/** Whether an order is open (not closed). */
export const isOpenOrder = (order: Pick<WorkOrder, 'state'>): boolean => order.state !== 'closed';

/** Whether the order waits for its assignees to reach the grid (their arrival moves it on-site). */
export const awaitsArrival = (order: Pick<WorkOrder, 'state'>): boolean => order.state === 'dispatched' || order.state === 'accepted';
