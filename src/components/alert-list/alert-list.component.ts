import { html, render, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GmControlElement } from '../../gm-control-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { GmMapElement } from '../../controllers/map-context.js';
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
  /** The alert and button that had the focus before an update, to give it back if its row moved. */
  private focusedRow?: { id: string; part: string };
  /** The rows drawn at the last render, in order (drawn into the list by updated()). */
  private shown: LiveAlert[] = [];

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

  /** The inside of one alert's row (its `<li>` is kept by drawRows()). */
  private rowContent(alert: LiveAlert) {
    const t = this.t;
    const map = this.target.map;
    const place = this.place(alert);
    return html`
      <button part="open" class="open" type="button" @click=${() => map?.flyToAlert(alert.id)}>
        <span class="title"><span class="level">${t.alertLevel[alert.level]}</span>${alert.title}</span>
        <span class="meta">${[alert.pinned ? t.alertList.pinned : '', t.board[alert.board], place, this.age(alert), alert.acknowledged ? t.alertList.acknowledged : '']
          .filter(Boolean)
          .join(' · ')}</span>
      </button>
      <span class="actions">
        <button part="acknowledge" type="button" ?disabled=${alert.acknowledged} @click=${() => map?.requestAction({ action: 'acknowledge', alert: alert.id })}>${t.alertList.acknowledge}</button>
        <button part="resolve" type="button" @click=${() => map?.requestAction({ action: 'resolve', alert: alert.id })}>${t.alertList.resolve}</button>
      </span>
    `;
  }

  /**
   * One `<li>` per alert, kept for as long as the alert is shown: updated in place, moved into
   * order, removed with its alert. Written by hand because neither Lit way fits a list that
   * changes every few seconds for months. Keyed `repeat()` in lit-html 3.3.1–3.3.3 leaves one
   * comment node in the list for every row it removes (lit/lit#5010, #5298), so the DOM grows
   * without bound. `map()` + `keyed()` matches rows by position, so an alert raised at the top
   * redraws every row below it: the whole list as new nodes each time, dropped nodes the soak
   * still found alive at its samples.
   */
  private drawRows(list: HTMLUListElement): void {
    const rows = new Map<string, HTMLLIElement>();
    for (const li of list.querySelectorAll<HTMLLIElement>(':scope > li')) rows.set(li.dataset.id!, li);
    let next = list.firstElementChild;
    for (const alert of this.shown) {
      let li = rows.get(alert.id);
      rows.delete(alert.id);
      if (!li) {
        li = document.createElement('li');
        li.setAttribute('part', 'row');
        li.dataset.id = alert.id;
      }
      li.dataset.level = alert.level;
      li.toggleAttribute('data-pinned', Boolean(alert.pinned));
      li.toggleAttribute('data-acknowledged', alert.acknowledged);
      render(this.rowContent(alert), li, { host: this });
      if (li === next) next = li.nextElementSibling;
      else list.insertBefore(li, next);
    }
    for (const gone of rows.values()) gone.remove();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector<HTMLUListElement>('ul');
    if (list) this.drawRows(list);
    // A row moved into place loses the focus (a move is a removal and an insertion): give it back.
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
