// What happens in the simulated city each tick: grid statuses change, field staff walk, grid
// events move through their closed loop (上报 → 派单 → 处置 → 闭环), and now and then an elderly
// person's heart-rate alarm is raised, acknowledged a little later and resolved. The numbers of
// events and alerts stay level: what closes makes room for what is new. It only reads the
// state and returns delta messages (without `seq`); the server numbers, journals and applies them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, pickWeighted, randomFor } from '../fixtures/lib/random.mjs';

const STATUS_WEIGHTS = { normal: 0.8, attention: 0.12, warning: 0.06, emergency: 0.005, unknown: 0.015 };
const EVENT_TITLES = {
  party: ['党员志愿服务登记', '困难党员走访'],
  economy: ['占道经营', '商铺证照核查'],
  livelihood: ['独居老人走访', '路灯损坏', '垃圾清运不及时'],
  safety: ['消防通道堵塞', '矛盾纠纷调解', '危房隐患'],
};
const NEXT_EVENT_STATUS = { reported: 'dispatched', dispatched: 'handling', handling: 'closed' };
const ALERT_PREFIX = 'live-alert-';

/**
 * @typedef {object} Rates
 * @property {number} statusPerSecond  grid status changes per second
 * @property {number} staffPerSecond   staff position changes per second
 * @property {number} eventsPerSecond  grid event changes per second
 * @property {number} alertEverySeconds a new alarm every so many seconds (0: none)
 * @property {number} [acknowledgeAfterSeconds] the simulation's alarms are acknowledged this long after being raised (default 20)
 * @property {number} [resolveAfterSeconds] and resolved this long after (default 60)
 * @property {number} [archiveClosedAfterSeconds] closed work orders leave the live state this long after closing (default 600: a relay left running for months holds the open ones, not every order it ever had)
 * @property {number} [walkKmh] how fast people dispatched by a work order go to its grid (default 30: a demo's brisk e-bike)
 */

/** Grid code → label point, read once per fixture from its area index (where the dispatched go). */
const gridPointCache = new Map();
export function gridPointsOf(fixture) {
  if (!fixture) return new Map();
  if (!gridPointCache.has(fixture)) {
    const file = join(fixture, 'areas.json');
    const grid = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).grid : undefined;
    gridPointCache.set(fixture, new Map((grid?.codes ?? []).map((code, i) => [String(code), [grid.labels[2 * i], grid.labels[2 * i + 1]]])));
  }
  return gridPointCache.get(fixture);
}

/** Metres per degree of latitude (and of longitude at the equator). */
const METRES_PER_DEGREE = 111_320;

export class FeedSimulation {
  /** @param {import('./feed-state.mjs').FeedState} state @param {Rates} rates @param {string} seed */
  constructor(state, rates, seed = 'gm-live', gridPoints = new Map()) {
    this.state = state;
    /** @type {Map<string, [number, number]>} */
    this.gridPoints = gridPoints;
    this.rates = rates;
    this.seed = seed;
    this.codes = [...state.grids.keys()];
    this.staffIds = [...state.staff.keys()];
    /** Fractions of a change carried to the next tick, so low rates still happen. */
    this.carry = { status: 0, staff: 0, events: 0, alerts: 0 };
  }

  /**
   * The messages of one tick of `ms` milliseconds ending at `now`. Randomness is seeded by the
   * tick's first sequence number, so a run is repeatable.
   */
  tick(ms, now, firstSeq) {
    const rng = randomFor(`${this.seed}:${firstSeq}`);
    const time = new Date(now).toISOString();
    const count = (kind, perSecond) => {
      const exact = (perSecond * ms) / 1000 + this.carry[kind];
      const whole = Math.floor(exact);
      this.carry[kind] = exact - whole;
      return whole;
    };
    const messages = [];
    const statuses = count('status', this.rates.statusPerSecond);
    if (statuses) messages.push({ type: 'status', time, updates: this.statusUpdates(rng, statuses) });
    const moves = count('staff', this.rates.staffPerSecond);
    const walks = this.walks(ms, time);
    if ((moves && this.staffIds.length) || walks.length) messages.push({ type: 'staff', time, moves: [...this.moves(rng, moves, time), ...walks] });
    const events = count('events', this.rates.eventsPerSecond);
    if (events) messages.push({ type: 'events', time, ...this.eventChanges(rng, events, time, firstSeq) });
    const alerts = this.alertChanges(rng, ms, now, firstSeq);
    if (alerts) messages.push({ type: 'alerts', time, ...alerts });
    const archived = this.archivedOrders(now);
    if (archived.length) messages.push({ type: 'orders', time, remove: archived });
    return messages;
  }

  statusUpdates(rng, n) {
    const updates = [];
    for (let i = 0; i < n; i++) {
      updates.push({ code: pick(rng, this.codes), status: pickWeighted(rng, STATUS_WEIGHTS), board: pick(rng, this.state.boards) });
    }
    return updates;
  }

  /** People walk up to ~40 m a step; positions are rounded to 6 decimals (≈ 0.1 m). */
  moves(rng, n, time) {
    const moves = [];
    for (let i = 0; i < n; i++) {
      const person = this.state.staff.get(pick(rng, this.staffIds));
      if (!person) continue;
      const round = (v) => Math.round(v * 1e6) / 1e6;
      moves.push([person.id, round(person.lngLat[0] + (rng() - 0.5) * 0.0008), round(person.lngLat[1] + (rng() - 0.5) * 0.0008), time]);
    }
    return moves;
  }

  /**
   * People an open work order was dispatched to (and who accepted it) go straight to its grid's
   * label point, `walkKmh` fast, and stay there; the consoles see them enter the grid (on-site).
   */
  walks(ms, time) {
    const step = (((this.rates.walkKmh ?? 30) / 3.6) * ms) / 1000 / METRES_PER_DEGREE;
    const moves = [];
    if (!(step > 0)) return moves;
    const moved = new Set();
    for (const order of this.state.orders?.values() ?? []) {
      if (order.state !== 'dispatched' && order.state !== 'accepted') continue;
      const target = this.gridPoints.get(order.gridCode);
      for (const id of target ? order.assignees : []) {
        const person = this.state.staff.get(id);
        if (!person || moved.has(id)) continue;
        const [dx, dy] = [(target[0] - person.lngLat[0]) * Math.cos((target[1] * Math.PI) / 180), target[1] - person.lngLat[1]];
        const distance = Math.hypot(dx, dy);
        if (distance === 0) continue;
        moved.add(id);
        const f = Math.min(1, step / distance);
        const round = (v) => Math.round(v * 1e6) / 1e6;
        moves.push([id, round(person.lngLat[0] + (target[0] - person.lngLat[0]) * f), round(person.lngLat[1] + (target[1] - person.lngLat[1]) * f), time]);
      }
    }
    return moves;
  }

  /** Closed orders past the archive age (their history is in the log). */
  archivedOrders(now) {
    const age = (this.rates.archiveClosedAfterSeconds ?? 600) * 1000;
    const ids = [];
    for (const order of this.state.orders?.values() ?? []) if (order.state === 'closed' && now - Date.parse(order.stateSince) > age) ids.push(order.id);
    return ids;
  }

  /**
   * An open event advances a step (上报 → 派单 → 处置 → 闭环); a closed one is archived and a new
   * one reported in its place, so the number of events stays what the fixture has (a day of the
   * soak must not grow the data it is measured on).
   */
  eventChanges(rng, n, time, firstSeq) {
    const upsert = [];
    const remove = [];
    const all = [...this.state.events.values()];
    const removed = new Set();
    for (let i = 0; i < n && all.length; i++) {
      const event = pick(rng, all);
      if (removed.has(event.id)) continue;
      if (event.status !== 'closed') {
        upsert.push({ ...event, status: NEXT_EVENT_STATUS[event.status] });
        continue;
      }
      const person = this.state.staff.get(pick(rng, this.staffIds));
      if (!person?.gridCode) continue;
      const board = pick(rng, this.state.boards);
      const reported = Date.parse(time);
      removed.add(event.id);
      remove.push(event.id);
      upsert.push({
        id: `live-event-${firstSeq}-${i}`, board, title: pick(rng, EVENT_TITLES[board]), status: 'reported',
        reportedAt: time, dueAt: new Date(reported + 4 * 3600_000).toISOString(), lngLat: person.lngLat, gridCode: person.gridCode,
      });
    }
    return { upsert, remove };
  }

  /** New alarms at the configured interval; the simulation's own alarms are acknowledged, then resolved. */
  alertChanges(rng, ms, now, firstSeq) {
    const raise = [];
    const acknowledge = [];
    const resolve = [];
    if (this.rates.alertEverySeconds > 0) {
      this.carry.alerts += ms / 1000 / this.rates.alertEverySeconds;
      for (; this.carry.alerts >= 1; this.carry.alerts--) {
        const person = this.state.staff.get(pick(rng, this.staffIds));
        if (!person?.gridCode) continue;
        raise.push({
          id: `${ALERT_PREFIX}${firstSeq}-${raise.length}`, level: rng() < 0.7 ? 'emergency' : 'warning', board: 'livelihood',
          title: '独居老人心率异常报警', time: new Date(now).toISOString(), gridCode: person.gridCode,
        });
      }
    }
    for (const alert of this.state.alerts.values()) {
      if (!alert.id.startsWith(ALERT_PREFIX)) continue;
      const age = (now - Date.parse(alert.time)) / 1000;
      if (age > (this.rates.resolveAfterSeconds ?? 60)) resolve.push(alert.id);
      else if (age > (this.rates.acknowledgeAfterSeconds ?? 20) && !alert.acknowledged) acknowledge.push(alert.id);
    }
    return raise.length || acknowledge.length || resolve.length ? { raise, acknowledge, resolve } : undefined;
  }
}
