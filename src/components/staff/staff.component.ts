import { property } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { GmLayerElement } from '../../gm-layer-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import type { PointLayerSpec } from '../../controllers/point-layer-controller.js';
import { STAFF_DOTS_LAYER, StaffDotsLayer } from '../../layers/staff-dots-layer.js';
import {
  CLOCK_STATE, ICON_MIN_ZOOM, STAFF_LAYER, STAFF_SOURCE, STALE_LAYER, STALE_STATE, TRAIL_LAYER, staffFeature, staffIcons, staffLayers, staffSource, trailData, TRAIL_SOURCE,
} from '../../layers/staff-layer.js';
import { staffProblem, updatedAtMs, type Staff, type StaffStatus } from '../../model/staff.js';
import { StaffIndex, type NearestStaff, type NearestStaffOptions } from '../../model/staff-index.js';
import { translationFor } from '../../i18n/localize.js';

/** Positions kept per person for the selected person's trail. */
const TRAIL_LENGTH = 30;

/**
 * @summary 网格力量: grid staff on the map, an icon per role in the colour of their status,
 * faded when their position is stale, the selected person's recent trail.
 *
 * Put it inside `<gm-map>`. Built for ~20,000 people whose positions arrive through `upsert()`
 * every second: one source diff per frame, staleness computed on the GPU from a clock in the
 * map's global state (time passing re-sends nothing).
 *
 * @event {{ kind: 'staff', id: string, item: Staff }} gm-select - A person was clicked.
 * @event {{ reason: string, detail: object }} gm-error - `items-invalid` (missing id, bad position, unknown role or status, unreadable `updatedAt`, a text over 1,000 characters; or `src` gave no items) or `items-unreachable` (`src` failed or stalled).
 * @slot popup - Content of your own under the selected person's details.
 * @csspart popup - The selected person's popup. Also `popup-title`, `popup-details`, `popup-close`.
 */
export class GmStaff extends GmLayerElement<Staff> {
  /** Minutes after their last position update that a person is drawn faded. */
  @property({ type: Number, attribute: 'stale-after' }) staleAfter = 10;

  /** The time now, in epoch milliseconds (replace it to replay data, or in tests). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  /** Recent positions per person: [lng, lat, lng, lat, …], oldest first. */
  private readonly trails = new Map<string, number[]>();
  private readonly clockReader = new ClockController(this, () => this.clock(), () => this.readClock());
  /** Everyone as a dot below the icons' zoom, from a typed array (see staff-dots-layer.ts). */
  private readonly dots = new StaffDotsLayer();
  private dotsFrame = 0;
  private readonly index = new StaffIndex(() => this.points.values());

  protected spec(): PointLayerSpec<Staff> {
    return {
      kind: 'staff',
      sourceId: STAFF_SOURCE,
      source: staffSource,
      extraSources: { [TRAIL_SOURCE]: { type: 'geojson', data: trailData([]) } },
      layers: staffLayers,
      icons: staffIcons,
      feature: staffFeature,
      problem: staffProblem,
      itemLayers: [STAFF_LAYER, STALE_LAYER],
      drawMinZoom: ICON_MIN_ZOOM,
    };
  }

  override replace(items: Iterable<Staff>): void {
    const list = [...items];
    this.trails.clear();
    this.recordPositions(list);
    super.replace(list);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('clock') || changed.has('staleAfter')) this.clockReader.tick();
    if (changed.has('selectedItem')) this.drawTrail();
  }

  override upsert(items: Iterable<Staff>): void {
    const list = [...items];
    this.recordPositions(list);
    super.upsert(list);
  }

  override remove(ids?: Iterable<string>): void {
    if (ids === undefined) return super.remove();
    const list = [...ids];
    for (const id of list) this.trails.delete(String(id));
    super.remove(list);
  }

  /** The selected person's recent positions, oldest first. */
  trailOf(id: string): [number, number][] {
    const flat = this.trails.get(id) ?? [];
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
    return out;
  }

  protected override mapBound(map: MaplibreMap): void {
    map.addLayer(this.dots, TRAIL_LAYER);
    map.setLayerZoomRange(STAFF_DOTS_LAYER, 0, ICON_MIN_ZOOM);
    this.readClock(map);
    this.drawTrail();
    this.itemsChanged();
  }

  protected override mapUnbound(map: MaplibreMap): void {
    try {
      if (map.getLayer(STAFF_DOTS_LAYER)) map.removeLayer(STAFF_DOTS_LAYER);
    } catch {
      // The map was removed with everything on it.
    }
  }

  protected override handleChanged(): void {
    if (this.handle) this.dots.setColors(this.handle.palette.staff);
  }

  /**
   * The people nearest a point (great-circle distance, through a k-d tree), nearest first, with
   * estimated travel minutes. `<gm-map>`'s `nearestStaff()` asks every `<gm-staff>` inside it.
   */
  nearest(lngLat: [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    return this.index.nearest(lngLat, options);
  }

  /** The people shown (active boards) by status; inside the area `code` when given (by their grid code). */
  counts(code = ''): Record<StaffStatus, number> {
    const counts: Record<StaffStatus, number> = { 'on-duty': 0, busy: 0, 'off-duty': 0 };
    for (const person of this.points.values()) {
      if (this.shows(person) && (!code || person.gridCode?.startsWith(code))) counts[person.status]++;
    }
    return counts;
  }

  /** The dots are rewritten whole at the next frame (a few ms for 20,000; no tile is rebuilt). */
  protected override itemsChanged(): void {
    this.index.invalidate();
    if (this.dotsFrame) return;
    this.dotsFrame = requestAnimationFrame(() => {
      this.dotsFrame = 0;
      const people = [...this.points.values()];
      this.dots.setDots(people.map((p) => ({ lngLat: p.lngLat, updatedAtMs: updatedAtMs(p), status: p.status })), people.length);
    });
  }

  protected popupTitle(staff: Staff): string {
    return staff.name;
  }

  protected popupDetails(staff: Staff): [string, string][] {
    const t = translationFor(this.closest('gm-map')?.lang ?? document.documentElement.lang);
    const minutes = Math.max(0, Math.round((this.clock() - updatedAtMs(staff)) / 60000));
    return [
      [t.fields.role, t.staffRole[staff.role]],
      [t.fields.status, t.staffStatus[staff.status]],
      [t.fields.updated, t.minutesAgo(minutes)],
      ...(staff.gridCode ? [[t.fields.grid, staff.gridCode] as [string, string]] : []),
    ];
  }

  /** Sets the staleness clock and threshold in the map's global state. */
  private readClock(map = this.map): void {
    this.dots.setClock(this.clock(), this.staleAfter * 60000);
    if (!map) return;
    map.setGlobalStateProperty(STALE_STATE, this.staleAfter * 60000);
    map.setGlobalStateProperty(CLOCK_STATE, this.clock());
  }

  private recordPositions(items: Iterable<Staff>): void {
    const selected = this.selectedItem?.id;
    let selectedMoved = false;
    for (const item of items) {
      if (staffProblem(item)) continue;
      const id = String(item.id);
      const flat = this.trails.get(id) ?? [];
      const [lng, lat] = item.lngLat;
      if (flat.length && flat[flat.length - 2] === lng && flat[flat.length - 1] === lat) continue;
      flat.push(lng, lat);
      if (flat.length > 2 * TRAIL_LENGTH) flat.splice(0, flat.length - 2 * TRAIL_LENGTH);
      this.trails.set(id, flat);
      if (id === selected) selectedMoved = true;
    }
    if (selectedMoved) this.drawTrail();
  }

  private drawTrail(): void {
    const source = this.map?.getSource(TRAIL_SOURCE) as GeoJSONSource | undefined;
    source?.setData(trailData(this.selectedItem ? this.trailOf(this.selectedItem.id) : []));
  }
}
