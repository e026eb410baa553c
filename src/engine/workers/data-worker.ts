// The data worker: what would freeze the page's main thread for seconds on big input is read here
// (a 50 MB GeoJSON level was a 10–17 s task on the main thread; a statuses.json of a million rows a
// 4–7 s one). It fetches and parses the file, checks and prepares it, and posts back what the main
// thread needs in compact form: an index level's arrays, for the finest level without a mosaic
// the mosaic drawn from its polygons (the city view's grids as an image, as gm-prepare would write
// it), then the cleaned GeoJSON as bytes (which the map hands MapLibre as a blob: URL once the
// level is drawn, so MapLibre's own worker parses it); a statuses table.
//
// Why a worker of our own: MapLibre's worker parses and tiles GeoJSON, but the area index (names,
// label points, boxes) needs every feature, and nothing in MapLibre hands those back.
import type { FeatureCollection, Geometry } from 'geojson';
import { polygonRings, prepareLevel } from '../../model/boundary-level.js';
import type { BoundaryLevel } from '../../model/codes.js';
import { tableFromSnapshot } from '../../model/status-table.js';
import { fetchBytes, LoadError, parseJson } from '../../internal/fetch.js';
import { isIndexFile, readIndexFile } from '../../model/index-file.js';
import type { DataJob, DataReply, DrawnMosaicImage, MosaicRequest } from './data-jobs.js';
import { readIndexJson, type AreaIndexLevel } from '../../model/area-index.js';
import { packIndex } from '../../model/packed-index.js';
import { CodeColumn } from '../../model/code-column.js';
// The mosaic's rasteriser is gm-prepare's own (pure, no Node API): a city prepared and a city given
// as plain GeoJSON name their grids' pixels by one rule.
import { rasterizeAreas } from '../../../prepare/lib/raster.mjs';

/** The worker's global scope, as far as used (the DOM library types `self` as a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DataJob>) => void) | null;
  postMessage(message: DataReply, transfer?: Transferable[]): void;
};

/** Jobs waiting for the grid codes of their hierarchy (a keyed statuses snapshot), by id. */
const waitingForCodes = new Map<number, (codes: CodeColumn) => void>();

/**
 * Jobs in progress that the map's first paint waits for (a job waiting for codes is not: the codes
 * come after the index, which does not need it), and the work nobody waits for yet (the finer
 * mosaic image, the big levels' bytes), run only while no such job is: otherwise a job that comes
 * later (the statuses snapshot) waits behind them (the city's z9 image and grid bytes: ~0.5 s in Node).
 */
let foreground = 0;
/** Features of a level written for MapLibre right after its index entry (more wait, see prepareGeoJson). */
const SMALL_LEVEL = 5000;
const background: (() => Promise<void>)[] = [];
let draining = false;

/**
 * The background work waits, too, until the map has drawn its first complete frame (`release`):
 * run as soon as the foreground was done, it took the two cores from that frame (software WebGL) and
 * from the main thread's last steps (the finer image and the grids' bytes: ~0.7 s of CPU in the
 * benchmark's plain-GeoJSON load). Released anyway after HOLD_MS, should no map say so.
 */
let held = false;
let holdTimer: ReturnType<typeof setTimeout> | undefined;
const HOLD_MS = 4000;

function release(): void {
  held = false;
  clearTimeout(holdTimer);
  void drain();
}

scope.onmessage = ({ data: job }) => {
  if (job.kind === 'codes') return waitingForCodes.get(job.id)?.(CodeColumn.fromParts(job.codes));
  if (job.kind === 'release') return release();
  if (job.kind === 'geojson') {
    held = true;
    clearTimeout(holdTimer);
    holdTimer = setTimeout(release, HOLD_MS);
  }
  foreground++;
  run(job)
    .catch((error: unknown) => failed(job.id, error))
    .finally(() => {
      foreground--;
      void drain();
    });
};

/** Answers a job (or its later replies) with its error. */
function failed(id: number, error: unknown): void {
  const kind = error instanceof LoadError ? error.kind : 'invalid';
  scope.postMessage({ id, kind: 'error', error: { kind, message: (error as Error)?.message ?? String(error) } });
}

/** Queues work nobody waits for yet (see `foreground`). */
function inBackground(id: number, work: () => Promise<void>): void {
  background.push(() => work().catch((error: unknown) => failed(id, error)));
  void drain();
}

/** Runs the background work, one piece per task, while no foreground job is in progress. */
async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  while (background.length) {
    // A task boundary first: a job's message that arrived meanwhile starts (and takes the turn).
    await new Promise((resolve) => setTimeout(resolve));
    if (foreground || held) break;
    await background.shift()!();
  }
  draining = false;
}

async function run(job: Extract<DataJob, { kind: 'geojson' | 'statuses' | 'index' }>): Promise<void> {
  const bytes = await fetchBytes(job.url, new AbortController().signal, job.timeoutMs);
  if (job.kind === 'index') {
    // areas.bin (gm-prepare's typed index) or areas.json, told apart by the file's first bytes.
    const checked = isIndexFile(bytes) ? readIndexFile(bytes) : readIndexJson(parseJson(bytes, job.url));
    const { packed, transfer } = packIndex(checked);
    return scope.postMessage({ id: job.id, kind: 'index', index: packed }, transfer);
  }
  const json = parseJson(bytes, job.url);
  if (job.kind === 'geojson') return prepareGeoJson(job.id, job.level, job.top, json, job.mosaic);
  const codes = new Promise<CodeColumn>((resolve) => waitingForCodes.set(job.id, resolve));
  const table = tableFromSnapshot(json, () => {
    scope.postMessage({ id: job.id, kind: 'needs-codes' });
    // Waiting for the index's codes: not what the first paint waits for now (see `foreground`).
    foreground--;
    void drain();
    return codes.finally(() => foreground++);
  });
  const result = await table;
  waitingForCodes.delete(job.id);
  scope.postMessage({ id: job.id, kind: 'statuses', ...result });
}

/**
 * Prepares one level and answers in up to four replies: the index entry at once, then (a mosaic
 * asked for) its city-view image, then in the background its finer image and the features' bytes
 * (a small level's bytes at once). The first paint needs the first two.
 */
async function prepareGeoJson(id: number, level: BoundaryLevel, top: boolean, json: unknown, mosaic?: MosaicRequest): Promise<void> {
  const collection = json as FeatureCollection;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`the ${level} boundaries are not a GeoJSON FeatureCollection`);
  }
  const prepared = prepareLevel(collection, level);
  const rings = top ? polygonRings(prepared.collection) : undefined;
  const geometries = prepared.collection.features.map((f) => f.geometry);
  // The entry first: the map builds its index and applies the statuses while the mosaic is drawn.
  scope.postMessage({ id, kind: 'geojson', entry: prepared.entry, rejected: prepared.rejected, sanitized: prepared.sanitized, rings });
  if (mosaic) {
    const first = await drawMosaic(geometries, prepared.entry, mosaic.bounds, mosaic.maxzoom - 1);
    scope.postMessage({ id, kind: 'geojson-image', which: 0, image: first }, [first.image]);
    inBackground(id, async () => {
      const image = await drawMosaic(geometries, prepared.entry, mosaic.bounds, mosaic.maxzoom);
      scope.postMessage({ id, kind: 'geojson-image', which: 1, image }, [image.image]);
    });
  }
  const writeBytes = async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(prepared.collection)).buffer;
    scope.postMessage({ id, kind: 'geojson-bytes', bytes }, [bytes]);
  };
  // A small level (the districts, the towns: what a city view draws) is written at once; a big one
  // (communities, grids: drawn once zoomed in) when nothing the first paint waits for is left.
  if (prepared.collection.features.length <= SMALL_LEVEL && !mosaic) await writeBytes();
  else inBackground(id, writeBytes);
}

/** One mosaic image as an ImageBitmap (exact pixels: no colour conversion, alpha already 255). */
async function drawMosaic(geometries: Geometry[], entry: AreaIndexLevel, covering: [number, number, number, number], maxzoom: number): Promise<DrawnMosaicImage> {
  const { data, width, height, bounds } = rasterizeAreas(geometries, entry.labels, covering, maxzoom);
  const pixels = new ImageData(new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength), width, height);
  const image = await createImageBitmap(pixels, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  return { image, bounds, maxzoom };
}
