import { createContext } from '@lit/context';
import type { GridMapEngine } from '../engine/grid-map-engine.js';
import type { GmSelectDetail } from '../event-types.js';
import type { LiveAlert } from '../model/alert.js';
import type { Board } from '../model/board.js';
import type { GridStatus, StatusUpdate } from '../model/grid-status.js';
import type { Alert } from '../model/alert.js';
import type { SearchEntry } from '../model/search-index.js';
import type { NearestStaff, NearestStaffOptions } from '../model/staff-index.js';
import type { OperatorRequest, WorkOrder } from '../model/work-order.js';
import type { ActionOutcome } from '../engine/work-order-desk.js';

/**
 * What `<gm-map>` is to the elements inside it (data layers, `<gm-live>`) and the controls that
 * serve it (declared here, not imported, so nothing below the components depends on them): its
 * public API, and its engine.
 */
export interface GmMapElement extends HTMLElement {
  /** The map's machinery: data layers add their parts to it. */
  readonly engine: GridMapEngine;
  /** Resolves once the current `src` is drawn. */
  readonly ready: Promise<void>;
  lang: string;
  boards: string;
  selected: string;
  readonly activeBoards: Board[];
  readonly cityName: string;
  readonly alerts: LiveAlert[];
  setStatuses(updates: Iterable<StatusUpdate>): void;
  raiseAlert(alert: Alert | Iterable<Alert>): void;
  acknowledgeAlert(id: string): boolean;
  resolveAlert(id: string): boolean;
  readonly workOrders: WorkOrder[];
  workOrder(id: string): WorkOrder | undefined;
  upsertWorkOrders(orders: Iterable<WorkOrder>): void;
  removeWorkOrders(ids: Iterable<string>): void;
  requestAction(request: OperatorRequest): Promise<ActionOutcome>;
  requestDispatch(target: { kind: 'alert' | 'event'; id: string } | string): void;
  flyToArea(code: string): boolean;
  nearestStaff(target: string | [number, number], options?: NearestStaffOptions): NearestStaff[];
  statusCounts(code?: string): Record<GridStatus, number> | undefined;
  boardStatusCounts(code?: string): Record<Board, Record<GridStatus, number>> | undefined;
  areaPath(code: string): GmSelectDetail[];
  flyToAlert(id: string): boolean;
  flyToPoint(lngLat: [number, number]): void;
  searchEntries(): SearchEntry[];
}

/**
 * The one way to find a map: `<gm-map>` provides itself (with its engine) to every element inside
 * it through this Lit context; controls elsewhere on the page name it with `for` (MapTargetController).
 * Symbol.for: two copies of the library on one page still find each other's maps.
 */
export const mapContext = createContext<GmMapElement | undefined>(Symbol.for('gm-map-element'));
