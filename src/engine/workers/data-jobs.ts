import type { AreaIndexLevel } from '../../model/area-index.js';
import type { BoundaryLevel } from '../../model/codes.js';
import type { StatusTable } from '../../model/status-table.js';

/** What the main thread asks of the data worker. */
export type DataJob =
  | { id: number; kind: 'geojson'; url: string; level: BoundaryLevel; top: boolean; timeoutMs: number }
  | { id: number; kind: 'statuses'; url: string; timeoutMs: number }
  /** The grid codes a keyed statuses snapshot is resolved against (after `needs-codes`). */
  | { id: number; kind: 'codes'; codes: readonly string[] };

/** One GeoJSON level, prepared (model/boundary-level.ts) with its features as JSON bytes. */
export interface PreparedGeoJson {
  entry: AreaIndexLevel;
  /** The cleaned FeatureCollection as UTF-8 JSON (features with numeric ids, sanitized properties). */
  bytes: ArrayBuffer;
  rejected: string[];
  sanitized: string[];
  /** The top level's rings, for the outline preview. */
  rings?: number[][];
}

/** What the data worker answers. */
export type DataReply =
  | ({ id: number; kind: 'geojson' } & PreparedGeoJson)
  | ({ id: number; kind: 'statuses' } & StatusTable)
  | { id: number; kind: 'needs-codes' }
  | { id: number; kind: 'error'; error: { kind: 'unreachable' | 'invalid-json' | 'invalid-image' | 'invalid'; message: string } };
