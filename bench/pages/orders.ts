// The work orders' benchmark operations on the gm page (issue 27): 2,000 open orders with their
// lines and lights during the pan/zoom script, and a console on a real relay for the action-to-drawn
// latency between two consoles (bench/run.mjs drives two pages).
import '../../src/components/staff/staff.js';
import '../../src/components/events/events.js';
import '../../src/components/live/live.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmLive } from '../../src/components/live/live.component.js';
import type { Staff } from '../../src/model/staff.js';
import type { OperatorRequest, WorkOrder, WorkOrderState } from '../../src/model/work-order.js';
import { WORK_ORDER_LIGHTS } from '../../src/layers/work-order-layers.js';
import { FIXTURE, panZoom, rendered, timeToRendered } from './measure.js';

export interface OrdersFrames {
  /** Pan/zoom frame intervals with the assignees drawn and no orders. */
  without: number[];
  /** The same with `count` open orders (lines, lights, assignee rings, escalated ones pulsing). */
  with: number[];
  /** ms from upsertWorkOrders() of all of them to drawn. */
  upsertMs: number;
  count: number;
}

/** The states the benchmark's orders are in, in turn (one in fifty escalated: pulsing). */
const STATES: WorkOrderState[] = ['dispatched', 'accepted', 'on-site', 'reported', 'dispatched', 'returned', 'accepted', 'on-site'];

/**
 * `count` open orders on grids spread over the city, each dispatched to a person of its own 300 m
 * from its grid (a staff layer of `count` people), with due times that give every light.
 */
export async function ordersPanZoom(el: GmMap, map: MaplibreMap, count = 2000): Promise<OrdersFrames> {
  const index = await (await fetch(`${FIXTURE}areas.json`)).json();
  const codes: string[] = index.grid.codes;
  const labels: number[] = index.grid.labels;
  const step = Math.floor(codes.length / count);
  const now = Date.now();
  const people: Staff[] = Array.from({ length: count }, (_, i) => ({
    id: `bench-p${i}`, name: `网格员${i}`, role: 'grid-worker', status: 'busy', updatedAt: now,
    lngLat: [labels[2 * i * step] + 0.003, labels[2 * i * step + 1] + 0.002],
  }));
  const orders: WorkOrder[] = people.map((person, i) => {
    const state = i % 50 === 0 ? 'escalated' : STATES[i % STATES.length];
    const since = now - (i % 12) * 60_000;
    return {
      id: `bench-wo-${i}`, source: { kind: 'event', id: `bench-e${i}` }, gridCode: codes[i * step], board: 'livelihood', level: 'attention',
      title: `工单 ${i}`, assignees: state === 'reported' ? [] : [person.id], state, stateSince: new Date(since).toISOString(),
      dueAt: new Date(since + 10 * 60_000).toISOString(), supervised: state === 'escalated', history: [{ at: new Date(since).toISOString(), action: 'open', by: 'bench' }],
    };
  });
  const staff = document.createElement('gm-staff');
  await timeToRendered(map, () => {
    staff.items = people;
    el.append(staff);
  });
  // Once to warm the tile cache for the script's views, then measured.
  await panZoom(map);
  const without = await panZoom(map);
  const upsertMs = await timeToRendered(map, () => el.upsertWorkOrders(orders));
  const withOrders = await panZoom(map);
  el.removeWorkOrders(orders.map((o) => o.id));
  staff.remove();
  await rendered(map);
  return { without, with: withOrders, upsertMs, count };
}

/** A console on a relay: staff, events and a live feed on the map; resolves once the snapshot is applied. */
export async function orderConsole(el: GmMap, url: string, still = false): Promise<{ events: string[] }> {
  const live = document.createElement('gm-live') as GmLive;
  live.src = url;
  const events = document.createElement('gm-events');
  el.append(document.createElement('gm-staff'), events, live);
  while (live.lastSeq === undefined || !events.all().length) await new Promise((r) => setTimeout(r, 50));
  // `still`: the fixture's alerts acknowledged on this console only (nothing pulses: a console that draws only on change).
  if (still) for (const alert of el.alerts) el.acknowledgeAlert(alert.id);
  await rendered(map(el));
  return { events: events.all().filter((e) => e.status !== 'closed').map((e) => e.id) };
}

const map = (el: GmMap) => el.getMap()!;

/** A person 2 km or more from an event and outside its grid (sent there, they are not on site at once). */
export function farStaff(el: GmMap, eventId: string): string | undefined {
  const event = el.querySelector('gm-events')?.get(eventId);
  return event ? el.nearestStaff(event.lngLat, { count: 300 }).find((n) => n.distanceKm > 2 && el.engine.scene.engine.gridAt(n.staff.lngLat) !== event.gridCode)?.staff.id : undefined;
}

/** Asks for an action; returns the wall-clock time (ms) it was asked at. */
export function act(el: GmMap, request: OperatorRequest): number {
  const at = Date.now();
  void el.requestAction(request);
  return at;
}

/** Resolves with the wall-clock time (ms) at which the order is drawn in `state` as the relay holds it (its light rendered). */
export function whenOrderDrawn(el: GmMap, id: string, state: WorkOrderState, timeoutMs = 30000): Promise<number> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      const order = el.workOrder(id);
      const drawn = order?.state === state && !el.engine.workOrders.pending(id) && map(el).queryRenderedFeatures({ layers: [WORK_ORDER_LIGHTS] }).some((f) => f.properties.order === id && f.properties.state === state);
      if (drawn) resolve(Date.now());
      else if (Date.now() > end) reject(new Error(`order ${id} not drawn ${state}: ${order?.state ?? 'unknown'}${el.engine.workOrders.pending(id) ? ' (pending)' : ''}`));
      // Polled on a timer, not animation frames: a page in the background gets none.
      else setTimeout(check, 5);
    };
    check();
  });
}
