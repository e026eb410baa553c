import { itemProblem, type ItemProblem, type MapItem } from './map-item.js';

/** 网格力量: roles. */
export type StaffRole = 'grid-worker' | 'part-time' | 'safety-officer' | 'police' | 'volunteer';
export const STAFF_ROLES: readonly StaffRole[] = ['grid-worker', 'part-time', 'safety-officer', 'police', 'volunteer'];

export type StaffStatus = 'on-duty' | 'busy' | 'off-duty';
export const STAFF_STATUSES: readonly StaffStatus[] = ['on-duty', 'busy', 'off-duty'];

/** 网格力量 staff member. */
export interface Staff extends MapItem {
  name: string;
  role: StaffRole;
  status: StaffStatus;
  gridCode?: string;
  /** Time of the last position update: ISO 8601 or epoch milliseconds. */
  updatedAt: string | number;
}

/** The shared checks plus a known role and status and a readable `updatedAt`. */
export function staffProblem(item: unknown): ItemProblem {
  const problem = itemProblem(item);
  if (problem) return problem;
  const { role, status } = item as Staff;
  if (!(STAFF_ROLES as readonly string[]).includes(role) || !(STAFF_STATUSES as readonly string[]).includes(status)) return 'bad-kind';
  return Number.isFinite(updatedAtMs(item as Staff)) ? null : 'bad-kind';
}

/** `updatedAt` in epoch milliseconds (NaN when unreadable). */
export function updatedAtMs(staff: Pick<Staff, 'updatedAt'>): number {
  return typeof staff.updatedAt === 'number' ? staff.updatedAt : Date.parse(staff.updatedAt);
}
