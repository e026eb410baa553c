import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GmEventMap, GmSelectDetail } from '../event-types.js';
import type { LiveAlert } from '../model/alert.js';
import type { Board } from '../model/board.js';
import type { GridStatus } from '../model/grid-status.js';
import type { SearchEntry } from '../model/search-index.js';

/**
 * What controls use of `<gm-map>` (declared here, not imported, so controllers do not depend on
 * the components above them).
 */
export interface GmMapElement extends HTMLElement {
  boards: string;
  selected: string;
  readonly activeBoards: Board[];
  readonly cityName: string;
  statusCounts(code?: string): Record<GridStatus, number> | undefined;
  boardStatusCounts(code?: string): Record<Board, Record<GridStatus, number>> | undefined;
  readonly alerts: LiveAlert[];
  areaPath(code: string): GmSelectDetail[];
  flyToAlert(id: string): boolean;
  flyToPoint(lngLat: [number, number]): void;
  searchEntries(): SearchEntry[];
  acknowledgeAlert(id: string): boolean;
  resolveAlert(id: string): boolean;
}

/** A control element: a host with an optional `for` (the id of the map it serves). */
export interface MapTargetHost extends ReactiveControllerHost, HTMLElement {
  htmlFor: string;
}

/**
 * Finds the `<gm-map>` a control serves (`for="map-id"`, else the `<gm-map>` around it) and
 * listens to its events while connected. A map added to the page later (the control came first)
 * is found when it appears.
 */
export class MapTargetController implements ReactiveController {
  /** The map, once found. */
  map?: GmMapElement;
  private observer?: MutationObserver;
  /** Watches the map's reflected attributes (boards, selected, lang, theme) and its children (layers added or removed): the control re-renders. */
  private readonly attributes = new MutationObserver(() => this.host.requestUpdate());

  constructor(
    private readonly host: MapTargetHost,
    private readonly events: Partial<{ [K in keyof GmEventMap]: (event: GmEventMap[K]) => void }>,
    /** Called when the control gets (another) map, or loses it. */
    private readonly found?: (map: GmMapElement | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
  }

  hostDisconnected(): void {
    this.bind(undefined);
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** Looks again (e.g. `for` changed). */
  resolve(): void {
    const host = this.host;
    const root = host.getRootNode() as Document | ShadowRoot;
    const found = host.htmlFor ? root.getElementById?.(host.htmlFor) ?? document.getElementById(host.htmlFor) : host.closest('gm-map');
    const map = found?.localName === 'gm-map' ? (found as GmMapElement) : undefined;
    this.bind(map);
    if (map || !host.isConnected) {
      this.observer?.disconnect();
      this.observer = undefined;
    } else if (!this.observer) {
      this.observer = new MutationObserver(() => this.resolve());
      this.observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
    }
  }

  private bind(map: GmMapElement | undefined): void {
    if (map === this.map) return;
    for (const [name, listener] of Object.entries(this.events)) this.map?.removeEventListener(name, listener as EventListener);
    this.map = map;
    for (const [name, listener] of Object.entries(this.events)) this.map?.addEventListener(name, listener as EventListener);
    this.attributes.disconnect();
    if (map) this.attributes.observe(map, { attributes: true, attributeFilter: ['boards', 'selected', 'lang', 'theme'], childList: true });
    this.found?.(map);
    this.host.requestUpdate();
  }
}
