import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GmControlElement } from '../../gm-control-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { GmMapElement } from '../../controllers/map-context.js';
import type { GmAlertDetail } from '../../event-types.js';
import { timeMs } from '../../model/grid-event.js';
import type { LiveAlert } from '../../model/alert.js';
import { openOrderOf, orderLight, type WorkOrder } from '../../model/work-order.js';
import { drawKeyedRows, focusedRow, restoreFocus } from '../../internal/keyed-rows.js';
import { alertListStyles } from './alert-list.styles.js';

/**
 * @summary 重要事项置顶: the map's live alerts, pinned first, then by level, then newest, with
 * acknowledge and resolve buttons; new emergencies are announced to screen readers.
 *
 * Put it in one of `<gm-map>`'s corner slots, or anywhere on the page with `for="map-id"`.
 * Clicking (or Enter on) a row flies the map to the alert; ↑/↓ move between rows; D asks for the
 * dispatch panel (`<gm-work-orders>`). An alert's work order shows its state and light in the row,
 * and an alert whose order is overdue is pinned on top (挂单超时).
 *
 * @csspart header - The title line with the count.
 * @csspart list - The list of alerts.
 * @csspart row - One alert (`data-level`, and `data-pinned` (pinned, or its work order overdue) / `data-acknowledged` when so).
 * @csspart open - The row's button that flies to the alert.
 * @csspart acknowledge - The row's acknowledge button. Also `resolve`, `dispatch`.
 * @csspart order - The state and light of the alert's work order (`data-light`: on-time, due-soon, overdue).
 * @csspart empty - Shown when there are no alerts.
 *
 * @cssproperty --gm-alert-list-width - Width (default 320px). Also `--gm-alert-list-max-height`.
 * @cssproperty --gm-alert-emergency - The level colours of the rows' edges; also `-warning`, `-attention` (inherited from the map when inside it).
 */
export class GmAlertList extends GmControlElement {
  static override styles = alertListStyles;

  /** At most this many rows are shown (the most important). */
  @property({ type: Number }) max = 200;

  /** The time now, in epoch milliseconds (for the ages). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  @state() private alerts: LiveAlert[] = [];
  @state() private announcement = '';
  @state() private now = Date.now();
  /** Emergencies raised since the last render: announced together (a live region reads its last text). */
  private arrived: string[] = [];
  /** The alert and button that had the focus before an update, to give it back if its row moved. */
  private focusedRow?: { id: string; part: string };
  /** The rows drawn at the last render, in order (drawn into the list by updated()). */
  private shown: LiveAlert[] = [];

  protected override mapEvents() {
    return {
      'gm-alert': (event: CustomEvent<GmAlertDetail>) => this.onAlert(event.detail),
      'gm-ready': () => this.refresh(),
      // An order's state and light show in its alert's row; an overdue one pins the alert on top.
      'gm-work-order-change': () => this.renderNextFrame(),
    };
  }

  protected override mapFound(map: GmMapElement | undefined): void {
    this.alerts = map?.alerts ?? [];
  }

  constructor() {
    super();
    new ClockController(this, () => this.clock(), (now) => (this.now = now));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.focusedRow = focusedRow(this.shadowRoot);
    if (changed.has('clock')) this.now = this.clock();
    if (this.arrived.length) {
      this.announcement = this.arrived.join('；');
      this.arrived = [];
    }
  }

  private refresh(): void {
    this.alerts = this.target.map?.alerts ?? [];
  }

  private onAlert({ alert, action }: GmAlertDetail): void {
    this.refresh();
    if (action === 'raise' && alert.level === 'emergency') {
      const t = this.t;
      this.arrived.push(t.alertList.announce(t.alertLevel[alert.level], alert.title, this.place(alert)));
      this.requestUpdate();
    }
  }

  /** Town › community › grid of the alert, when it has a grid. */
  private place(alert: LiveAlert): string {
    if (!alert.gridCode || !this.target.map) return '';
    return this.target.map.areaPath(alert.gridCode).slice(1).map((a) => a.name).join(' › ');
  }

  /** The open work order of each alert that has one (looked up by id once per render). */
  private orders = new Map<string, WorkOrder>();

  /** Whether the alert's work order is overdue (挂单超时: pinned on top). */
  private overdue(alert: LiveAlert): boolean {
    const order = this.orders.get(alert.id);
    return order !== undefined && orderLight(order, this.now) === 'overdue';
  }

  private age(alert: LiveAlert): string {
    return this.t.age(Math.max(0, Math.floor((this.now - timeMs(alert.time)) / 60000)));
  }

  /** ↑/↓ (and Home/End) move the focus between the rows' open buttons. */
  private onKeyDown(event: KeyboardEvent): void {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.open')];
    const at = buttons.indexOf(event.composedPath()[0] as HTMLButtonElement);
    if (at < 0) return;
    if (event.key === 'd' || event.key === 'D') {
      const id = buttons[at].closest('li')?.dataset.id;
      if (id) this.target.map?.requestDispatch({ kind: 'alert', id });
      return;
    }
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  }

  /** The inside of one alert's row (its `<li>` is kept by drawRows()). */
  private rowContent(alert: LiveAlert) {
    const t = this.t;
    const map = this.target.map;
    const place = this.place(alert);
    const order = this.orders.get(alert.id);
    const light = order && orderLight(order, this.now);
    return html`
      <button part="open" class="open" type="button" @click=${() => map?.flyToAlert(alert.id)}>
        <span class="title"><span class="level">${t.alertLevel[alert.level]}</span>${alert.title}</span>
        <span class="meta">${[alert.pinned ? t.alertList.pinned : '', alert.count && alert.count > 1 ? `×${alert.count}` : '', t.board[alert.board], place, this.age(alert), alert.acknowledged ? t.alertList.acknowledged : '']
          .filter(Boolean)
          .join(' · ')}</span>
        ${order ? html`<span part="order" class="order" data-light=${light ?? 'none'}>${t.workOrders.state[order.state]}${light ? ` · ${t.overdueLight[light]}` : ''}</span>` : ''}
      </button>
      <span class="actions">
        <button part="acknowledge" type="button" ?disabled=${alert.acknowledged} @click=${() => map?.requestAction({ action: 'acknowledge', alert: alert.id })}>${t.alertList.acknowledge}</button>
        <button part="resolve" type="button" @click=${() => map?.requestAction({ action: 'resolve', alert: alert.id })}>${t.alertList.resolve}</button>
        <button part="dispatch" type="button" @click=${() => map?.requestDispatch({ kind: 'alert', id: alert.id })}>${t.alertListDispatch}</button>
      </span>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLUListElement>('ul');
    if (list) {
      drawKeyedRows(list, this.shown, {
        key: (alert) => alert.id,
        decorate: (li, alert) => {
          li.dataset.level = alert.level;
          li.toggleAttribute('data-pinned', Boolean(alert.pinned) || this.overdue(alert));
          li.toggleAttribute('data-acknowledged', alert.acknowledged);
        },
        content: (alert) => this.rowContent(alert),
      }, this);
    }
    restoreFocus(this.shadowRoot!, this.focusedRow);
  }

  override render() {
    const t = this.t;
    // The list follows the map's board filter, as the markers do.
    const boards = new Set(this.target.map?.activeBoards ?? []);
    const map = this.target.map;
    this.orders = new Map(this.alerts.flatMap((a) => {
      const order = map && openOrderOf((id) => map.workOrder(id), { kind: 'alert', id: a.id });
      return order ? [[a.id, order] as const] : [];
    }));
    const shown = this.target.map ? this.alerts.filter((a) => boards.has(a.board)) : this.alerts;
    // 挂单超时: alerts whose order is overdue go first (the map's order otherwise).
    const alerts = [...shown.filter((a) => this.overdue(a)), ...shown.filter((a) => !this.overdue(a))];
    this.shown = alerts.slice(0, Math.max(0, this.max));
    // The rows are drawn into the list by updated() (see drawRows()).
    return html`
      <div part="header" class="header"><span>${t.alertList.label}</span><span>${alerts.length}</span></div>
      <ul part="list" aria-label=${t.alertList.label} ?hidden=${!this.shown.length} @keydown=${this.onKeyDown}></ul>
      ${this.shown.length ? '' : html`<div part="empty" class="empty">${t.alertList.empty}</div>`}
      <div class="announcer" role="alert" aria-live="assertive">${this.announcement}</div>
    `;
  }
}
