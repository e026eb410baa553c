// The domain's vocabularies and types alone (`grid-map-components/constants.js`): the four boards,
// grid statuses, site categories, staff roles, event statuses and alert levels. Pure data: importing
// them registers no element and pulls in neither Lit nor MapLibre (a form or a report page that
// only needs the board names pays a few kilobytes, not the map).
export type { Board } from './model/board.js';
export { BOARDS } from './model/board.js';
export type { GridStatus, StatusUpdate } from './model/grid-status.js';
export { GRID_STATUSES } from './model/grid-status.js';
export type { Site, SiteCategory } from './model/site.js';
export { SITE_CATEGORIES } from './model/site.js';
export type { MapItem } from './model/map-item.js';
export type { Staff, StaffRole, StaffStatus } from './model/staff.js';
export { STAFF_ROLES, STAFF_STATUSES } from './model/staff.js';
export type { GridEvent, GridEventStatus, OverdueLight } from './model/grid-event.js';
export { GRID_EVENT_STATUSES } from './model/grid-event.js';
export type { Alert, AlertLevel, AlertAction, LiveAlert } from './model/alert.js';
export { ALERT_LEVELS } from './model/alert.js';
export type { AreaLevel, BoundaryLevel } from './model/codes.js';
