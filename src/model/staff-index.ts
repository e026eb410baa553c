import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import { STAFF_STATUSES, type Staff, type StaffRole, type StaffStatus } from './staff.js';

/** What `nearestStaff()` looks for. */
export interface NearestStaffOptions {
  /** How many people to return (default 5). */
  count?: number;
  /** Only these roles (default all). */
  roles?: readonly StaffRole[];
  /** Only these statuses (default on duty and busy: off-duty people are not dispatched). */
  status?: StaffStatus | readonly StaffStatus[];
  /** Travel speed for the minutes estimate, km/h (default 30: an e-bike or patrol car in town). */
  speedKmh?: number;
  /** Road distance over straight-line distance (default 1.3, typical of city streets). */
  detour?: number;
  /** Nobody farther than this, km (default no limit). */
  maxKm?: number;
}

/** One person found by `nearestStaff()`. */
export interface NearestStaff {
  staff: Staff;
  /** Great-circle distance from the target, km. */
  distanceKm: number;
  /** Estimated travel time: distance × detour at the speed, minutes. */
  minutes: number;
}

export const DEFAULT_SPEED_KMH = 30;
export const DEFAULT_DETOUR = 1.3;
const DEFAULT_STATUSES: readonly StaffStatus[] = ['on-duty', 'busy'];

/** Travel minutes for a straight-line distance. */
export function travelMinutes(distanceKm: number, options: NearestStaffOptions = {}): number {
  return ((distanceKm * (options.detour ?? DEFAULT_DETOUR)) / (options.speedKmh ?? DEFAULT_SPEED_KMH)) * 60;
}

/**
 * 就近力量调度: a k-d tree over the staff's positions (kdbush), searched by great-circle distance
 * (geokdbush), so the nearest of 20,000 people are found without measuring to each. Rebuilt on
 * the first query after positions changed (a few ms for 20,000), not on every update.
 */
export class StaffIndex {
  private tree?: KDBush;
  private people: Staff[] = [];

  constructor(private readonly source: () => Iterable<Staff>) {}

  /** Positions changed: the next query rebuilds the tree. */
  invalidate(): void {
    this.tree = undefined;
  }

  /** The nearest people to a point matching the options, nearest first. */
  nearest([lng, lat]: [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    const tree = this.build();
    const roles = options.roles && new Set<string>(options.roles);
    const status = options.status === undefined ? DEFAULT_STATUSES : typeof options.status === 'string' ? [options.status] : options.status;
    const statuses = new Set<string>(status.filter((s) => (STAFF_STATUSES as readonly string[]).includes(s)));
    const people = this.people;
    const matches = (i: number) => i < people.length && statuses.has(people[i].status) && (!roles || roles.has(people[i].role));
    const found = around(tree, lng, lat, Math.max(0, options.count ?? 5), options.maxKm ?? Infinity, matches) as number[];
    return found.map((i) => {
      const staff = people[i];
      const distanceKm = distance(lng, lat, staff.lngLat[0], staff.lngLat[1]);
      return { staff: { ...staff }, distanceKm, minutes: travelMinutes(distanceKm, options) };
    });
  }

  private build(): KDBush {
    if (this.tree) return this.tree;
    this.people = [...this.source()];
    const tree = new KDBush(Math.max(1, this.people.length));
    for (const p of this.people) tree.add(p.lngLat[0], p.lngLat[1]);
    // An empty tree still needs one point to finish; it is never a match (no person behind it).
    if (!this.people.length) tree.add(0, 90);
    tree.finish();
    this.tree = tree;
    return tree;
  }
}
