import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { GmControlElement } from '../../gm-control-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { GmMapElement } from '../../controllers/map-target-controller.js';
import type { GmAlertDetail } from '../../event-types.js';
import { timeMs } from '../../model/grid-event.js';
import type { LiveAlert } from '../../model/alert.js';
import { alertListStyles } from './alert-list.styles.js';

/**
 * @summary 重要事项置顶: the map's live alerts, pinned first, then by level, then newest, with
 * acknowledge and resolve buttons; new emergencies are announced to screen readers.
 *
 * Put it in one of `<gm-map>`'s corner slots, or anywhere on the page with `for="map-id"`.
 * Clicking (or Enter on) a row flies the map to the alert; ↑/↓ move between rows.
 *
 * @csspart header - The title line with the count.
 * @csspart list - The list of alerts.
 * @csspart row - One alert (`data-level`, and `data-pinned` / `data-acknowledged` when so).
 * @csspart open - The row's button that flies to the alert.
 * @csspart acknowledge - The row's acknowledge button. Also `resolve`.
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
  /** The alert and button that had the focus before an update, to give it back if its row was redrawn. */
  private focusedRow?: { id: string; part: string };

  protected override mapEvents() {
    return { 'gm-alert': (event: CustomEvent<GmAlertDetail>) => this.onAlert(event.detail), 'gm-ready': () => this.refresh() };
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
    const button = this.shadowRoot?.activeElement;
    const id = button?.closest('li')?.dataset.id;
    this.focusedRow = id !== undefined ? { id, part: button!.getAttribute('part') ?? 'open' } : undefined;
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

  private age(alert: LiveAlert): string {
    return this.t.age(Math.max(0, Math.floor((this.now - timeMs(alert.time)) / 60000)));
  }

  /** ↑/↓ (and Home/End) move the focus between the rows' open buttons. */
  private onKeyDown(event: KeyboardEvent): void {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.open')];
    const at = buttons.indexOf(event.composedPath()[0] as HTMLButtonElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  }

  private row(alert: LiveAlert) {
    const t = this.t;
    const map = this.target.map;
    const place = this.place(alert);
    return html`
      <li part="row" data-id=${alert.id} data-level=${alert.level} ?data-pinned=${alert.pinned} ?data-acknowledged=${alert.acknowledged}>
        <button part="open" class="open" type="button" @click=${() => map?.flyToAlert(alert.id)}>
          <span class="title"><span class="level">${t.alertLevel[alert.level]}</span>${alert.title}</span>
          <span class="meta">${[alert.pinned ? t.alertList.pinned : '', t.board[alert.board], place, this.age(alert), alert.acknowledged ? t.alertList.acknowledged : '']
            .filter(Boolean)
            .join(' · ')}</span>
        </button>
        <span class="actions">
          <button part="acknowledge" type="button" ?disabled=${alert.acknowledged} @click=${() => map?.acknowledgeAlert(alert.id)}>${t.alertList.acknowledge}</button>
          <button part="resolve" type="button" @click=${() => map?.resolveAlert(alert.id)}>${t.alertList.resolve}</button>
        </span>
      </li>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A row whose alert moved is drawn anew (see render()); give its button the focus back.
    const was = this.focusedRow;
    if (!was || this.shadowRoot!.activeElement) return;
    const row = [...this.renderRoot.querySelectorAll('li')].find((li) => li.dataset.id === was.id);
    row?.querySelector<HTMLElement>(`[part="${was.part}"]`)?.focus();
  }

  override render() {
    const t = this.t;
    // The list follows the map's board filter, as the markers do.
    const boards = new Set(this.target.map?.activeBoards ?? []);
    const alerts = this.target.map ? this.alerts.filter((a) => boards.has(a.board)) : this.alerts;
    const shown = alerts.slice(0, Math.max(0, this.max));
    // Rows keyed by alert, drawn with map() + keyed() rather than repeat(): lit-html 3.3.1–3.3.3's
    // repeat() leaves one comment node in the list for every row it removes (lit/lit#5010, #5298),
    // which on a wall screen raising and resolving alerts for months grows the DOM without bound.
    // A row whose alert moved is drawn anew instead of moved; updated() keeps its focus.
    return html`
      <div part="header" class="header"><span>${t.alertList.label}</span><span>${alerts.length}</span></div>
      ${shown.length
        ? html`<ul part="list" aria-label=${t.alertList.label} @keydown=${this.onKeyDown}>${shown.map((a) => keyed(a.id, this.row(a)))}</ul>`
        : html`<div part="empty" class="empty">${t.alertList.empty}</div>`}
      <div class="announcer" role="alert" aria-live="assertive">${this.announcement}</div>
    `;
  }
}
