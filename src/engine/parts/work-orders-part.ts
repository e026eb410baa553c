import type { Feature } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import { AlertPulseLayer } from '../../layers/alert-pulse-layer.js';
import { showOverlay } from '../../layers/overlay-layers.js';
import type { MapPalette } from '../../layers/status-paint.js';
import {
  assigneeFeatures,
  lightFeature,
  WORK_ORDER_LAYERS,
  WORK_ORDER_PULSE,
  WORK_ORDERS_SOURCE,
  workOrderLayers,
  workOrdersSource,
} from '../../layers/work-order-layers.js';
import type { Board } from '../../model/board.js';
import type { OverdueLight } from '../../model/grid-event.js';
import { contrastPartner } from '../../model/color-contrast.js';
import { listed } from '../../model/error-report.js';
import type { MapItem } from '../../model/map-item.js';
import { awaitsArrival, isOpenOrder, nextLightChange, orderLight, workOrderProblem, type WorkOrder } from '../../model/work-order.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';
import { AlertFlash } from './alert-flash.js';
import type { StaffPart } from './staff-part.js';

/** The longest wait between looks at the lights (a timer set days ahead is clamped by browsers anyway). */
const MAX_WAIT_MS = 60_000;

/** An assignee reached the grid of an order that waits for them. */
export interface OrderArrival {
  order: WorkOrder;
  staff: string;
}

/**
 * 闭环派单 on the map: the work orders the relay publishes (whole, by id), each open one drawn as
 * a timed light on its grid, a line from each assignee's live position to the grid and a ring around
 * the assignee; escalated orders (督办) pulse like alerts. While the relay has not answered an
 * operator's action, the order is shown as the action would leave it (`project()`), and put back as
 * the relay holds it if the action is refused.
 *
 * Costs follow what changed: an order's features are rebuilt when it changes, or when one of its
 * assignees moves (an index from person to orders), and go to the source as one `updateData` diff
 * per task; a light is written with its order, and again only when it changes colour (a timer set
 * to the next order's next change): time passing costs the orders whose light changed, not all.
 */
export class WorkOrdersPart implements MapPart {
  /** The orders as the relay published them. */
  private readonly confirmed = new Map<string, WorkOrder>();
  /** Orders as an action in flight would leave them (shown over the confirmed ones). */
  private readonly projected = new Map<string, WorkOrder>();
  /** Open orders by assignee: a person's move redraws their orders only. */
  private readonly byAssignee = new Map<string, Set<string>>();
  /** The assignees each open order is indexed under (to take it out again). */
  private readonly indexed = new Map<string, readonly string[]>();
  /** Feature ids in the source, by order. */
  private readonly drawn = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  /** Arrivals already reported, by order (`staff:stateSince`): one each; dropped with the order or when it closes. */
  private readonly arrived = new Map<string, Set<string>>();
  /** Rings around the escalated orders' lights, an alert marker's size (they pulse over the light's halo, under the light). */
  private readonly pulse = new AlertPulseLayer(WORK_ORDER_PULSE, 'rings');
  /** When each order waiting for its assignees was last looked at for an arrival (ms), and those to look at again. */
  private readonly arrivalChecked = new Map<string, number>();
  private readonly recheck = new Set<string>();
  private recheckTimer = 0;
  /** Orders whose grid the hierarchy does not have, already reported. */
  private readonly unknownGrid = new Set<string>();
  private readonly flash: AlertFlash;
  private scene?: AttachedScene;
  /** 1 while a flush is queued. */
  private frame = 0;
  /** The timer of the next light change, and the lights as drawn (by order). */
  private lightTimer = 0;
  private readonly lights = new Map<string, { light: OverdueLight; next: number }>();
  /** Told when an assignee is found inside the grid of an order that waits for them. */
  onArrival?: (arrival: OrderArrival) => void;

  constructor(
    private readonly engineScene: Scene,
    private readonly staffLayers: () => StaffPart[],
  ) {
    this.flash = new AlertFlash({ mosaic: () => undefined, pulses: () => [this.pulse], reducedMotion: () => engineScene.reducedMotion });
  }

  /** Every order, as shown (an action in flight applied), open ones first, then newest. */
  list(): WorkOrder[] {
    return [...this.confirmed.keys(), ...[...this.projected.keys()].filter((id) => !this.confirmed.has(id))]
      .map((id) => this.get(id)!)
      .sort((a, b) => Number(isOpenOrder(b)) - Number(isOpenOrder(a)) || b.stateSince.localeCompare(a.stateSince));
  }

  /** The order as shown (an action in flight applied), if known. */
  get(id: string): WorkOrder | undefined {
    return this.projected.get(id) ?? this.confirmed.get(id);
  }

  /** The order as the relay holds it (last published), if known. */
  confirmedOrder(id: string): WorkOrder | undefined {
    return this.confirmed.get(id);
  }

  /** Whether an action on the order is in flight. */
  pending(id: string): boolean {
    return this.projected.has(id);
  }

  /** Puts orders as the relay published them (whole, by id); the invalid ones are reported. Returns the accepted ones. */
  upsert(orders: Iterable<unknown>): WorkOrder[] {
    const accepted: WorkOrder[] = [];
    const refused: string[] = [];
    for (const value of orders) {
      const problem = workOrderProblem(value);
      if (problem) {
        refused.push(`${String((value as { id?: unknown })?.id ?? '(no id)').slice(0, 60)}: ${problem}`);
        continue;
      }
      const order = value as WorkOrder;
      this.confirmed.set(order.id, order);
      this.projected.delete(order.id);
      this.changed(order.id);
      accepted.push(order);
    }
    if (refused.length) this.engineScene.report('invalid-work-order', listed(refused));
    if (accepted.length) this.engineScene.fire('work-order-change', { orders: accepted });
    return accepted;
  }

  /** Replaces every order (a feed's snapshot). */
  replace(orders: Iterable<unknown>): WorkOrder[] {
    for (const id of [...this.confirmed.keys(), ...this.projected.keys()]) this.changed(id);
    this.confirmed.clear();
    this.projected.clear();
    return this.upsert(orders);
  }

  /** Removes orders by id. */
  remove(ids: Iterable<string>): void {
    const removed: WorkOrder[] = [];
    for (const id of ids) {
      const order = this.get(id);
      if (!order) continue;
      this.confirmed.delete(id);
      this.projected.delete(id);
      this.changed(id);
      removed.push(order);
    }
    if (removed.length) this.engineScene.fire('work-order-change', { orders: removed });
  }

  /** Shows the order as an action in flight will leave it (`order` undefined: as the relay holds it again). */
  project(id: string, order: WorkOrder | undefined): void {
    if (order) this.projected.set(id, order);
    else this.projected.delete(id);
    this.changed(id);
    const shown = this.get(id);
    if (shown) this.engineScene.fire('work-order-change', { orders: [shown] });
  }

  attach(scene: AttachedScene): void {
    this.scene = scene;
    scene.map.addSource(WORK_ORDERS_SOURCE, workOrdersSource());
    scene.slots.add('work-orders', [this.pulse, ...workOrderLayers(scene.palette)]);
    this.flash.bindMap(scene.map);
    this.drawn.clear();
    this.lights.clear();
    for (const id of this.allIds()) this.dirty.add(id);
    this.schedule();
  }

  detach(): void {
    clearTimeout(this.lightTimer);
    clearTimeout(this.recheckTimer);
    this.recheck.clear();
    this.frame = this.lightTimer = this.recheckTimer = 0;
    this.flash.bindMap(undefined);
    this.scene = undefined;
  }

  indexChanged(): void {
    for (const id of this.allIds()) this.dirty.add(id);
    this.schedule();
  }

  hierarchyChanged(): void {
    this.unknownGrid.clear();
    this.indexChanged();
  }

  boardsChanged(_boards: readonly Board[]): void {
    this.indexChanged();
  }

  motionChanged(): void {
    this.drawPulse();
  }

  paletteChanged(palette: MapPalette): void {
    const map = this.scene?.map;
    if (!map) return;
    for (const layer of workOrderLayers(palette)) {
      for (const [key, value] of Object.entries(layer.paint ?? {})) map.setPaintProperty(layer.id, key as never, value as never);
    }
    this.drawPulse();
  }

  /** People moved: their open orders are redrawn (and checked for arrival). */
  positionsChanged(items: readonly MapItem[]): void {
    // A feed moves 20,000 people a second; with nobody dispatched there is nothing to look up.
    if (!this.byAssignee.size) return;
    for (const item of items) for (const id of this.byAssignee.get(String(item.id)) ?? []) this.dirty.add(id);
    this.schedule();
  }

  /** Writes the changed orders now instead of at the next frame. */
  flush(): void {
    this.frame = 0;
    const map = this.scene?.map;
    const source = map?.getSource(WORK_ORDERS_SOURCE) as GeoJSONSource | undefined;
    if (!map || !source) return;
    const add: Feature[] = [];
    const remove: string[] = [];
    let escalations = false;
    const now = Date.now();
    for (const id of this.dirty) {
      const order = this.get(id);
      const light = order && this.shows(order) ? orderLight(order, now) : undefined;
      const features = order && light ? this.features(order, light) : [];
      if (light && features.length) this.lights.set(id, { light, next: nextLightChange(order!, now) });
      else this.lights.delete(id);
      remove.push(...(this.drawn.get(id) ?? []));
      add.push(...features);
      if (features.length) this.drawn.set(id, features.map((f) => String(f.id)));
      else this.drawn.delete(id);
      escalations ||= order?.state === 'escalated' || this.pulsing.has(id);
      if (order && awaitsArrival(order)) this.checkArrival(order, now);
      else this.arrivalChecked.delete(id);
    }
    this.dirty.clear();
    this.scheduleLights(now);
    if (add.length || remove.length) {
      void source.updateData({ remove, add });
      showOverlay(map, WORK_ORDER_LAYERS);
    }
    if (escalations) this.drawPulse();
  }

  private changed(id: string): void {
    this.index(id);
    this.dirty.add(id);
    this.schedule();
  }

  /** Keeps the person → orders index of one order up to date. */
  private index(id: string): void {
    for (const staff of this.indexed.get(id) ?? []) {
      const orders = this.byAssignee.get(staff);
      if (orders?.delete(id) && !orders.size) this.byAssignee.delete(staff);
    }
    this.indexed.delete(id);
    const order = this.get(id);
    if (!order || !isOpenOrder(order)) {
      this.arrived.delete(id);
      this.unknownGrid.delete(id);
      return;
    }
    this.indexed.set(id, order.assignees);
    for (const staff of order.assignees) {
      let set = this.byAssignee.get(staff);
      if (!set) this.byAssignee.set(staff, (set = new Set()));
      set.add(id);
    }
  }

  private allIds(): Set<string> {
    return new Set([...this.confirmed.keys(), ...this.projected.keys()]);
  }

  /** Whether an order is drawn: open, on an active board. */
  private shows(order: WorkOrder): boolean {
    return isOpenOrder(order) && this.engineScene.boards.includes(order.board);
  }

  /** The order's light on its grid, and a line and a ring for each assignee the staff layers place. */
  private features(order: WorkOrder, light: OverdueLight): Feature[] {
    const index = this.engineScene.index;
    const grid = index?.get(order.gridCode)?.label;
    if (!grid) {
      // Listed, not drawn: an order on a grid this hierarchy does not have (reported once per order).
      if (index && !this.unknownGrid.has(order.id)) {
        this.unknownGrid.add(order.id);
        this.engineScene.report('unknown-code', { ...listed([`${order.id}: ${order.gridCode}`.slice(0, 120)]), kind: 'work-order' });
      }
      return [];
    }
    const features: Feature[] = [lightFeature(order, light, grid)];
    for (const staff of order.assignees) {
      const at = this.position(staff);
      if (at) features.push(...assigneeFeatures(order, light, staff, at, grid));
    }
    return features;
  }

  /**
   * Sets the timer for the next light to change colour (due soon, or overdue): the earliest of the
   * drawn orders' next changes, kept with their lights (2,000 numbers to compare). Only the orders
   * whose light changed are written when it fires.
   */
  private scheduleLights(now: number): void {
    clearTimeout(this.lightTimer);
    let next = Infinity;
    for (const light of this.lights.values()) next = Math.min(next, light.next);
    if (next === Infinity || !this.scene) return;
    this.lightTimer = window.setTimeout(this.relight, Math.min(MAX_WAIT_MS, Math.max(0, next - now) + 50));
  }

  /** Marks the orders whose light's change is due. */
  private readonly relight = (): void => {
    const now = Date.now();
    for (const [id, light] of this.lights) if (light.next <= now) this.dirty.add(id);
    if (this.dirty.size) this.schedule();
    else this.scheduleLights(now);
  };

  private position(staff: string): [number, number] | undefined {
    for (const layer of this.staffLayers()) {
      const person = layer.get(staff);
      if (person) return person.lngLat;
    }
    return undefined;
  }

  /**
   * An assignee inside the order's grid (scene.engine.gridAt): told once per order, person and
   * state. At most once a second per order: each look is a synchronous read of the GPU's image, and
   * a feed moves people every second.
   */
  private checkArrival(order: WorkOrder, now: number): void {
    if (this.projected.has(order.id)) return;
    const wait = 1000 - (now - (this.arrivalChecked.get(order.id) ?? -Infinity));
    if (wait > 0) {
      // Looked at again once the second is up (the person may have stopped inside by then).
      this.recheck.add(order.id);
      this.recheckTimer ||= window.setTimeout(() => {
        this.recheckTimer = 0;
        for (const id of this.recheck) this.dirty.add(id);
        this.recheck.clear();
        this.schedule();
      }, wait);
      return;
    }
    this.arrivalChecked.set(order.id, now);
    let seen = this.arrived.get(order.id);
    for (const staff of order.assignees) {
      const key = `${staff}:${order.stateSince}`;
      const at = this.position(staff);
      if (!at || seen?.has(key) || this.engineScene.engine.gridAt(at) !== order.gridCode) continue;
      if (!seen) this.arrived.set(order.id, (seen = new Set()));
      seen.add(key);
      this.onArrival?.({ order, staff });
    }
  }

  private readonly pulsing = new Set<string>();

  /** The escalated orders' pulsing rings (a few at most: rebuilt whole). */
  private drawPulse(): void {
    this.pulsing.clear();
    const rings: { lngLat: [number, number]; color: string; partner: string }[] = [];
    const color = this.engineScene.palette.alert.emergency;
    for (const order of this.list()) {
      const grid = this.engineScene.index?.get(order.gridCode)?.label;
      if (order.state !== 'escalated' || !grid || !this.shows(order)) continue;
      this.pulsing.add(order.id);
      rings.push({ lngLat: grid, color, partner: contrastPartner(color) });
    }
    this.pulse.setRings(rings);
    this.flash.update(rings.length > 0);
  }

  /**
   * Writes the changes at the end of the task that made them (one diff for a feed message's orders,
   * or a frame's staff moves), not at the next animation frame: on a wall whose frames take 170 ms
   * (alerts pulsing, software GL) the wait for a frame, then another for the worker's tiles, was most
   * of the time from another console's action to the order drawn here.
   */
  private schedule(): void {
    if (this.frame || !this.scene || !this.dirty.size) return;
    this.frame = 1;
    queueMicrotask(() => {
      if (this.frame) this.flush();
    });
  }

}
