// The operators' actions of one map (闭环派单 and the alerts' acknowledge and resolve): checked
// against what the console shows, given an idempotency key, and handed to whoever delivers them to
// the relay (`<gm-live>` registers its sender). The relay owns the state: a console shows a flow
// action's outcome at once (projected), and what the relay publishes (or, on a refusal, what it
// holds) replaces it.
import { listed } from '../model/error-report.js';
import type { GridEvent } from '../model/grid-event.js';
import { allowedActions, dueMinutes, orderIdFor, projectedOrder, requestProblem, type OperatorRequest, type WorkOrder, type WorkOrderAction } from '../model/work-order.js';
import type { AlertsPart } from './parts/alerts-part.js';
import type { WorkOrdersPart } from './parts/work-orders-part.js';
import type { Scene } from './scene.js';

/** A request with its key, as it goes to the relay. */
export type KeyedRequest = OperatorRequest & { key: string };

/** What became of a request. */
export type ActionOutcome =
  /** The relay accepted it (`seq`: the change's), or it was applied locally (no relay). */
  | { status: 'done'; seq?: number; replayed?: boolean }
  /** The relay refused it (its `error` and `message`, and the HTTP status), or it was not valid here. */
  | { status: 'refused'; error: string; message?: string; httpStatus?: number; seq?: number }
  /** The host's `gm-work-order-action` listener called preventDefault(): it handles the action itself. */
  | { status: 'handled-by-host' };

/** Delivers requests to the relay (the `<gm-live>` of the map): queued and retried while it is unreachable. */
export interface ActionSender {
  send(request: KeyedRequest): Promise<ActionOutcome>;
  /** Whether the relay holds the alert an acknowledge or resolve is for (one the page or a fence raised is this map's own). */
  carriesAlert(id: string): boolean;
}

/** A fresh idempotency key. */
function newKey(): string {
  return crypto.randomUUID();
}

export class WorkOrderDesk {
  /** Who delivers requests to the relay, if the map has a live feed that can. */
  sender?: ActionSender;

  constructor(
    private readonly scene: Scene,
    private readonly orders: WorkOrdersPart,
    private readonly alerts: AlertsPart,
    /** A grid event by id, from the map's event layers. */
    private readonly event: (id: string) => GridEvent | undefined,
  ) {}

  /**
   * The request with its key and the order it acts on, or what is wrong with it here: a malformed
   * request, an unknown order or alert, an action the order's state does not allow.
   */
  prepare(request: OperatorRequest): { request: KeyedRequest; current?: WorkOrder } | { problem: string; error: string } {
    const problem = requestProblem(request);
    if (problem) return { problem, error: 'malformed-action' };
    const keyed = { ...request, key: typeof request.key === 'string' && request.key ? request.key : newKey() };
    const { action } = request;
    if (action === 'acknowledge' || action === 'resolve') {
      return this.alerts.get(request.alert!) ? { request: keyed } : { problem: `no alert ${request.alert}`, error: 'unknown-alert' };
    }
    if (action === 'open') return { request: keyed };
    const current = this.orders.get(request.order!);
    if (!current) return { problem: `no work order ${request.order}`, error: 'unknown-order' };
    if (!allowedActions(current.state).includes(action)) return { problem: `${action} is not allowed on a ${current.state} order`, error: 'invalid-transition' };
    return { request: keyed, current };
  }

  /**
   * Sends a prepared request: a flow action shows its outcome at once and is put back if the relay
   * refuses it (`gm-error` `action-refused` with the relay's reason). Alerts the relay does not hold
   * (raised by the page or a fence), or any without a relay, are acknowledged and resolved on this
   * map only; without a relay, work-order actions are refused (`action-unsent`).
   */
  async perform(request: KeyedRequest): Promise<ActionOutcome> {
    const sender = this.sender;
    if (!sender || (request.alert !== undefined && !sender.carriesAlert(request.alert))) return this.withoutRelay(request);
    const order = request.action === 'open' ? orderIdFor(request.source!.kind, request.source!.id) : request.order;
    const current = order ? this.orders.get(order) : undefined;
    if (request.action === 'open') {
      // Shown at once as reported, so the order can be dispatched before the relay answers (or while it is down).
      const opened = current && current.state !== 'closed' ? undefined : this.provisional(request.source!);
      if (opened) this.orders.project(opened.id, opened);
    } else if (current) this.orders.project(order!, projectedOrder(current, request.action as WorkOrderAction, Date.now(), request.assignees));
    const outcome = await sender.send(request);
    if (outcome.status === 'refused') {
      // The relay's state wins: the order as it last published it (the feed brings any newer one).
      if (order) this.orders.project(order, undefined);
      this.scene.report('action-refused', { action: request.action, target: order ?? request.alert ?? request.source?.id, error: outcome.error, message: outcome.message, status: outcome.httpStatus, seq: outcome.seq });
    }
    return outcome;
  }

  /** The order `open` will make for an alert or event this map knows (the relay's openOrder, as far as a console can tell). */
  private provisional(source: { kind: 'alert' | 'event'; id: string }): WorkOrder | undefined {
    const item = source.kind === 'alert' ? this.alerts.get(source.id) : this.event(source.id);
    if (!item?.gridCode) return undefined;
    const now = Date.now();
    const at = new Date(now).toISOString();
    return {
      id: orderIdFor(source.kind, source.id),
      source: { ...source },
      gridCode: item.gridCode,
      board: item.board,
      level: 'level' in item ? item.level : 'attention',
      title: item.title,
      assignees: [],
      state: 'reported',
      stateSince: at,
      dueAt: new Date(now + (dueMinutes('reported') ?? 0) * 60_000).toISOString(),
      supervised: false,
      history: [{ at, action: 'open', by: '' }],
    };
  }

  private withoutRelay(request: KeyedRequest): ActionOutcome {
    if (request.action === 'acknowledge') this.alerts.acknowledge(request.alert!);
    else if (request.action === 'resolve') this.alerts.resolve(request.alert!);
    else {
      this.scene.report('action-unsent', { action: request.action, ...listed([request.order ?? request.source?.id ?? '']) });
      return { status: 'refused', error: 'no-relay', message: 'no live feed to send work-order actions to' };
    }
    return { status: 'done' };
  }
}
