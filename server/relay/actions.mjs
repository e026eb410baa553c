// Operator actions a console sends to the relay (POST /live/actions): checked against the
// current state, committed with their idempotency key (a retry of the same key gets the first
// answer and changes nothing), then published on the feed like any change, so every console
// applies them in the same order. Alerts are acknowledged and resolved here; work orders are
// opened and moved by server/relay/work-orders.mjs.
import { isOrderAction, moveOrder, openOrder, ORDER_ACTIONS } from './work-orders.mjs';

/** The actions, each: the change it publishes, or the refusal (status, error, message). */
const ACTIONS = {
  /** Somebody took the alert on. */
  acknowledge(state, action) {
    const alert = state.alerts.get(action.alert);
    if (!alert) return { status: 404, error: 'unknown-alert' };
    if (alert.acknowledged) return { status: 409, error: 'invalid-transition', message: `alert ${action.alert} is already acknowledged` };
    return { change: { type: 'alerts', acknowledge: [action.alert], by: action.by } };
  },
  /** The alert is over. */
  resolve(state, action) {
    if (!state.alerts.get(action.alert)) return { status: 404, error: 'unknown-alert' };
    return { change: { type: 'alerts', resolve: [action.alert], by: action.by } };
  },
};

/** Idempotency keys: what a client may choose (a UUID fits). */
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * @param {import('./relay.mjs').Relay} relay
 * @param {unknown} action `{ key, action, alert }`
 * @param {import('./access.mjs').Grant} grant
 * @returns {Promise<{ status: number, body: object }>}
 */
export async function applyAction(relay, action, grant) {
  if (!action || typeof action !== 'object' || Array.isArray(action)) return refused(400, 'malformed-action', 'the body is not an object');
  const body = /** @type {Record<string, unknown>} */ (action);
  const { key, action: name } = body;
  if (typeof key !== 'string' || !KEY.test(key)) return refused(400, 'malformed-action', 'key: 8–128 letters, digits or _.:-');
  const earlier = await relay.store.actionResult(key);
  if (earlier) return { status: 200, body: { ...earlier, replayed: true } };
  const known = typeof name === 'string' && (Object.hasOwn(ACTIONS, name) || isOrderAction(name));
  if (!known) return refused(400, 'unknown-action', `action: one of ${[...Object.keys(ACTIONS), ...ORDER_ACTIONS].join(', ')}`);
  const problem = paramsProblem(name, body);
  if (problem) return refused(400, 'malformed-action', problem);
  // A shared log: judge against everything committed so far, other instances' changes included.
  if (relay.store.async) await relay.catchUp();
  const verdict = judge(relay.state, name, body, grant.subject, relay.options.dueScale);
  if (!verdict.change) return refused(verdict.status, verdict.error, verdict.message, relay, verdict.order);
  const subject = verdict.order ? { order: verdict.order } : { alert: body.alert };
  const result = await relay.publish([verdict.change], { key, result: ([seq]) => ({ ok: true, action: name, ...subject, seq }) });
  return { status: 200, body: result };
}

/** What is wrong with an action's own fields (its target's kind), or undefined. */
function paramsProblem(name, body) {
  if (Object.hasOwn(ACTIONS, name)) return typeof body.alert === 'string' && body.alert.length <= 200 ? undefined : 'alert: an alert id';
  if (name === 'open') return body.source && typeof body.source === 'object' ? undefined : 'source: {kind: alert | event, id}';
  return typeof body.order === 'string' && body.order.length <= 200 ? undefined : 'order: a work order id';
}

/** The change an action makes to the committed state, or its refusal. */
function judge(state, name, body, by, dueScale) {
  if (Object.hasOwn(ACTIONS, name)) return ACTIONS[name](state, { alert: body.alert, by });
  const now = Date.now();
  if (name === 'open') return openOrder(state, { source: body.source, by, now, dueScale });
  return moveOrder(state, { name, order: body.order, assignees: body.assignees, note: body.note, by, now, dueScale });
}

/** A refusal, with the server's seq so the console knows which state it was judged against. */
function refused(status, error, message, relay, order) {
  return { status, body: { error, ...(message ? { message } : {}), ...(order ? { order } : {}), ...(relay ? { seq: relay.seq } : {}) } };
}
