import { property } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { GmLayerElement } from '../../gm-layer-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { PointLayerSpec } from '../../controllers/point-layer-controller.js';
import { EVENTS_CLOCK_STATE, EVENTS_LAYER, EVENTS_SOURCE, EVENTS_WARN_STATE, eventFeature, eventIcons, eventsLayers, eventsSource } from '../../layers/events-layer.js';
import { gridEventProblem, overdueLight, timeMs, type GridEvent, type GridEventStatus, type OverdueLight } from '../../model/grid-event.js';
import { translationFor } from '../../i18n/localize.js';

/** Open and closed events by status, and the open ones by overdue light. */
export type GridEventCounts = Record<GridEventStatus | OverdueLight, number>;

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
 * @csspart popup - The selected event's popup. Also `popup-title`, `popup-details`, `popup-close`.
 */
export class GmEvents extends GmLayerElement<GridEvent> {
  /** Minutes before its due time that an open event's light turns amber. */
  @property({ type: Number, attribute: 'warn-before' }) warnBefore = 60;

  /** The time now, in epoch milliseconds (replace it to replay data, or in tests). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  private readonly clockReader = new ClockController(this, () => this.clock(), () => this.readClock());
  private countsFrame = 0;

  protected spec(): PointLayerSpec<GridEvent> {
    return {
      kind: 'event',
      sourceId: EVENTS_SOURCE,
      source: eventsSource,
      layers: eventsLayers,
      icons: eventIcons,
      feature: eventFeature,
      problem: gridEventProblem,
      itemLayers: [EVENTS_LAYER],
    };
  }

  /**
   * The events shown (active boards) by status, and the open ones by overdue light, now; inside
   * the area `code` when given (events whose grid code starts with it).
   */
  counts(code = ''): GridEventCounts {
    const counts: GridEventCounts = { reported: 0, dispatched: 0, handling: 0, closed: 0, 'on-time': 0, 'due-soon': 0, overdue: 0 };
    const now = this.clock();
    const warnMs = this.warnBefore * 60000;
    for (const event of this.points.values()) {
      if (!this.shows(event) || (code && !event.gridCode?.startsWith(code))) continue;
      counts[event.status]++;
      const light = overdueLight(event, now, warnMs);
      if (light) counts[light]++;
    }
    return counts;
  }

  protected override itemsChanged(): void {
    this.countsChanged();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('clock') || changed.has('warnBefore')) this.clockReader.tick();
  }

  protected override mapBound(map: MaplibreMap): void {
    this.readClock(map);
  }

  protected override refilter(): void {
    super.refilter();
    this.countsChanged();
  }

  protected popupTitle(event: GridEvent): string {
    return event.title;
  }

  protected popupDetails(event: GridEvent): [string, string][] {
    const t = translationFor(this.closest('gm-map')?.lang ?? document.documentElement.lang);
    const light = overdueLight(event, this.clock(), this.warnBefore * 60000);
    const time = (ms: number) => new Date(ms).toLocaleString(this.closest('gm-map')?.lang ?? undefined, { hour12: false });
    return [
      [t.fields.status, t.eventStatus[event.status]],
      ...(light ? [[t.fields.light, t.overdueLight[light]] as [string, string]] : []),
      [t.fields.board, t.board[event.board]],
      [t.fields.due, time(timeMs(event.dueAt))],
      ...(event.gridCode ? [[t.fields.grid, event.gridCode] as [string, string]] : []),
    ];
  }

  /** Puts the clock and warning window into the map's global state. */
  private readClock(map = this.map): void {
    if (map) {
      map.setGlobalStateProperty(EVENTS_WARN_STATE, this.warnBefore * 60000);
      map.setGlobalStateProperty(EVENTS_CLOCK_STATE, this.clock());
    }
    this.countsChanged();
  }

  /** Fires gm-counts at the next frame (once, however many changes came). */
  private countsChanged(): void {
    if (this.countsFrame) return;
    this.countsFrame = requestAnimationFrame(() => {
      this.countsFrame = 0;
      this.emit('gm-counts', { kind: 'event', counts: this.counts() });
    });
  }
}
