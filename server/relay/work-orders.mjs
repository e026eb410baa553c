// 闭环派单 on the relay: work orders opened for an alert or an event and moved through their
// states by operators' actions (POST /live/actions). The states, the actions allowed in each and
// each state's time are src/model/work-order-flow.json — the table the consoles read too. The
// relay owns the orders: it judges every action against the committed state and publishes the
// whole order (`{type: 'orders', upsert: [order]}`), which every console applies as it is.
import flow from '../../src/model/work-order-flow.json' with { type: 'json' };

/** Longest note kept with an action. */
const NOTE_MAX = 500;
/** Most people one order is dispatched to. */
const ASSIGNEES_MAX = 10;

/** The id of the order opened for an alert or an event: one order per source. */
export const orderIdFor = (kind, id) => `wo-${kind}-${id}`;

/**
 * When an order that entered `state` at `at` (ms) is overdue, ISO 8601 (closed: never, far future).
 * `scale` shortens the flow's times for a demo (`--due-scale 0.1`: ten minutes become one).
 */
function dueAt(state, at, scale = 1) {
  const minutes = flow.dueMinutes[state];
  return new Date(minutes === undefined ? 8.64e15 : at + minutes * 60_000 * scale).toISOString();
}

/**
 * `open`: an order for an alert or an event (`source: {kind: 'alert' | 'event', id}`), reported,
 * due by the flow's time; a second open of the same source is refused (409, the order's id).
 */
export function openOrder(state, { source, by, now, dueScale }) {
  if (!source || typeof source !== 'object' || !['alert', 'event'].includes(source.kind) || typeof source.id !== 'string' || source.id.length > 200) {
    return { status: 400, error: 'malformed-action', message: 'source: {kind: alert | event, id}' };
  }
  const item = source.kind === 'alert' ? state.alerts.get(source.id) : state.events.get(source.id);
  if (!item) return { status: 404, error: source.kind === 'alert' ? 'unknown-alert' : 'unknown-event' };
  const id = orderIdFor(source.kind, source.id);
  if (state.orders.get(id)?.state && state.orders.get(id).state !== 'closed') return { status: 409, error: 'order-exists', message: `order ${id} is open`, order: id };
  const at = new Date(now).toISOString();
  const order = {
    id,
    source: { kind: source.kind, id: source.id },
    gridCode: item.gridCode ?? '',
    board: item.board,
    level: item.level ?? 'attention',
    title: item.title,
    assignees: [],
    state: 'reported',
    stateSince: at,
    dueAt: dueAt('reported', now, dueScale),
    supervised: false,
    history: [{ at, action: 'open', by }],
  };
  return { change: { type: 'orders', upsert: [order] }, order: id };
}

/**
 * One of the flow's actions on an order: refused when the order is unknown (404), the action is
 * not allowed in its state (409 `invalid-transition`), or what it needs is missing or wrong (400;
 * 404 `unknown-staff` for an assignee who is not in the staff).
 */
export function moveOrder(state, { name, order: id, assignees, note, by, now, dueScale }) {
  const rule = flow.actions[name];
  const order = typeof id === 'string' ? state.orders.get(id) : undefined;
  if (!order) return { status: 404, error: 'unknown-order' };
  if (!rule.from.includes(order.state)) return { status: 409, error: 'invalid-transition', message: `${name} is not allowed on a ${order.state} order`, order: id };
  if (note !== undefined && (typeof note !== 'string' || note.length > NOTE_MAX)) return { status: 400, error: 'malformed-action', message: `note: text of at most ${NOTE_MAX} characters` };
  if (rule.needs === 'note' && !note?.trim()) return { status: 400, error: 'malformed-action', message: `${name} needs a note (the result or the reason)` };
  let people = order.assignees;
  if (rule.needs === 'assignees') {
    if (!Array.isArray(assignees) || !assignees.length || assignees.length > ASSIGNEES_MAX || !assignees.every((a) => typeof a === 'string')) {
      return { status: 400, error: 'malformed-action', message: `assignees: 1–${ASSIGNEES_MAX} staff ids` };
    }
    const unknown = assignees.filter((a) => !state.staff.has(a));
    if (unknown.length) return { status: 404, error: 'unknown-staff', message: unknown.slice(0, 5).join(', ') };
    people = [...new Set(assignees)];
  }
  const at = new Date(now).toISOString();
  const entry = { at, action: name, by, ...(note ? { note } : {}), ...(rule.needs === 'assignees' ? { assignees: people } : {}) };
  const moved = {
    ...order,
    assignees: people,
    state: rule.to,
    stateSince: at,
    dueAt: dueAt(rule.to, now, dueScale),
    supervised: order.supervised || name === 'escalate',
    history: [...order.history, entry],
  };
  return { change: { type: 'orders', upsert: [moved] }, order: id };
}

/** The work-order actions: `open` and the flow's. */
export const ORDER_ACTIONS = ['open', ...Object.keys(flow.actions)];

/** Whether `name` is a work-order action. */
export const isOrderAction = (name) => ORDER_ACTIONS.includes(name);
