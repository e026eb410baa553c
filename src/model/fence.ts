import type { Feature, MultiPolygon, Polygon } from 'geojson';
import RBush from 'rbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { bbox as bboxOf } from '@turf/bbox';
import { isArea } from './area-index.js';
import type { MapItem } from './map-item.js';
import { hasOverlongText, MAX_TEXT_LENGTH } from './map-item.js';
import { kinks } from '@turf/kinks';

/** 电子围栏 kinds: entering a restricted fence raises an alert; a watch fence only reports crossings. */
export type FenceKind = 'restricted' | 'watch';
export const FENCE_KINDS: readonly FenceKind[] = ['restricted', 'watch'];

/** 电子围栏. */
export interface Fence {
  id: string;
  name: string;
  kind: FenceKind;
  geometry: Polygon | MultiPolygon;
}

/** A crossing of a fence's edge by a tracked item. */
export interface FenceCrossing {
  fence: Fence;
  item: MapItem;
  action: 'enter' | 'exit';
}

/** Why a fence was refused, or null when it is fine. */
export function fenceProblem(value: unknown): string | null {
  const fence = value as Partial<Fence>;
  if (!fence || typeof fence !== 'object') return 'not an object';
  if ((typeof fence.id !== 'string' && typeof fence.id !== 'number') || fence.id === '') return 'no id';
  if (!(FENCE_KINDS as readonly string[]).includes(fence.kind as string)) return `unknown kind ${String(fence.kind)}`;
  if (typeof fence.name !== 'string') return 'no name';
  if (hasOverlongText(fence)) return `a text longer than ${MAX_TEXT_LENGTH} characters`;
  const feature = { type: 'Feature', properties: {}, geometry: fence.geometry } as Feature<Polygon | MultiPolygon>;
  if (!isArea(feature)) return 'geometry is not a valid Polygon or MultiPolygon';
  // A self-crossing outline has no clear inside: crossings could not be told.
  if (kinks(feature).features.length) return 'the outline crosses itself';
  return null;
}

/**
 * Fences from what `src` returned: an array of fences, or a GeoJSON FeatureCollection of polygons
 * whose properties hold `id`, `name` and `kind`.
 * @throws Error when it is neither
 */
export function fencesFromJson(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const collection = json as { type?: string; features?: Feature[] };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error('expected an array of fences or a GeoJSON FeatureCollection of polygons');
  }
  return collection.features.map((f) => ({ ...f.properties, id: f.properties?.id ?? f.id, geometry: f.geometry }));
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  fence: Fence;
}

/**
 * Which fences each tracked item is inside, and the crossings as items move. The fences' boxes
 * are in an R-tree (rbush), so a moved point is tested against the few fences whose box holds it,
 * never against all of them: the cost follows the moved points, not points × fences.
 *
 * An item's first position only records where it is (a crossing needs a position before it), and
 * so does a new fence for the items already known.
 */
export class FenceIndex {
  private readonly tree = new RBush<Box>();
  private readonly boxes = new Map<string, Box>();
  /** Per item: the fences it is inside. */
  private readonly inside = new Map<string, Set<string>>();
  /** Per item: its last position (to place items in a fence added later). */
  private readonly positions = new Map<string, [number, number]>();

  get size(): number {
    return this.boxes.size;
  }

  fences(): Fence[] {
    return [...this.boxes.values()].map((b) => b.fence);
  }

  /** Adds or replaces fences; known items are placed in them without crossings. */
  set(fences: Fence[]): void {
    for (const fence of fences) {
      this.delete(fence.id);
      const [minX, minY, maxX, maxY] = bboxOf(fence.geometry);
      const box = { minX, minY, maxX, maxY, fence };
      this.boxes.set(fence.id, box);
      this.tree.insert(box);
      for (const [id, p] of this.positions) if (contains(box, p)) this.insideOf(id).add(fence.id);
    }
  }

  /** Removes a fence (items inside it leave it without crossings). */
  delete(id: string): void {
    const box = this.boxes.get(id);
    if (!box) return;
    this.tree.remove(box);
    this.boxes.delete(id);
    for (const fences of this.inside.values()) fences.delete(id);
  }

  /** Removes every fence. */
  clear(): void {
    this.tree.clear();
    this.boxes.clear();
    for (const fences of this.inside.values()) fences.clear();
  }

  /** Forgets items (they left the map). */
  forget(ids: Iterable<string>): void {
    for (const id of ids) {
      this.inside.delete(id);
      this.positions.delete(id);
    }
  }

  /** Takes new positions; returns the crossings they make, in order. */
  move(items: Iterable<MapItem>): FenceCrossing[] {
    const crossings: FenceCrossing[] = [];
    for (const item of items) {
      const id = String(item.id);
      const p = item.lngLat;
      const known = this.positions.has(id);
      this.positions.set(id, [p[0], p[1]]);
      const now = new Set(this.tree.search({ minX: p[0], minY: p[1], maxX: p[0], maxY: p[1] }).filter((b) => contains(b, p)).map((b) => b.fence.id));
      const before = this.inside.get(id);
      if (known && before) {
        for (const fenceId of before) if (!now.has(fenceId)) crossings.push({ fence: this.boxes.get(fenceId)!.fence, item, action: 'exit' });
      }
      if (known) {
        for (const fenceId of now) if (!before?.has(fenceId)) crossings.push({ fence: this.boxes.get(fenceId)!.fence, item, action: 'enter' });
      }
      if (now.size || before) this.inside.set(id, now);
    }
    return crossings;
  }

  private insideOf(id: string): Set<string> {
    let set = this.inside.get(id);
    if (!set) this.inside.set(id, (set = new Set()));
    return set;
  }
}

function contains(box: Box, p: [number, number]): boolean {
  return p[0] >= box.minX && p[0] <= box.maxX && p[1] >= box.minY && p[1] <= box.maxY && booleanPointInPolygon(p, box.fence.geometry);
}
