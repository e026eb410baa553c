// Registers every element and exports the public classes and types.
export { GmMap } from './components/map/map.js';
export { GmSites } from './components/sites/sites.js';
export { GmStaff } from './components/staff/staff.js';
export { GmEvents } from './components/events/events.js';
export type * from './event-types.js';
export type { AreaLevel, BoundaryLevel } from './model/codes.js';
export type { Board } from './model/board.js';
export { BOARDS } from './model/board.js';
export type { GridStatus, StatusUpdate } from './model/grid-status.js';
export { GRID_STATUSES } from './model/grid-status.js';
export type { Manifest, LevelSource } from './model/manifest.js';
export type { Site, SiteCategory } from './model/site.js';
export { SITE_CATEGORIES } from './model/site.js';
export type { MapItem } from './model/map-item.js';
export type { Staff, StaffRole, StaffStatus } from './model/staff.js';
export { STAFF_ROLES, STAFF_STATUSES } from './model/staff.js';
export type { GridEvent, GridEventStatus, OverdueLight } from './model/grid-event.js';
export { GRID_EVENT_STATUSES } from './model/grid-event.js';
