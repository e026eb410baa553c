import type { Alert, LiveAlert } from '../model/alert.js';
import type { StatusUpdate } from '../model/grid-status.js';
import type { LiveMessage, LiveSnapshot, StaffMove } from '../model/live-message.js';
import type { MapItem } from '../model/map-item.js';
import { StatusSnapshot } from '../model/status-snapshot.js';
import type { WorkOrder } from '../model/work-order.js';

/** The data layers a feed writes to. */
export type LiveLayerKind = 'staff' | 'events' | 'sites';

/** What the feed needs of a data layer (`<gm-staff>`, `<gm-events>`, `<gm-sites>`). */
export interface LiveLayer {
  replace(items: Iterable<MapItem>): void;
  get(id: string): MapItem | undefined;
  upsert(items: Iterable<MapItem>): void;
  remove(ids?: Iterable<string>): void;
}

/**
 * What the feed needs of `<gm-map>` (declared here, not imported, so controllers do not depend
 * on the components above them).
 */
export interface LiveTarget {
  setStatuses(updates: Iterable<StatusUpdate>): void;
  raiseAlert(alerts: Iterable<Alert>): void;
  acknowledgeAlert(id: string): boolean;
  resolveAlert(id: string): boolean;
  readonly alerts: LiveAlert[];
  upsertWorkOrders(orders: Iterable<WorkOrder>): void;
  removeWorkOrders(ids: Iterable<string>): void;
  readonly workOrders: WorkOrder[];
}

/** Changes found invalid while merging (the layers and the map report their own). */
export interface LiveProblems {
  /** Staff moves of unknown people, or not `[id, lng, lat, updatedAt]`. */
  moves: string[];
}

/**
 * Applies one frame's in-order messages to the map and its layers with as few calls as the
 * messages allow: one `setStatuses()` for every status change, and per layer one `upsert()` and
 * one `remove()` (or one `replace()` after a snapshot) with the changes merged in order,
 * so a layer's source gets one diff per frame however many messages came.
 */
export class LiveApplier {
  /** The alerts the feed raised: a snapshot resolves those it no longer lists, and no others. */
  private readonly feedAlerts = new Set<string>();

  /** Whether the feed raised this alert (its acknowledge and resolve belong to the relay). */
  raised(id: string): boolean {
    return this.feedAlerts.has(id);
  }

  constructor(
    private readonly map: LiveTarget,
    private readonly layer: (kind: LiveLayerKind) => LiveLayer | undefined,
  ) {}

  apply(batch: readonly LiveMessage[]): LiveProblems {
    const problems: LiveProblems = { moves: [] };
    const statuses: Iterable<StatusUpdate>[] = [];
    const layers = { staff: new LayerChanges(), events: new LayerChanges(), sites: new LayerChanges() };
    // Alerts go last, in order: a host reacting to one (dispatching the nearest staff) sees this frame's staff.
    const alerts: (() => void)[] = [];
    // Work orders after the staff too: their lines start at the assignees' new positions.
    const orders: (() => void)[] = [];
    // A snapshot makes everything before it moot.
    let first = 0;
    batch.forEach((m, i) => m.type === 'snapshot' && (first = i));
    for (const message of batch.slice(first)) {
      switch (message.type) {
        case 'snapshot':
          if (message.statuses) statuses.push(StatusSnapshot.fromJson(message.statuses));
          for (const kind of ['staff', 'events', 'sites'] as const) if (message[kind]) layers[kind].replace(message[kind]!);
          alerts.push(() => this.syncAlerts(message));
          orders.push(() => this.syncOrders(message.orders ?? []));
          break;
        case 'status':
          statuses.push(message.updates);
          break;
        case 'staff':
        case 'events':
        case 'sites': {
          const changes = layers[message.type];
          const layer = this.layer(message.type);
          if (message.upsert) changes.upsert(message.upsert);
          if (message.type === 'staff' && message.moves && layer) changes.move(message.moves, layer, problems.moves);
          if (message.remove) changes.remove(message.remove);
          break;
        }
        case 'alerts':
          alerts.push(() => this.applyAlerts(message.raise ?? [], message.acknowledge ?? [], message.resolve ?? []));
          break;
        case 'orders':
          orders.push(() => {
            if (message.upsert?.length) this.map.upsertWorkOrders(message.upsert);
            if (message.remove?.length) this.map.removeWorkOrders(message.remove.map(String));
          });
          break;
      }
    }
    if (statuses.length) this.map.setStatuses(chain(statuses));
    for (const kind of ['staff', 'events', 'sites'] as const) {
      const layer = this.layer(kind);
      if (layer) layers[kind].writeTo(layer);
    }
    for (const apply of alerts) apply();
    for (const apply of orders) apply();
    return problems;
  }

  /** A snapshot's alerts: the feed's earlier ones it does not list are resolved; the listed ones raised, and acknowledged where marked. */
  private syncAlerts(snapshot: LiveSnapshot): void {
    if (!snapshot.alerts) return;
    const listed = new Set(snapshot.alerts.map((a) => a?.id));
    for (const id of this.feedAlerts) if (!listed.has(id)) this.map.resolveAlert(id);
    this.feedAlerts.clear();
    const raise = snapshot.alerts.map((a) => (a && typeof a === 'object' ? withoutAcknowledged(a) : a));
    const acknowledged = snapshot.alerts.filter((a) => a?.acknowledged).map((a) => a.id);
    this.applyAlerts(raise, acknowledged, []);
  }

  /** A snapshot's orders replace every order (a snapshot without orders: the relay has none). */
  private syncOrders(orders: WorkOrder[]): void {
    const listed = new Set(orders.map((o) => o?.id));
    const gone = this.map.workOrders.map((o) => o.id).filter((id) => !listed.has(id));
    if (gone.length) this.map.removeWorkOrders(gone);
    if (orders.length) this.map.upsertWorkOrders(orders);
  }

  private applyAlerts(raise: Alert[], acknowledge: string[], resolve: string[]): void {
    if (raise.length) {
      this.map.raiseAlert(raise);
      const live = new Set(this.map.alerts.map((a) => a.id));
      for (const alert of raise) if (live.has(alert?.id)) this.feedAlerts.add(alert.id);
    }
    for (const id of acknowledge) this.map.acknowledgeAlert(id);
    for (const id of resolve) {
      this.map.resolveAlert(id);
      this.feedAlerts.delete(id);
    }
  }
}

/**
 * One layer's changes over a frame, merged in message order: after a snapshot the replacement
 * list itself is edited (it replaces the layer's items at the end); otherwise the last change per id
 * wins (an item, or null for removed).
 */
class LayerChanges {
  private base?: Map<string, MapItem>;
  private readonly changed = new Map<string, MapItem | null>();
  /** Entries without a usable id: handed to the layer, which reports them. */
  private readonly invalid: unknown[] = [];

  replace(items: MapItem[]): void {
    this.base = new Map();
    this.changed.clear();
    this.invalid.length = 0;
    this.upsert(items);
  }

  upsert(items: MapItem[]): void {
    for (const item of items) {
      const id = idOf(item);
      if (id === undefined) this.invalid.push(item);
      else if (this.base) this.base.set(id, item);
      else this.changed.set(id, item);
    }
  }

  remove(ids: string[]): void {
    for (const raw of ids) {
      const id = String(raw);
      if (this.base) this.base.delete(id);
      else this.changed.set(id, null);
    }
  }

  /** Positions of known people: their current item with a new lngLat and updatedAt. */
  move(moves: StaffMove[], layer: LiveLayer, problems: string[]): void {
    for (const move of moves) {
      const [id, lng, lat, updatedAt] = Array.isArray(move) ? move : [];
      const current = typeof id === 'string' ? this.current(id, layer) : undefined;
      if (!current) {
        problems.push(`${String(id).slice(0, 60)}: ${typeof id === 'string' ? 'unknown person' : 'not [id, lng, lat, updatedAt]'}`);
        continue;
      }
      // A bad position or time goes on to the layer, which refuses and reports it.
      this.upsert([{ ...current, lngLat: [lng, lat], updatedAt } as MapItem]);
    }
  }

  writeTo(layer: LiveLayer): void {
    if (this.base) {
      layer.replace([...this.base.values(), ...(this.invalid as MapItem[])]);
      return;
    }
    const upsert: MapItem[] = this.invalid as MapItem[];
    const remove: string[] = [];
    for (const [id, item] of this.changed) {
      if (item) upsert.push(item);
      else remove.push(id);
    }
    if (upsert.length) layer.upsert(upsert);
    if (remove.length) layer.remove(remove);
  }

  private current(id: string, layer: LiveLayer): MapItem | undefined {
    if (this.base) return this.base.get(id);
    return this.changed.has(id) ? this.changed.get(id) ?? undefined : layer.get(id);
  }
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function withoutAcknowledged(alert: Alert & { acknowledged?: boolean }): Alert {
  const { acknowledged: _, ...rest } = alert;
  return rest;
}

function* chain<T>(lists: Iterable<T>[]): Iterable<T> {
  for (const list of lists) yield* list;
}
