// Registers every element and exports the public classes and types.
export { GmMap } from './components/map/map.js';
export { GmSites } from './components/sites/sites.js';
export { GmStaff } from './components/staff/staff.js';
export { GmEvents } from './components/events/events.js';
export { GmFences } from './components/fences/fences.js';
export { GmAlertList } from './components/alert-list/alert-list.js';
export { GmBoardFilter } from './components/board-filter/board-filter.js';
export { GmBreadcrumb } from './components/breadcrumb/breadcrumb.js';
export { GmLegend } from './components/legend/legend.js';
export { GmStats } from './components/stats/stats.js';
export { GmSearch } from './components/search/search.js';
export { GmLive } from './components/live/live.js';
export { GmWorkOrders } from './components/work-orders/work-orders.js';
export type { LiveStats } from './components/live/live.component.js';
export type * from './event-types.js';
// The vocabularies and types (also alone, without the elements: `grid-map-components/constants.js`).
export * from './constants.js';
export type { Manifest, LevelSource } from './model/manifest.js';
export type { Fence, FenceKind, FenceCrossing } from './model/fence.js';
export type { NearestStaff, NearestStaffOptions } from './model/staff-index.js';
export type { MapImageOptions } from './engine/map-image.js';
export type { WorkOrder, WorkOrderState, WorkOrderAction, WorkOrderEntry, OperatorAction, OperatorRequest } from './model/work-order.js';
export type { ActionOutcome } from './engine/work-order-desk.js';
export type { LiveMessage, LiveSnapshot, LiveStatusMessage, LiveItemsMessage, LiveAlertsMessage, LiveHeartbeat, StaffMove } from './model/live-message.js';
