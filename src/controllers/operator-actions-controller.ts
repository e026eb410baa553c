import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GridMapEngine } from '../engine/grid-map-engine.js';
import type { ActionOutcome } from '../engine/work-order-desk.js';
import type { GmEventMap, GmWorkOrderActionDetail } from '../event-types.js';
import type { OperatorRequest } from '../model/work-order.js';

type DetailOf<K extends keyof GmEventMap> = GmEventMap[K] extends CustomEvent<infer D> ? D : never;

/** What a map element is to its operator-actions controller. */
export interface OperatorActionsHost extends ReactiveControllerHost, HTMLElement {
  emit<K extends keyof GmEventMap>(name: K, detail: DetailOf<K>, options?: { cancelable?: boolean }): boolean;
}

/**
 * The operators' actions of a map element (Shoelace's request-event pattern): each is checked, then
 * offered to the page as a cancellable `gm-work-order-action`; unless a listener takes it over
 * (`preventDefault()`), the engine's desk sends it to the relay. An assignee found inside the grid
 * of their order asks for `on-site` the same way, with a key made from the order and its state's
 * start — every console that sees the arrival sends the same key, and the relay applies it once.
 */
export class OperatorActionsController implements ReactiveController {
  /** The relay refused an arrival for want of rights: this console no longer reports arrivals. */
  private arrivalsRefused = false;

  constructor(
    private readonly host: OperatorActionsHost,
    private readonly engine: GridMapEngine,
  ) {
    host.addController(this);
    engine.workOrders.onArrival = async ({ order, staff }) => {
      if (this.arrivalsRefused) return;
      const outcome = await this.request({ action: 'on-site', order: order.id, key: `arrival-${order.id}-${Date.parse(order.stateSince)}`, note: `arrived: ${staff}` }, true);
      // A console without the right to act (a wall screen's read-only token) stops asking after the first refusal.
      if (outcome.status === 'refused' && (outcome.httpStatus === 401 || outcome.httpStatus === 403)) this.arrivalsRefused = true;
    };
  }

  hostConnected(): void {}

  /** Checks, offers and (unless the page handles it) sends one action. */
  async request(request: OperatorRequest, automatic = false): Promise<ActionOutcome> {
    const prepared = this.engine.desk.prepare(request);
    if ('problem' in prepared) {
      this.host.emit('gm-error', { reason: 'action-invalid', detail: { action: request?.action, error: prepared.error, message: prepared.problem } });
      return { status: 'refused', error: prepared.error, message: prepared.problem };
    }
    const detail: GmWorkOrderActionDetail = { ...prepared.request, ...(prepared.current ? { current: prepared.current } : {}), ...(automatic ? { automatic } : {}) };
    if (!this.host.emit('gm-work-order-action', detail, { cancelable: true })) return { status: 'handled-by-host' };
    return this.engine.desk.perform(prepared.request);
  }
}
