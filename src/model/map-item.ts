import type { FeatureCollection } from 'geojson';
import { isBoard, type Board } from './board.js';

/** What every item drawn by a data layer has: an id, a position, and usually a board. */
export interface MapItem {
  id: string;
  /** [longitude, latitude] in degrees. */
  lngLat: [number, number];
  board?: Board;
}

/** Why an item was refused, or null when it is fine. */
export type ItemProblem = 'no-id' | 'bad-position' | 'bad-board' | 'bad-kind' | 'text-too-long' | null;

/**
 * The longest text a field of an item may hold. Names and titles are drawn as labels and shown in
 * popups, lists and search: a 10 MB string from a broken upstream system must be refused, not
 * laid out.
 */
export const MAX_TEXT_LENGTH = 1000;

/** The item fields that must be text where present. */
const TEXT_FIELDS = ['name', 'title', 'gridCode'];

/** Whether any string field of a record is longer than MAX_TEXT_LENGTH. */
export function hasOverlongText(record: object): boolean {
  return Object.values(record).some((v) => typeof v === 'string' && v.length > MAX_TEXT_LENGTH);
}

/** The checks shared by every kind of item: a non-empty id, a finite in-range position, a known board if any, no overlong text. */
export function itemProblem(item: unknown): ItemProblem {
  if (!item || typeof item !== 'object') return 'no-id';
  const { id, lngLat, board } = item as Partial<MapItem>;
  if ((typeof id !== 'string' && typeof id !== 'number') || id === '') return 'no-id';
  if (hasOverlongText(item)) return 'text-too-long';
  // Texts drawn on the map and read by people must be text: an object there reached MapLibre's worker, which refused the whole layer.
  if (TEXT_FIELDS.some((field) => (item as Record<string, unknown>)[field] != null && typeof (item as Record<string, unknown>)[field] !== 'string')) return 'bad-kind';
  if (!Array.isArray(lngLat) || lngLat.length < 2) return 'bad-position';
  const [lng, lat] = lngLat;
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) return 'bad-position';
  if (board !== undefined && !isBoard(board)) return 'bad-board';
  return null;
}

/**
 * Items from what `src` returned: an array of items, or a GeoJSON FeatureCollection of Points
 * whose properties are the item and whose coordinates its `lngLat` (the fixture's files).
 * @throws Error when it is neither
 */
export function itemsFromJson(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const collection = json as FeatureCollection;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error('expected an array of items or a GeoJSON FeatureCollection of points');
  }
  return collection.features.map((f) => ({
    ...f.properties,
    id: f.properties?.id ?? f.id,
    lngLat: f.geometry?.type === 'Point' ? f.geometry.coordinates : undefined,
  }));
}
