// Operator actions a console sends to the relay (POST /live/actions): checked against the
// current state, committed with their idempotency key (a retry of the same key gets the first
// answer and changes nothing), then published on the feed like any change, so every console
// applies them in the same order. The work-order issue adds its own actions here.

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
  const { key, action: name, alert } = /** @type {Record<string, unknown>} */ (action);
  if (typeof key !== 'string' || !KEY.test(key)) return refused(400, 'malformed-action', 'key: 8–128 letters, digits or _.:-');
  const earlier = await relay.store.actionResult(key);
  if (earlier) return { status: 200, body: { ...earlier, replayed: true } };
  if (typeof name !== 'string' || !Object.hasOwn(ACTIONS, name)) return refused(400, 'unknown-action', `action: one of ${Object.keys(ACTIONS).join(', ')}`);
  if (typeof alert !== 'string' || alert.length > 200) return refused(400, 'malformed-action', 'alert: an alert id');
  // A shared log: judge against everything committed so far, other instances' changes included.
  if (relay.store.async) await relay.catchUp();
  const verdict = ACTIONS[name](relay.state, { alert, by: grant.subject });
  if (!verdict.change) return refused(verdict.status, verdict.error, verdict.message, relay);
  const result = await relay.publish([verdict.change], { key, result: ([seq]) => ({ ok: true, action: name, alert, seq }) });
  return { status: 200, body: result };
}

/** A refusal, with the server's seq so the console knows which state it was judged against. */
function refused(status, error, message, relay) {
  return { status, body: { error, ...(message ? { message } : {}), ...(relay ? { seq: relay.seq } : {}) } };
}
