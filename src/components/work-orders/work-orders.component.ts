import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GmControlElement } from '../../gm-control-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { GmMapElement } from '../../controllers/map-context.js';
import type { GmDispatchRequestDetail, GmErrorDetail } from '../../event-types.js';
import { drawKeyedRows, focusedRow, restoreFocus } from '../../internal/keyed-rows.js';
import { BOARDS, type Board } from '../../model/board.js';
import type { NearestStaff } from '../../model/staff-index.js';
import { actionNeeds, allowedActions, openOrderOf, orderIdFor, orderLight, WORK_ORDER_STATES, type WorkOrder, type WorkOrderAction, type WorkOrderState } from '../../model/work-order.js';
import { workOrdersStyles } from './work-orders.styles.js';

/** The most urgent first: overdue, due soon, in time, closed; then by due time. */
const LIGHT_RANK = { overdue: 0, 'due-soon': 1, 'on-time': 2, none: 3 } as const;

/** What the panel at the top of the list is doing: choosing whom to send, or writing an action's note. */
type Panel =
  | { mode: 'dispatch'; title: string; order?: string; source?: { kind: 'alert' | 'event'; id: string }; gridCode?: string; target: string | [number, number]; chosen: Set<string>; filter: string }
  | { mode: 'note'; action: 'close' | 'return'; order: string; title: string };

/**
 * @summary 工单: the map's work orders (闭环派单), the most urgent first, with each one's timed
 * light, its assignees and the actions its state allows; and the dispatch panel, where the nearest
 * staff are chosen and sent.
 *
 * Put it in one of `<gm-map>`'s corner slots, or anywhere with `for="map-id"`. It lists what the
 * map holds (a `<gm-live>` keeps that in step with the relay); its buttons are `requestAction()`
 * calls, so every action is offered to the page first as the cancellable `gm-work-order-action`.
 * The alert list's and the event popup's dispatch buttons (`map.requestDispatch()`) open the panel
 * here. The alert list was not extended instead: an order outlives its alert (resolved while its
 * order runs) and events have orders too, so the orders need a list of their own.
 *
 * @csspart header - The title line with the count.
 * @csspart filters - The state, board and assignee filters.
 * @csspart list - The list of orders.
 * @csspart row - One order (`data-state`, `data-light`, and `data-pending` while an action is on its way).
 * @csspart open - The row's button that flies to the order's grid.
 * @csspart action - An action button (`data-action`).
 * @csspart panel - The dispatch (or note) panel. Also `panel-staff` (its list of people), `panel-note`, `panel-send`, `panel-cancel`, `panel-status`.
 * @csspart empty - Shown when no order matches.
 *
 * @cssproperty --gm-work-orders-width - Width (default 360px). Also `--gm-work-orders-max-height`.
 * @cssproperty --gm-light-on-time - The lights' colours; also `--gm-light-due-soon`, `--gm-light-overdue` (inherited from the map when inside it).
 */
export class GmWorkOrders extends GmControlElement {
  static override styles = workOrdersStyles;

  /** At most this many rows are shown (the most urgent). */
  @property({ type: Number }) max = 100;

  /** Which orders are listed: `open` (default: all but closed), `all`, or one state. */
  @property({ attribute: 'filter-state' }) filterState: 'open' | 'all' | WorkOrderState = 'open';

  /** Only orders of this board (empty: every active board of the map). */
  @property({ attribute: 'filter-board' }) filterBoard: '' | Board = '';

  /** Only orders dispatched to this staff id (empty: anyone). */
  @property({ attribute: 'filter-assignee' }) filterAssignee = '';

  /** The time now, in epoch milliseconds (for the lights and due times). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  @state() private now = Date.now();
  @state() private panel?: Panel;
  /** What the panel says about its send: on its way, queued for a relay that is down, or refused. */
  @state() private panelStatus = '';
  private shown: WorkOrder[] = [];
  private focusedRow?: { id: string; part: string };

  constructor() {
    super();
    new ClockController(this, () => this.clock(), (now) => (this.now = now));
  }

  protected override mapEvents() {
    return {
      ...this.rerenderOn('gm-work-order-change', 'gm-ready', 'gm-status-change', 'gm-positions'),
      'gm-dispatch-request': (event: CustomEvent<GmDispatchRequestDetail>) => this.openDispatch(event.detail.order ?? event.detail.source!),
      'gm-error': (event: CustomEvent<GmErrorDetail>) => this.onError(event.detail),
    };
  }

  protected override mapFound(_map: GmMapElement | undefined): void {
    this.requestUpdate();
  }

  /**
   * Opens the dispatch panel for an order (by id) or for an alert or event (`{kind, id}`: its open
   * order, else one that Send opens first), listing the staff nearest to it.
   */
  openDispatch(target: string | { kind: 'alert' | 'event'; id: string }): void {
    const map = this.target.map;
    if (!map) return;
    const order = typeof target === 'string' ? map.workOrder(target) : openOrderOf((id) => map.workOrder(id), target);
    const source = typeof target === 'string' ? undefined : target;
    const alert = source?.kind === 'alert' ? map.alerts.find((a) => a.id === source.id) : undefined;
    const title = order?.title ?? alert?.title ?? this.eventTitle(source?.id) ?? '';
    const gridCode = order?.gridCode ?? alert?.gridCode;
    const spot: string | [number, number] | undefined = alert ? alert.id : gridCode ?? this.eventPoint(source?.id);
    if (!spot) return;
    this.panel = { mode: 'dispatch', title, order: order?.id, source, gridCode, target: spot, chosen: new Set(), filter: '' };
    this.panelStatus = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="panel"] input')?.focus());
  }

  private eventTitle(id?: string): string | undefined {
    return id ? (this.target.map?.querySelector('gm-events')?.get(id)?.title) : undefined;
  }

  private eventPoint(id?: string): [number, number] | undefined {
    return id ? this.target.map?.querySelector('gm-events')?.get(id)?.lngLat : undefined;
  }

  private onError({ reason }: GmErrorDetail): void {
    if (this.panel && this.panelStatus === this.t.workOrders.sending && reason === 'action-queued') this.panelStatus = this.t.errors['action-queued'];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.focusedRow = focusedRow(this.shadowRoot);
    if (changed.has('clock')) this.now = this.clock();
  }

  /** The orders the filters let through, the most urgent first. */
  private filtered(): WorkOrder[] {
    const map = this.target.map;
    const boards = new Set<Board>(this.filterBoard ? [this.filterBoard] : map?.activeBoards ?? BOARDS);
    return (map?.workOrders ?? [])
      .filter((o) => (this.filterState === 'all' ? true : this.filterState === 'open' ? o.state !== 'closed' : o.state === this.filterState))
      .filter((o) => boards.has(o.board) && (!this.filterAssignee || o.assignees.includes(this.filterAssignee)))
      // Light and due time read once per order, not per comparison (2,000 orders).
      .map((o) => ({ o, rank: LIGHT_RANK[orderLight(o, this.now) ?? 'none'], due: Date.parse(o.dueAt) }))
      .sort((a, b) => a.rank - b.rank || a.due - b.due)
      .map(({ o }) => o);
  }

  private staffName(id: string): string {
    return this.target.map?.querySelector('gm-staff')?.get(id)?.name ?? id;
  }

  private place(code: string): string {
    return this.target.map?.areaPath(code).slice(1).map((a) => a.name).join(' › ') ?? '';
  }

  private due(order: WorkOrder): string {
    if (order.state === 'closed') return '';
    // Whole minutes, rounded away from the due time: never "due in 0 min" on an order already overdue.
    const minutes = (Date.parse(order.dueAt) - this.now) / 60000;
    return minutes > 0 ? this.t.workOrders.dueIn(Math.ceil(minutes)) : this.t.workOrders.overdueBy(Math.max(1, Math.ceil(-minutes)));
  }

  /** An action's button: dispatch opens the panel, close and return ask for their note, the others are sent. */
  private act(order: WorkOrder, action: WorkOrderAction): void {
    const map = this.target.map;
    if (!map) return;
    if (action === 'dispatch') return this.openDispatch(order.id);
    if (actionNeeds(action) === 'note') {
      this.panel = { mode: 'note', action: action as 'close' | 'return', order: order.id, title: order.title };
      this.panelStatus = '';
      return;
    }
    void map.requestAction({ action, order: order.id });
  }

  private rowContent(order: WorkOrder) {
    const t = this.t;
    const pending = this.target.map?.engine.workOrders.pending(order.id);
    const light = orderLight(order, this.now);
    return html`
      <button part="open" class="open" type="button" @click=${() => this.target.map?.flyToArea(order.gridCode)}>
        <span class="title"><span class="light" aria-hidden="true"></span><span class="state">${t.workOrders.state[order.state]}</span>${order.title}</span>
        <span class="meta">${[order.supervised ? t.workOrders.supervised : '', t.board[order.board], this.place(order.gridCode), light ? t.overdueLight[light] : '', this.due(order), pending ? t.workOrders.sending : '']
          .filter(Boolean)
          .join(' · ')}</span>
        ${order.assignees.length ? html`<span class="assignees">${order.assignees.map((id) => this.staffName(id)).join('、')}</span>` : nothing}
      </button>
      <span class="actions">
        ${allowedActions(order.state).map(
          (action) => html`<button part="action" type="button" data-action=${action} ?disabled=${pending} @click=${() => this.act(order, action)}>${t.workOrders.action[action]}</button>`,
        )}
      </span>
    `;
  }

  /** The nearest staff to the panel's target, the filter applied (name or role). */
  private candidates(panel: Extract<Panel, { mode: 'dispatch' }>): NearestStaff[] {
    const t = this.t;
    const all = this.target.map?.nearestStaff(panel.target, { count: 20 }) ?? [];
    const filter = panel.filter.trim();
    return filter ? all.filter((n) => n.staff.name.includes(filter) || t.staffRole[n.staff.role].includes(filter)) : all.slice(0, 8);
  }

  private async send(): Promise<void> {
    const map = this.target.map;
    const panel = this.panel;
    if (!map || !panel) return;
    const note = this.renderRoot.querySelector<HTMLTextAreaElement>('[part="panel-note"]')?.value.trim() ?? '';
    this.panelStatus = this.t.workOrders.sending;
    let order = panel.order;
    let opening: ReturnType<GmMapElement['requestAction']> | undefined;
    if (panel.mode === 'dispatch' && !order && panel.source) {
      // Not awaited: the open and the dispatch go to the relay in this order, queued together while
      // it is down (the map shows the opened order at once, so the dispatch can be asked for).
      opening = map.requestAction({ action: 'open', source: panel.source });
      order = orderIdFor(panel.source.kind, panel.source.id);
    }
    const outcome = panel.mode === 'dispatch'
      ? await map.requestAction({ action: 'dispatch', order, assignees: [...panel.chosen], ...(note ? { note } : {}) })
      : await map.requestAction({ action: panel.action, order: panel.order, note });
    const opened = await opening;
    if (opened?.status === 'refused' && opened.error !== 'order-exists') return this.refused(opened.message ?? opened.error);
    if (outcome.status === 'refused') return this.refused(outcome.message ?? outcome.error);
    if (this.panel === panel) this.panel = undefined;
  }

  private refused(why: string): void {
    this.panelStatus = `${this.t.errors['action-refused']} (${why})`;
  }

  private panelTemplate(panel: Panel) {
    const t = this.t;
    const body =
      panel.mode === 'dispatch'
        ? this.dispatchBody(panel)
        : html`<label>${t.workOrders.noteFor[panel.action]}<textarea part="panel-note" maxlength="500" required @input=${() => this.requestUpdate()}></textarea></label>`;
    const note = this.renderRoot.querySelector<HTMLTextAreaElement>('[part="panel-note"]')?.value.trim() ?? '';
    const ready = panel.mode === 'dispatch' ? panel.chosen.size > 0 : note.length > 0;
    return html`
      <section part="panel" class="panel" aria-label=${panel.mode === 'dispatch' ? t.workOrders.dispatchTitle(panel.title) : t.workOrders.action[panel.action]} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.panel = undefined)}>
        <div class="panel__title">${panel.mode === 'dispatch' ? t.workOrders.dispatchTitle(panel.title) : `${t.workOrders.action[panel.action]}: ${panel.title}`}</div>
        ${body}
        <div class="actions panel__buttons">
          <button part="panel-send" type="button" ?disabled=${!ready} @click=${() => this.send()}>${t.workOrders.send}</button>
          <button part="panel-cancel" type="button" @click=${() => (this.panel = undefined)}>${t.workOrders.cancel}</button>
        </div>
        <div part="panel-status" class="panel__status" role="status">${this.panelStatus}</div>
      </section>
    `;
  }

  private dispatchBody(panel: Extract<Panel, { mode: 'dispatch' }>) {
    const t = this.t;
    const people = this.candidates(panel);
    const toggle = (id: string, on: boolean) => {
      if (on) panel.chosen.add(id);
      else panel.chosen.delete(id);
      this.requestUpdate();
    };
    return html`
      <input type="search" placeholder=${t.workOrders.staffFilter} aria-label=${t.workOrders.staffFilter} .value=${panel.filter} @input=${(e: InputEvent) => ((panel.filter = (e.target as HTMLInputElement).value), this.requestUpdate())} />
      <ul part="panel-staff" class="panel__staff" aria-label=${t.workOrders.nearest}>
        ${people.length
          ? people.map(
              (n) => html`<li>
                <label>
                  <input type="checkbox" data-staff=${n.staff.id} .checked=${panel.chosen.has(n.staff.id)} @change=${(e: Event) => toggle(n.staff.id, (e.target as HTMLInputElement).checked)} />
                  <span class="name">${n.staff.name}</span>
                  <span class="role">${t.staffRole[n.staff.role]} · ${t.staffStatus[n.staff.status]}</span>
                  <span class="minutes">${t.workOrders.minutes(Math.max(1, Math.round(n.minutes)))}</span>
                </label>
              </li>`,
            )
          : html`<li class="empty">${t.workOrders.noStaff}</li>`}
      </ul>
      <label>${t.workOrders.note}<textarea part="panel-note" maxlength="500"></textarea></label>
    `;
  }

  private filtersTemplate() {
    const t = this.t;
    const assignees = [...new Set((this.target.map?.workOrders ?? []).flatMap((o) => o.assignees))];
    const select = (label: string, value: string, options: [string, string][], set: (v: string) => void) => html`
      <label>${label}
        <select .value=${value} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
          ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select>
      </label>`;
    return html`
      <div part="filters" class="filters">
        ${select(t.workOrders.filter.state, this.filterState, [['open', t.workOrders.filter.open], ['all', t.workOrders.filter.any], ...WORK_ORDER_STATES.map((s) => [s, t.workOrders.state[s]] as [string, string])], (v) => (this.filterState = v as GmWorkOrders['filterState']))}
        ${select(t.workOrders.filter.board, this.filterBoard, [['', t.workOrders.filter.any], ...BOARDS.map((b) => [b, t.board[b]] as [string, string])], (v) => (this.filterBoard = v as Board | ''))}
        ${select(t.workOrders.filter.assignee, this.filterAssignee, [['', t.workOrders.filter.any], ...assignees.map((id) => [id, this.staffName(id)] as [string, string])], (v) => (this.filterAssignee = v))}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLUListElement>('ul.orders');
    if (list) {
      drawKeyedRows(list, this.shown, {
        key: (order) => order.id,
        decorate: (li, order) => {
          li.dataset.state = order.state;
          li.dataset.light = orderLight(order, this.now) ?? 'none';
          li.toggleAttribute('data-pending', Boolean(this.target.map?.engine.workOrders.pending(order.id)));
        },
        content: (order) => this.rowContent(order),
      }, this);
    }
    restoreFocus(this.shadowRoot!, this.focusedRow);
  }

  override render() {
    const t = this.t;
    const orders = this.filtered();
    this.shown = orders.slice(0, Math.max(0, this.max));
    return html`
      <div part="header" class="header"><span>${t.workOrders.label}</span><span>${orders.length}</span></div>
      ${this.panel ? this.panelTemplate(this.panel) : nothing}
      ${this.filtersTemplate()}
      <ul part="list" class="orders" aria-label=${t.workOrders.label} ?hidden=${!this.shown.length}></ul>
      ${this.shown.length ? nothing : html`<div part="empty" class="empty">${t.workOrders.empty}</div>`}
    `;
  }
}
