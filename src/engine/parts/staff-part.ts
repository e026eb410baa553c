import type { CustomLayerInterface, GeoJSONSource } from 'maplibre-gl';
import { STAFF_DOTS_LAYER, StaffDotsLayer } from '../../layers/staff-dots-layer.js';
import {
  CLOCK_STATE, ICON_MIN_ZOOM, STAFF_CLUSTER, STAFF_LAYER, STAFF_SOURCE, STALE_LAYER, STALE_STATE, staffFeature, staffIcons, staffLayers, staffSource, trailData, TRAIL_SOURCE,
} from '../../layers/staff-layer.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { staffProblem, updatedAtMs, type Staff, type StaffStatus } from '../../model/staff.js';
import { StaffIndex, type NearestStaff, type NearestStaffOptions } from '../../model/staff-index.js';
import type { AttachedScene } from '../scene.js';
import { PointLayerPart } from './point-layer-part.js';

/** Positions kept per person for the selected person's trail. */
const TRAIL_LENGTH = 30;

/**
 * 网格力量: staff, an icon per role in the colour of their status from zoom 11 (bubbles with counts
 * where they would overlap, to zoom 13: staff-layer.ts), a dot each below it
 * (a custom layer over a typed array: 20,000 positions a second re-tile nothing), faded when their
 * position is stale (from a clock in the map's global state), the selected person's recent trail,
 * and a k-d tree for the nearest people to any point.
 */
export class StaffPart extends PointLayerPart<Staff> {
  /** The time now, in epoch milliseconds (replaceable: a replay, a test). */
  clock: () => number = Date.now;
  /** The person whose trail is drawn (none: no trail). */
  private trailOf?: string;
  private staleMs = 10 * 60_000;
  /** Recent positions per person: [lng, lat, lng, lat, …], oldest first. */
  private readonly trails = new Map<string, number[]>();
  /** Everyone as a dot below the icons' zoom, from a typed array (see staff-dots-layer.ts). */
  private readonly dots = new StaffDotsLayer();
  private dotsFrame = 0;
  private readonly index = new StaffIndex(() => this.values());

  constructor() {
    super({
      kind: 'staff',
      slot: 'staff',
      sourceId: STAFF_SOURCE,
      source: staffSource,
      extraSources: { [TRAIL_SOURCE]: { type: 'geojson', data: trailData([]) } },
      layers: staffLayers,
      icons: staffIcons,
      feature: staffFeature,
      problem: staffProblem,
      itemLayers: [STAFF_LAYER, STALE_LAYER],
      clusterLayer: STAFF_CLUSTER,
      drawMinZoom: ICON_MIN_ZOOM,
    });
  }

  override replace(items: Iterable<unknown>): Staff[] {
    const list = [...items];
    this.trails.clear();
    this.recordPositions(list);
    return super.replace(list);
  }

  override upsert(items: Iterable<unknown>): Staff[] {
    const list = [...items];
    this.recordPositions(list);
    return super.upsert(list);
  }

  override remove(ids: Iterable<string>): void {
    const list = [...ids];
    for (const id of list) this.trails.delete(String(id));
    super.remove(list);
  }

  /** A person's recent positions, oldest first. */
  trail(id: string): [number, number][] {
    const flat = this.trails.get(id) ?? [];
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
    return out;
  }

  /** Draws this person's trail (undefined: none). */
  showTrail(id: string | undefined): void {
    this.trailOf = id;
    this.drawTrail();
  }

  /** Reads the clock now; a person is drawn faded `staleMs` after their last position. */
  setClock(staleMs: number): void {
    this.staleMs = staleMs;
    this.writeClock();
  }

  /**
   * The people nearest a point (great-circle distance, through a k-d tree), nearest first, with
   * estimated travel minutes.
   */
  nearest(lngLat: [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    return this.index.nearest(lngLat, options);
  }

  /** The people shown (active boards) by status; inside the area `code` when given (by their grid's place in the hierarchy). */
  counts(code = ''): Record<StaffStatus, number> {
    const counts: Record<StaffStatus, number> = { 'on-duty': 0, busy: 0, 'off-duty': 0 };
    for (const person of this.values()) {
      if (this.shows(person) && this.inArea(person.gridCode, code)) counts[person.status]++;
    }
    return counts;
  }

  override attach(scene: AttachedScene): void {
    super.attach(scene);
    scene.map.setLayerZoomRange(STAFF_DOTS_LAYER, 0, ICON_MIN_ZOOM);
    this.dots.setColors(scene.palette.staff, scene.palette.labelHalo);
    this.writeClock();
    this.drawTrail();
    this.itemsChanged([], []);
  }

  override paletteChanged(palette: MapPalette): void {
    super.paletteChanged(palette);
    this.dots.setColors(palette.staff, palette.labelHalo);
  }

  protected override customLayers(): CustomLayerInterface[] {
    return [this.dots];
  }

  /** The index is rebuilt at the next query; the dots are rewritten whole at the next frame (a few ms for 20,000; no tile is rebuilt). */
  protected override itemsChanged(placed: Staff[], removed: string[]): void {
    super.itemsChanged(placed, removed);
    this.index.invalidate();
    if (this.dotsFrame) return;
    this.dotsFrame = requestAnimationFrame(() => {
      this.dotsFrame = 0;
      const people = [...this.values()];
      this.dots.setDots(people.map((p) => ({ lngLat: p.lngLat, updatedAtMs: updatedAtMs(p), status: p.status })), people.length);
    });
  }

  /** Sets the staleness clock and threshold in the dots' uniforms and the map's global state. */
  private writeClock(): void {
    this.dots.setClock(this.clock(), this.staleMs);
    const map = this.scene?.map;
    if (!map) return;
    map.setGlobalStateProperty(STALE_STATE, this.staleMs);
    map.setGlobalStateProperty(CLOCK_STATE, this.clock());
  }

  private recordPositions(items: Iterable<unknown>): void {
    let trailMoved = false;
    for (const item of items) {
      if (staffProblem(item)) continue;
      const person = item as Staff;
      const id = String(person.id);
      const flat = this.trails.get(id) ?? [];
      const [lng, lat] = person.lngLat;
      if (flat.length && flat[flat.length - 2] === lng && flat[flat.length - 1] === lat) continue;
      flat.push(lng, lat);
      if (flat.length > 2 * TRAIL_LENGTH) flat.splice(0, flat.length - 2 * TRAIL_LENGTH);
      this.trails.set(id, flat);
      if (id === this.trailOf) trailMoved = true;
    }
    if (trailMoved) this.drawTrail();
  }

  private drawTrail(): void {
    const source = this.scene?.map.getSource(TRAIL_SOURCE) as GeoJSONSource | undefined;
    source?.setData(trailData(this.trailOf ? this.trail(this.trailOf) : []));
  }
}
