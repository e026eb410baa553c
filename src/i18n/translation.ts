import type { GmErrorReason, LiveState } from '../event-types.js';
import type { Board } from '../model/board.js';
import type { GridStatus } from '../model/grid-status.js';
import type { SiteCategory } from '../model/site.js';
import type { StaffRole, StaffStatus } from '../model/staff.js';
import type { GridEventStatus, OverdueLight } from '../model/grid-event.js';
import type { AlertLevel } from '../model/alert.js';
import type { SearchKind } from '../model/search-index.js';
import type { WorkOrderAction, WorkOrderState } from '../model/work-order.js';

/** Every string the elements show. A missing key in a language is a type error. */
export interface Translation {
  mapLabel: string;
  loading: (loaded: number, total: number) => string;
  city: string;
  status: Record<GridStatus, string>;
  errors: Record<GmErrorReason, string>;
  dismiss: string;
  board: Record<Board, string>;
  siteCategory: Record<SiteCategory, string>;
  staffRole: Record<StaffRole, string>;
  staffStatus: Record<StaffStatus, string>;
  minutesAgo: (minutes: number) => string;
  /** An age in minutes, as minutes, hours or days ago. */
  age: (minutes: number) => string;
  eventStatus: Record<GridEventStatus, string>;
  overdueLight: Record<OverdueLight, string>;
  alertLevel: Record<AlertLevel, string>;
  /** The title of the alert raised when someone enters a restricted fence. */
  fenceIntrusion: (fence: string, item: string) => string;
  /** A reach ring's label: reached within this many minutes. */
  reach: (minutes: number) => string;
  alertList: {
    label: string;
    empty: string;
    acknowledge: string;
    resolve: string;
    pinned: string;
    acknowledged: string;
    /** What the live region says when an emergency arrives. */
    announce: (level: string, title: string, place: string) => string;
  };
  /** `<gm-work-orders>` and its dispatch panel (闭环派单). */
  workOrders: {
    label: string;
    empty: string;
    state: Record<WorkOrderState, string>;
    action: Record<WorkOrderAction, string>;
    /** The filters' labels, and their "any" choice. */
    filter: { state: string; board: string; assignee: string; open: string; any: string };
    dueIn: (minutes: number) => string;
    overdueBy: (minutes: number) => string;
    supervised: string;
    sending: string;
    dispatchTitle: (title: string) => string;
    nearest: string;
    staffFilter: string;
    minutes: (minutes: number) => string;
    noStaff: string;
    note: string;
    /** The note an action needs: close's result, return's reason. */
    noteFor: Record<'close' | 'return', string>;
    send: string;
    cancel: string;
  };
  alertListDispatch: string;
  controls: {
    boards: string;
    legend: string;
    breadcrumb: string;
    gridsByStatus: string;
    layers: string;
  };
  search: { label: string; placeholder: string; empty: string; kind: Record<SearchKind, string> };
  stats: { label: (place: string) => string; colon: string };
  /** `<gm-live>`'s badge: each state, and the time of the last update. */
  live: { state: Record<LiveState, string>; lastUpdate: (time: string) => string; resynced: string; attempt: (n: number) => string; actionsWaiting: (n: number) => string };
  /** The data layers' names (the legend's symbols). */
  layerName: Record<'sites' | 'staff' | 'events' | 'fences' | 'alerts', string>;
  /** Labels of the popups' lines. */
  fields: { category: string; board: string; grid: string; role: string; status: string; updated: string; light: string; due: string };
}
