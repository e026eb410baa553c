import { EVENTS_CLOCK_STATE, EVENTS_LAYER, EVENTS_SOURCE, EVENTS_WARN_STATE, eventFeature, eventIcons, eventsLayers, eventsSource } from '../../layers/events-layer.js';
import type { Board } from '../../model/board.js';
import { gridEventProblem, overdueLight, type GridEvent, type GridEventStatus, type OverdueLight } from '../../model/grid-event.js';
import type { AttachedScene } from '../scene.js';
import { PointLayerPart, type PointLayerEventMap } from './point-layer-part.js';

/** Open and closed events by status, and the open ones by overdue light. */
export type GridEventCounts = Record<GridEventStatus | OverdueLight, number>;

/** What the events layer tells its element: the point layer's events, and its counts. */
export interface EventsEventMap extends PointLayerEventMap<GridEvent> {
  /** The counts may have changed (items, boards or the clock); at most once per frame. */
  counts: GridEventCounts;
}

/**
 * 网格事件: grid events by closed-loop status, each with its overdue light (on time, due soon,
 * overdue) computed in the layer from a clock in the map's global state, so time passing re-sends
 * no data. Fires `counts` at most once per frame when the counts may have changed.
 */
export class EventsPart extends PointLayerPart<GridEvent, EventsEventMap> {
  /** The time now, in epoch milliseconds (replaceable: a replay, a test). */
  clock: () => number = Date.now;
  private warnMs = 60 * 60_000;
  private countsFrame = 0;

  constructor() {
    super({
      kind: 'event',
      slot: 'events',
      sourceId: EVENTS_SOURCE,
      source: eventsSource,
      layers: eventsLayers,
      icons: eventIcons,
      feature: eventFeature,
      problem: gridEventProblem,
      itemLayers: [EVENTS_LAYER],
    });
  }

  /** Reads the clock now, with an open event turning amber `warnMs` before its due time. */
  setClock(warnMs: number): void {
    this.warnMs = warnMs;
    this.writeClock();
    this.countsChanged();
  }

  /** The light of an event now. */
  lightOf(event: GridEvent): OverdueLight | undefined {
    return overdueLight(event, this.clock(), this.warnMs);
  }

  /**
   * The events shown (active boards) by status, and the open ones by overdue light, now; inside
   * the area `code` when given (events whose grid lies in it).
   */
  counts(code = ''): GridEventCounts {
    const counts: GridEventCounts = { reported: 0, dispatched: 0, handling: 0, closed: 0, 'on-time': 0, 'due-soon': 0, overdue: 0 };
    const now = this.clock();
    for (const event of this.values()) {
      if (!this.shows(event) || !this.inArea(event.gridCode, code)) continue;
      counts[event.status]++;
      const light = overdueLight(event, now, this.warnMs);
      if (light) counts[light]++;
    }
    return counts;
  }

  override attach(scene: AttachedScene): void {
    super.attach(scene);
    this.writeClock();
  }

  override boardsChanged(boards: readonly Board[]): void {
    super.boardsChanged(boards);
    this.countsChanged();
  }

  protected override itemsChanged(placed: GridEvent[], removed: string[]): void {
    super.itemsChanged(placed, removed);
    this.countsChanged();
  }

  /** Puts the clock and warning window into the map's global state (the layer's lights read them). */
  private writeClock(): void {
    const map = this.scene?.map;
    if (!map) return;
    map.setGlobalStateProperty(EVENTS_WARN_STATE, this.warnMs);
    map.setGlobalStateProperty(EVENTS_CLOCK_STATE, this.clock());
  }

  /** Tells the counts at the next frame (once, however many changes came). */
  private countsChanged(): void {
    if (this.countsFrame) return;
    this.countsFrame = requestAnimationFrame(() => {
      this.countsFrame = 0;
      this.fire('counts', this.counts());
    });
  }
}
