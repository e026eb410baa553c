import type { AreaLevel, BoundaryLevel } from './model/codes.js';
import type { MapItem } from './model/map-item.js';
import type { AlertAction, LiveAlert } from './model/alert.js';
import type { OperatorRequest, WorkOrder } from './model/work-order.js';
import type { Board } from './model/board.js';
import type { Map as MaplibreMap } from 'maplibre-gl';

/**
 * `gm-select` from the map: an area was chosen by the user (click, keyboard, Escape to go up). Also
 * what `gm-hover` and `areaPath()` give for an area.
 */
export interface GmSelectDetail {
  /** Always `area`: tells an area from a data layer's item (GmItemSelectDetail). */
  kind: 'area';
  code: string;
  level: AreaLevel;
  name: string;
}

/** `gm-select` from a data layer (`<gm-sites>`, `<gm-staff>`, `<gm-events>`): one of its items was clicked. */
export interface GmItemSelectDetail {
  /** Which layer's item: `site`, `staff` or `event`. */
  kind: 'site' | 'staff' | 'event';
  id: string;
  /** The item as given (a copy). */
  item: MapItem;
}

/**
 * What `gm-select` carries: a union told apart by `kind` (`area`, or the item's kind), so
 * `if (e.detail.kind === 'area') e.detail.code` type-checks without casts.
 */
export type GmSelectEventDetail = GmSelectDetail | GmItemSelectDetail;

/** `gm-counts`: a data layer's counts changed (`<gm-events>`: by status and overdue light). */
export interface GmCountsDetail {
  kind: string;
  counts: Record<string, number>;
}

/** `gm-hover`: the area under the pointer changed (null: none). */
export type GmHoverDetail = GmSelectDetail | null;

/** `gm-view-change`: the view settled after a move (the user's, a drill-down's or flyToArea's). */
export interface GmViewChangeDetail {
  center: [number, number];
  zoom: number;
  /** [west, south, east, north]. */
  bounds: [number, number, number, number];
  /** The level whose areas are filled by status now. */
  level: BoundaryLevel;
}

/** `gm-error`: something could not be loaded or applied; the map kept its last good state. */
export interface GmErrorDetail {
  /** A stable, machine-readable reason, e.g. `manifest-unreachable`, `unknown-code`. */
  reason: GmErrorReason;
  /** What exactly: the URL, the codes, the message. */
  detail: Record<string, unknown>;
}

export type GmErrorReason =
  | 'manifest-unreachable'
  | 'manifest-invalid-json'
  | 'manifest-invalid'
  | 'boundaries-unreachable'
  | 'boundaries-invalid'
  | 'index-unreachable'
  | 'index-invalid'
  | 'statuses-unreachable'
  | 'statuses-invalid'
  | 'tiles-unreachable'
  | 'tiles-invalid'
  | 'mosaic-unreachable'
  | 'mosaic-invalid'
  | 'unknown-code'
  | 'invalid-status'
  | 'invalid-board'
  | 'invalid-update'
  | 'webgl-unavailable'
  | 'items-invalid'
  | 'items-unreachable'
  | 'invalid-alert'
  | 'unknown-alert'
  | 'invalid-fence'
  | 'invalid-attribute'
  | 'live-malformed'
  | 'live-unreachable'
  | 'live-behind'
  | 'invalid-feature'
  | 'name-too-long'
  | 'duplicate-code'
  | 'origin-refused'
  | 'worker-unreachable'
  | 'invalid-work-order'
  | 'action-invalid'
  | 'action-refused'
  | 'action-queued'
  | 'action-unsent';

/** `gm-alert`: an alert was raised, updated, acknowledged or resolved. */
export interface GmAlertDetail {
  alert: LiveAlert;
  action: AlertAction;
}

/** `gm-work-order-change`: work orders changed (published by the relay, or shown as an action in flight will leave them, or put back). */
export interface GmWorkOrderChangeDetail {
  orders: WorkOrder[];
}

/**
 * `gm-work-order-action`: an operator asked for an action (a cancellable request: a host that calls
 * `preventDefault()` handles it itself; else it goes to the relay through `<gm-live>`).
 */
export interface GmWorkOrderActionDetail extends OperatorRequest {
  /** The idempotency key the relay will see (the same action sent again is applied once). */
  key: string;
  /** The order as the console shows it now (flow actions). */
  current?: WorkOrder;
  /** Asked by the map itself: an assignee was found inside the order's grid (`on-site`). */
  automatic?: boolean;
}

/** `gm-dispatch-request`: an operator wants to choose whom to send to an alert, an event or an order (`<gm-work-orders>` opens its dispatch panel). */
export interface GmDispatchRequestDetail {
  /** What the order is for, when it has none yet. */
  source?: { kind: 'alert' | 'event'; id: string };
  /** The order's id, when it has one. */
  order?: string;
}

/** `gm-fence`: a tracked item crossed a fence's edge. */
export interface GmFenceDetail {
  fence: { id: string; name: string; kind: 'restricted' | 'watch' };
  item: MapItem;
  action: 'enter' | 'exit';
}

/** `gm-positions`: a data layer's items were placed or moved (what `<gm-fences>` watches). */
export interface GmPositionsDetail {
  kind: string;
  items: readonly MapItem[];
}

/** `gm-status-change`: grid statuses (or the active boards) changed what the map shows; once per frame. */
export interface GmStatusChangeDetail {
  /** How many areas (grids and the areas above them) changed their shown status. */
  count: number;
}

/** `gm-board-change`: the active boards changed (a `<gm-board-filter>`). */
export interface GmBoardChangeDetail {
  boards: Board[];
}

/** A `<gm-live>` connection's state. */
export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** `gm-live-status`: a `<gm-live>` feed's connection changed state. */
export interface GmLiveStatusDetail {
  state: LiveState;
  /** The last `seq` received in order (undefined before the first snapshot). */
  lastSeq: number | undefined;
  /** When the last change was applied (epoch ms), if ever. */
  lastUpdate: number | undefined;
  /** Failed attempts in a row (0 while connected). */
  attempt: number;
  /** Why it dropped, when it did. */
  reason?: string;
}

/** `gm-live-update`: a frame's in-order messages were applied to the map and its layers. */
export interface GmLiveUpdateDetail {
  /** The first and last `seq` applied (a snapshot's seq when it came first). */
  fromSeq: number;
  toSeq: number;
  /** Whether a snapshot replaced the feed's state in this frame. */
  snapshot: boolean;
  /**
   * Set when that snapshot is of a log that started over (the server's epoch changed, or its seq
   * went backwards): everything before it is replaced, and the badge says it resynced.
   */
  resync?: boolean;
  /** When each applied message arrived (performance.now(), in order): for latency measurements. */
  receivedAt: number[];
}

/**
 * `gm-map-change`: the map element's MapLibre map was replaced (made anew after a lost WebGL
 * context, or after the element was moved in the page), or removed (`map` undefined): a reference
 * from `getMap()` taken before is stale.
 */
export interface GmMapChangeDetail {
  map: MaplibreMap | undefined;
}

/** `gm-progress`: loading steps done out of the total. */
export interface GmProgressDetail {
  loaded: number;
  total: number;
}

/** Every event of the library, by name (the map of `emit()` and of the DOM's listener types). */
export interface GmEventMap {
  'gm-ready': CustomEvent<Record<string, never>>;
  'gm-select': CustomEvent<GmSelectEventDetail>;
  'gm-counts': CustomEvent<GmCountsDetail>;
  'gm-hover': CustomEvent<GmHoverDetail>;
  'gm-view-change': CustomEvent<GmViewChangeDetail>;
  'gm-error': CustomEvent<GmErrorDetail>;
  'gm-progress': CustomEvent<GmProgressDetail>;
  'gm-map-change': CustomEvent<GmMapChangeDetail>;
  'gm-alert': CustomEvent<GmAlertDetail>;
  'gm-fence': CustomEvent<GmFenceDetail>;
  'gm-work-order-change': CustomEvent<GmWorkOrderChangeDetail>;
  'gm-work-order-action': CustomEvent<GmWorkOrderActionDetail>;
  'gm-dispatch-request': CustomEvent<GmDispatchRequestDetail>;
  'gm-positions': CustomEvent<GmPositionsDetail>;
  'gm-status-change': CustomEvent<GmStatusChangeDetail>;
  'gm-board-change': CustomEvent<GmBoardChangeDetail>;
  'gm-live-status': CustomEvent<GmLiveStatusDetail>;
  'gm-live-update': CustomEvent<GmLiveUpdateDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends GmEventMap {}
}
