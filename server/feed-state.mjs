// The live state the feed server serves: every grid's status per board, the staff, the grid
// events and the open alerts. It starts from a fixture directory (the same files `<gm-map>` and
// the layers load) and changes only through `apply(message)`, the fold of the protocol's delta
// messages (docs/live-protocol.md) — so a journal of messages replayed onto the same start gives
// the same state, which is how a restarted server picks up where it was killed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ id: string, name: string, role: string, status: string, lngLat: [number, number], gridCode?: string, updatedAt: string }} Staff
 * @typedef {{ id: string, board: string, title: string, status: string, reportedAt: string, dueAt: string, lngLat: [number, number], gridCode: string }} GridEvent
 * @typedef {{ id: string, level: string, board: string, title: string, time: string, gridCode?: string, lngLat?: [number, number], pinned?: boolean, acknowledged?: boolean }} Alert
 * @typedef {{ id: string, state: string } & Record<string, unknown>} WorkOrder (src/model/work-order.ts)
 */

export class FeedState {
  /**
   * @param {{ boards: string[], statuses: string[], grids: Record<string, number[]> }} statuses the fixture's statuses.json
   * @param {Staff[]} staff
   * @param {GridEvent[]} events
   * @param {Alert[]} alerts
   * @param {WorkOrder[]} orders
   */
  constructor(statuses, staff, events, alerts, orders = []) {
    this.boards = statuses.boards;
    this.statusNames = statuses.statuses;
    /** @type {Map<string, number[]>} status index per board, per grid code */
    this.grids = new Map(Object.entries(statuses.grids).map(([code, row]) => [code, [...row]]));
    /** @type {Map<string, Staff>} */
    this.staff = new Map(staff.map((s) => [s.id, s]));
    /** @type {Map<string, GridEvent>} */
    this.events = new Map(events.map((e) => [e.id, e]));
    /** @type {Map<string, Alert>} */
    this.alerts = new Map(alerts.map((a) => [a.id, { ...a, acknowledged: a.acknowledged === true }]));
    /** @type {Map<string, WorkOrder>} the work orders, closed ones included (server/relay/work-orders.mjs) */
    this.orders = new Map(orders.map((o) => [o.id, o]));
  }

  /**
   * Reads a fixture directory (its manifest's `data` files). Every time in it is moved by
   * `shiftMs`, so the fixture's "now" can be the server's start.
   */
  static fromFixture(dir, shiftMs = 0) {
    const read = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const data = read('manifest.json').data;
    const shift = (iso) => new Date(Date.parse(iso) + shiftMs).toISOString();
    const points = (file) => read(file).features.map((f) => ({ ...f.properties, lngLat: f.geometry.coordinates }));
    const staff = points(data.staff).map(({ id, name, role, status, lngLat, gridCode, updatedAt }) => ({ id, name, role, status, lngLat, gridCode, updatedAt: shift(updatedAt) }));
    const events = points(data.events).map((e) => ({ ...e, reportedAt: shift(e.reportedAt), dueAt: shift(e.dueAt) }));
    const alerts = read(data.alerts).map((a) => ({ ...a, time: shift(a.time) }));
    return new FeedState(keyedStatuses(read(data.statuses), read('areas.json').grid.codes), staff, events, alerts);
  }

  /** The state a snapshot message describes (a restart from the store's newest snapshot). */
  static fromSnapshot(snapshot) {
    return new FeedState(snapshot.statuses, snapshot.staff, snapshot.events, snapshot.alerts, snapshot.orders ?? []);
  }

  /** The fixture's own "now" (its manifest's `time`). */
  static fixtureTime(dir) {
    return Date.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).time);
  }

  /** Applies one delta message (a snapshot is never applied: it is produced). */
  apply(message) {
    switch (message.type) {
      case 'status':
        for (const u of message.updates) this.setStatus(u.code, u.status, u.board);
        break;
      case 'staff':
        for (const s of message.upsert ?? []) this.staff.set(s.id, s);
        for (const [id, lng, lat, updatedAt] of message.moves ?? []) {
          const person = this.staff.get(id);
          if (person) this.staff.set(id, { ...person, lngLat: [lng, lat], updatedAt });
        }
        for (const id of message.remove ?? []) this.staff.delete(id);
        break;
      case 'events':
        for (const e of message.upsert ?? []) this.events.set(e.id, e);
        for (const id of message.remove ?? []) this.events.delete(id);
        break;
      case 'alerts':
        for (const a of message.raise ?? []) this.alerts.set(a.id, { ...a, acknowledged: this.alerts.get(a.id)?.acknowledged ?? false });
        for (const id of message.acknowledge ?? []) {
          const alert = this.alerts.get(id);
          if (alert) this.alerts.set(id, { ...alert, acknowledged: true });
        }
        for (const id of message.resolve ?? []) this.alerts.delete(id);
        break;
      case 'orders':
        for (const o of message.upsert ?? []) this.orders.set(o.id, o);
        for (const id of message.remove ?? []) this.orders.delete(id);
        break;
    }
  }

  /** The whole state as a snapshot message (statuses in the fixture's compact statuses.json form). */
  snapshot(seq, time, epoch) {
    return {
      seq,
      type: 'snapshot',
      time,
      epoch,
      statuses: { boards: this.boards, statuses: this.statusNames, grids: Object.fromEntries(this.grids) },
      staff: [...this.staff.values()],
      events: [...this.events.values()],
      alerts: [...this.alerts.values()],
      // Only once there are any: consoles before the work-order loop read snapshots without them.
      ...(this.orders.size ? { orders: [...this.orders.values()] } : {}),
    };
  }

  setStatus(code, status, board) {
    const row = this.grids.get(code);
    const value = this.statusNames.indexOf(status);
    if (!row || value < 0) return;
    if (board === undefined) row.fill(value);
    else if (this.boards.includes(board)) row[this.boards.indexOf(board)] = value;
  }
}

/**
 * statuses.json in its keyed form (`grids: {code: [i, …]}`): the fixture writes the ordered form, a
 * string of one digit per grid and board in the area index's order (docs/data.md).
 */
function keyedStatuses(statuses, gridCodes) {
  if (typeof statuses.grids !== 'string') return statuses;
  const width = statuses.boards.length;
  const grids = Object.fromEntries(gridCodes.map((code, i) => [code, [...statuses.grids.slice(i * width, (i + 1) * width)].map(Number)]));
  return { ...statuses, grids };
}
