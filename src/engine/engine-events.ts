import type {
  GmAlertDetail,
  GmErrorDetail,
  GmHoverDetail,
  GmMapChangeDetail,
  GmProgressDetail,
  GmSelectDetail,
  GmStatusChangeDetail,
  GmViewChangeDetail,
  GmWorkOrderChangeDetail,
  GmDispatchRequestDetail,
} from '../event-types.js';

/**
 * What the engine tells its view, by type. `<gm-map>` turns each into its `gm-` DOM event
 * (engine-events → `gm-<type>`).
 */
export interface EngineEventMap {
  /** Loading steps done out of the total. */
  progress: GmProgressDetail;
  /** The loaded hierarchy is drawn (every level, its initial statuses). */
  ready: Record<string, never>;
  /** Something could not be loaded or applied; the map kept its last good state. */
  error: GmErrorDetail;
  /** The user selected an area (click, keyboard): not fired when the selection is set by code. */
  select: GmSelectDetail;
  /** The area under the pointer changed. */
  hover: GmHoverDetail;
  /** The view settled after a move. */
  'view-change': GmViewChangeDetail;
  /** Statuses (or the active boards) changed what the map shows; once per frame at most. */
  'status-change': GmStatusChangeDetail;
  /** An alert was raised, updated, acknowledged or resolved. */
  alert: GmAlertDetail;
  /** Work orders changed (published, projected for an action in flight, or put back). */
  'work-order-change': GmWorkOrderChangeDetail;
  /** An alert's marker was clicked: the dispatch panel is asked for. */
  'dispatch-request': GmDispatchRequestDetail;
  /** A new MapLibre map is in use (after a re-mount or a lost WebGL context), or none (`map` undefined): a `getMap()` reference taken before is stale. */
  'map-change': GmMapChangeDetail;
}
