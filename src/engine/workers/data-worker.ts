// The data worker: what would freeze the page's main thread for seconds on big input is read here
// (a 50 MB GeoJSON level was a 10–17 s task on the main thread; a statuses.json of a million rows a
// 4–7 s one). It fetches and parses the file, checks and prepares it, and posts back what the main
// thread needs in compact form: an index level's arrays and the cleaned GeoJSON as bytes (which the
// main thread hands MapLibre as a blob: URL, so MapLibre's own worker parses it); a statuses table.
//
// Why a worker of our own: MapLibre's worker parses and tiles GeoJSON, but the area index (names,
// label points, boxes) needs every feature, and nothing in MapLibre hands those back.
import type { FeatureCollection } from 'geojson';
import { polygonRings, prepareLevel } from '../../model/boundary-level.js';
import type { BoundaryLevel } from '../../model/codes.js';
import { tableFromSnapshot } from '../../model/status-table.js';
import { fetchJson, LoadError } from '../../internal/fetch.js';
import type { DataJob, DataReply } from './data-jobs.js';

/** The worker's global scope, as far as used (the DOM library types `self` as a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DataJob>) => void) | null;
  postMessage(message: DataReply, transfer?: Transferable[]): void;
};

/** Jobs waiting for the grid codes of their hierarchy (a keyed statuses snapshot), by id. */
const waitingForCodes = new Map<number, (codes: readonly string[]) => void>();

scope.onmessage = ({ data: job }) => {
  if (job.kind === 'codes') return waitingForCodes.get(job.id)?.(job.codes);
  run(job).catch((error: unknown) => {
    const kind = error instanceof LoadError ? error.kind : 'invalid';
    scope.postMessage({ id: job.id, kind: 'error', error: { kind, message: (error as Error)?.message ?? String(error) } });
  });
};

async function run(job: Exclude<DataJob, { kind: 'codes' }>): Promise<void> {
  const json = await fetchJson(job.url, new AbortController().signal, job.timeoutMs);
  if (job.kind === 'geojson') return prepareGeoJson(job.id, job.level, job.top, json);
  const codes = new Promise<readonly string[]>((resolve) => waitingForCodes.set(job.id, resolve));
  const table = tableFromSnapshot(json, () => {
    scope.postMessage({ id: job.id, kind: 'needs-codes' });
    return codes;
  });
  const result = await table;
  waitingForCodes.delete(job.id);
  scope.postMessage({ id: job.id, kind: 'statuses', ...result });
}

function prepareGeoJson(id: number, level: BoundaryLevel, top: boolean, json: unknown): void {
  const collection = json as FeatureCollection;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`the ${level} boundaries are not a GeoJSON FeatureCollection`);
  }
  const prepared = prepareLevel(collection, level);
  const bytes = new TextEncoder().encode(JSON.stringify(prepared.collection)).buffer;
  const rings = top ? polygonRings(prepared.collection) : undefined;
  scope.postMessage({ id, kind: 'geojson', entry: prepared.entry, bytes, rejected: prepared.rejected, sanitized: prepared.sanitized, rings }, [bytes]);
}
