import { property } from 'lit/decorators.js';
import { html, nothing, type PropertyValues } from 'lit';
import { GmLayerElement } from '../../gm-layer-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { EventsPart, type GridEventCounts } from '../../engine/parts/events-part.js';
import { timeMs, type GridEvent } from '../../model/grid-event.js';

export type { GridEventCounts };

/**
 * @summary 网格事件: grid events on the map by closed-loop status (reported, dispatched,
 * handling, closed), each with its overdue light — green on time, amber within `warn-before`
 * of its due time, red overdue — that follows the clock without re-sending data.
 *
 * Put it inside `<gm-map>`. `counts()` and the `gm-counts` event give other elements (a stats
 * panel, a legend) the numbers by status and light.
 *
 * @event {{ kind: 'event', id: string, item: GridEvent }} gm-select - An event was clicked.
 * @event {{ kind: 'event', counts: GridEventCounts }} gm-counts - The counts changed (items or the clock); at most once per frame.
 * @event {{ reason: string, detail: object }} gm-error - `items-invalid` (missing id, bad position, unknown status or board, unreadable times, a text over 1,000 characters; or `src` gave no items) or `items-unreachable` (`src` failed or stalled).
 * @slot popup - Content of your own under the selected event's details (e.g. a dispatch button).
 * @csspart popup - The selected event's popup. Also `popup-title`, `popup-details`, `popup-close`, `popup-dispatch` (asks for the dispatch panel of a `<gm-work-orders>`).
 */
export class GmEvents extends GmLayerElement<GridEvent, EventsPart> {
  /** Minutes before its due time that an open event's light turns amber. */
  @property({ type: Number, attribute: 'warn-before' }) warnBefore = 60;

  /** The time now, in epoch milliseconds (replace it to replay data, or in tests). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  private readonly clockReader = new ClockController(this, () => this.clock(), () => this.layerPart.setClock(this.warnBefore * 60_000));

  constructor() {
    super();
    this.layerPart.on('counts', (counts) => this.emit('gm-counts', { kind: 'event', counts }));
  }

  protected createPart(): EventsPart {
    return new EventsPart();
  }

  /** The events shown (active boards) by status, and the open ones by overdue light, now; inside the area `code` when given (events whose grid code starts with it). */
  counts(code = ''): GridEventCounts {
    return this.layerPart.counts(code);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('clock')) this.layerPart.clock = () => this.clock();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('clock') || changed.has('warnBefore')) this.clockReader.tick();
  }

  protected popupTitle(event: GridEvent): string {
    return event.title;
  }

  /** 派单: asks the map for the dispatch panel (`<gm-work-orders>`) for this event. */
  protected override popupActions(event: GridEvent) {
    if (event.status === 'closed') return nothing;
    return html`<div class="popup__actions"><button part="popup-dispatch" type="button" @click=${() => this.view?.requestDispatch({ kind: 'event', id: event.id })}>${this.t.alertListDispatch}</button></div>`;
  }

  protected popupDetails(event: GridEvent): [string, string][] {
    const t = this.t;
    const light = this.layerPart.lightOf(event);
    const time = (ms: number) => new Date(ms).toLocaleString(this.view?.lang ?? undefined, { hour12: false });
    return [
      [t.fields.status, t.eventStatus[event.status]],
      ...(light ? [[t.fields.light, t.overdueLight[light]] as [string, string]] : []),
      [t.fields.board, t.board[event.board]],
      [t.fields.due, time(timeMs(event.dueAt))],
      ...(event.gridCode ? [[t.fields.grid, this.placeOf(event.gridCode)] as [string, string]] : []),
    ];
  }
}
