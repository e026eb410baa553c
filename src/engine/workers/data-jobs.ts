import type { AreaIndexLevel } from '../../model/area-index.js';
import type { CodeColumnParts } from '../../model/code-column.js';
import type { BoundaryLevel } from '../../model/codes.js';
import type { StatusTable } from '../../model/status-table.js';
import type { PackedIndex } from '../../model/packed-index.js';

/**
 * The grid mosaic the data worker draws for a finest level given as GeoJSON without one: the
 * bounds to cover and the zoom up to which it draws (the image for the city view, one zoom
 * coarser, is drawn first).
 */
export interface MosaicRequest {
  bounds: [number, number, number, number];
  maxzoom: number;
}

/** What the main thread asks of the data worker. */
export type DataJob =
  | { id: number; kind: 'geojson'; url: string; level: BoundaryLevel; top: boolean; mosaic?: MosaicRequest; timeoutMs: number }
  | { id: number; kind: 'statuses'; url: string; timeoutMs: number }
  /** areas.json: fetched, parsed, checked and compacted here, answered packed (model/packed-index.ts). */
  | { id: number; kind: 'index'; url: string; timeoutMs: number }
  /** The grid codes a keyed statuses snapshot is resolved against (after `needs-codes`). */
  | { id: number; kind: 'codes'; codes: CodeColumnParts }
  /** The map has drawn (or needs a level's features now): the work held until then may run. */
  | { id: 0; kind: 'release' };

/** One image of a mosaic drawn in the worker: its pixels (an id raster, see prepare/lib/raster.mjs) and where it lies. */
export interface DrawnMosaicImage {
  image: ImageBitmap;
  bounds: [number, number, number, number];
  maxzoom: number;
}

/** One GeoJSON level, prepared (model/boundary-level.ts): what the index and the first paint need. */
export interface PreparedGeoJson {
  entry: AreaIndexLevel;
  rejected: string[];
  sanitized: string[];
  /** The top level's rings, for the outline preview. */
  rings?: number[][];
}

/**
 * What the data worker answers. A `geojson` job is answered in up to four replies: the level, with a
 * mosaic asked for its two images (`which`: 0 the city view's, coarsest, then 1), the features' bytes.
 */
export type DataReply =
  | ({ id: number; kind: 'geojson' } & PreparedGeoJson)
  | { id: number; kind: 'geojson-image'; which: 0 | 1; image: DrawnMosaicImage }
  /** The cleaned FeatureCollection as UTF-8 JSON (features with their ids, sanitized properties): MapLibre's data for the level. */
  | { id: number; kind: 'geojson-bytes'; bytes: ArrayBuffer }
  | ({ id: number; kind: 'statuses' } & StatusTable)
  | { id: number; kind: 'index'; index: PackedIndex }
  | { id: number; kind: 'needs-codes' }
  | { id: number; kind: 'error'; error: { kind: 'unreachable' | 'invalid-json' | 'invalid-image' | 'invalid'; message: string } };
