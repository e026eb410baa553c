import type { FeatureCollection } from 'geojson';
import type { GmErrorReason } from '../event-types.js';
import { fetchJson, LoadError } from '../internal/fetch.js';
import { AreaIndex, type AreaIndexJson, type AreaIndexLevel, type CheckedIndex } from '../model/area-index.js';
import { polygonRings, prepareLevel } from '../model/boundary-level.js';
import { DataWorkerClient, type GeoJsonLevel } from './workers/data-client.js';
import { defaultMosaicZoom, mosaicFrame } from '../../prepare/lib/raster.mjs';
import type { MosaicRequest } from './workers/data-jobs.js';
import type { StatusTable } from '../model/status-table.js';
import type { BoundaryLevel } from '../model/codes.js';
import type { CodeColumn } from '../model/code-column.js';
import { finestLevel, isTiled, resolveManifest, topLevel, type GridMosaic, type Manifest } from '../model/manifest.js';

/** Which file of a hierarchy failed (the `gm-error` reason's prefix). */
export type HierarchyFile = 'manifest' | 'boundaries' | 'index' | 'statuses';

/** A load that failed: which file, where, and why. */
export class HierarchyFileError extends Error {
  constructor(
    readonly file: HierarchyFile,
    readonly url: string,
    readonly problem: unknown,
  ) {
    super((problem as Error)?.message ?? String(problem));
  }

  /** The `gm-error` reason: `<file>-unreachable`, `manifest-invalid-json`, `<file>-invalid`, or `origin-refused`. */
  get reason(): GmErrorReason {
    const problem = this.problem;
    if (problem instanceof OriginRefused) return 'origin-refused';
    const kind = problem instanceof LoadError ? (problem.kind === 'unreachable' ? 'unreachable' : 'invalid-json') : 'invalid';
    return (this.file === 'manifest' ? `manifest-${kind}` : `${this.file}-${kind === 'unreachable' ? 'unreachable' : 'invalid'}`) as GmErrorReason;
  }
}

/** The GeoJSON levels of a hierarchy, prepared (the levels served as tiles are not here). */
export interface PreparedBoundaries {
  /** What each GeoJSON level's MapLibre source is given: the cleaned features, or a blob: URL of them. */
  data: Partial<Record<BoundaryLevel, FeatureCollection | string>>;
  /**
   * Levels read in the data worker whose features are still to come (a blob: URL of them, once
   * written): the map gives them to MapLibre when the level is first drawn (AreaPart), and `data`
   * holds the URL from then on. The city view of a plain-GeoJSON city does not wait for its
   * communities and grids to be parsed and tiled a second time.
   */
  later: Partial<Record<BoundaryLevel, Promise<string>>>;
  /** The mosaic the data worker drew for a finest level given as GeoJSON without one (and no areas.json): its spec and images, coarsest first. */
  drawnMosaic?: { spec: GridMosaic; images: Promise<ImageBitmap>[] };
  /** Set once the hierarchy is replaced: blob: URLs that come later are revoked at once. */
  revoked?: boolean;
  /** Each GeoJSON level's entry of the area index (used when the manifest has no areas.json). */
  entries: Partial<Record<BoundaryLevel, AreaIndexLevel>>;
  /** Features refused (a code not of their level, a duplicate, no valid polygon). */
  rejected: string[];
  /** Features drawn with properties taken out or cut (see model/feature-sanitize.ts). */
  sanitized: string[];
  /** The top level's rings (for the outline preview when the manifest has none). */
  topRings?: number[][];
  /** Settles with `topRings` as soon as the top level is read (not when every level is). */
  topRead: Promise<number[][] | undefined>;
  /**
   * Lets the data workers write what they hold until the map has drawn (`later`): called when it is
   * drawn, or with a level that is needed now (nothing, when that level's features are written already).
   */
  release(level?: BoundaryLevel): void;
}

/** A level given as an object: prepared here, on the main thread, where it already is. */
function fromObject(json: unknown, level: BoundaryLevel, top: boolean) {
  const collection = json as FeatureCollection;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`the ${level} boundaries are not a GeoJSON FeatureCollection`);
  }
  const prepared = prepareLevel(collection, level);
  return { ...prepared, data: prepared.collection, rings: top ? polygonRings(prepared.collection) : undefined };
}

/** Files of a hierarchy at origins the map does not allow (`allowed-origins`). */
export class OriginRefused extends Error {
  constructor(readonly urls: string[]) {
    super(`not from an allowed origin: ${urls.slice(0, 5).join(', ')}`);
  }
}

/** Every URL a manifest makes the map read (tile templates, GeoJSON, mosaic images, index, data files). */
function manifestUrls(manifest: Manifest): string[] {
  const urls: string[] = [];
  for (const level of manifest.hierarchyLevels) {
    const spec = manifest.levels[level]!;
    for (const url of [spec.tiles, spec.pmtiles, spec.tilejson]) if (url) urls.push(url);
    if (typeof spec.geojson === 'string') urls.push(spec.geojson);
    const mosaic = spec.mosaic;
    if (mosaic) for (const url of [mosaic.image, mosaic.pmtiles, mosaic.tiles, ...(mosaic.overviews ?? []).map((o) => o.image)]) if (url) urls.push(url);
  }
  if (manifest.index) urls.push(manifest.index);
  urls.push(...(Object.values(manifest.data ?? {}) as string[]));
  return urls;
}

/** A promise's outcome, for a download started early and awaited late (it never rejects unhandled). */
export type Settled<T = unknown> = { value: T } | { error: unknown };

/**
 * Reads the files of one hierarchy — the manifest (a URL, or a manifest-shaped object), the GeoJSON
 * boundaries, the area index and the statuses snapshot — with one abort signal (a newer load aborts
 * this one) and a timeout per file (a stalled server fails as unreachable). No map, no drawing.
 */
export class HierarchyFiles {
  /** The URL relative file names are resolved against: the manifest's, or the page's. */
  readonly base: string;

  constructor(
    private readonly input: string | object,
    private readonly signal: AbortSignal,
    private readonly timeoutMs: number,
    /** Whether data may come from a URL (the map's `allowed-origins`). */
    private readonly allows: (url: string) => boolean = () => true,
  ) {
    this.base = typeof input === 'string' ? new URL(input, document.baseURI).href : document.baseURI;
  }

  /** @throws HierarchyFileError */
  async manifest(): Promise<Manifest> {
    try {
      if (typeof this.input === 'string' && !this.allows(this.base)) throw new OriginRefused([this.base]);
      const json = typeof this.input === 'string' ? await fetchJson(this.base, this.signal, this.timeoutMs) : this.input;
      const manifest = resolveManifest(json, this.base);
      // A manifest may point the map anywhere: every file it names must be from an allowed origin.
      const refused = manifestUrls(manifest).filter((url) => !this.allows(url));
      if (refused.length) throw new OriginRefused(refused);
      return manifest;
    } catch (error) {
      throw new HierarchyFileError('manifest', this.base, error);
    }
  }

  /**
   * Starts reading the GeoJSON levels (URLs or objects), each checked, sanitized and indexed in one
   * pass (model/boundary-level.ts): a level given by URL in the data worker, so that not one feature
   * of a big file is parsed on the main thread (MapLibre's worker reads the cleaned copy from a blob:
   * URL, `later`); a level given as an object on the main thread, where it already is. Returns at
   * once: the boundaries fill in as levels are read, and `read` settles when all are (it rejects
   * with a HierarchyFileError for the first level that cannot be read).
   */
  boundaries(manifest: Manifest): { boundaries: PreparedBoundaries; read: Promise<void> } {
    // Levels whose features the data worker has not written yet (see `release`).
    const held = new Set<BoundaryLevel>();
    let topRead!: (rings: number[][] | undefined) => void;
    const out: PreparedBoundaries = { data: {}, later: {}, entries: {}, rejected: [], sanitized: [], topRead: new Promise((resolve) => (topRead = resolve)), release: (level) => (!level || held.has(level)) && DataWorkerClient.release() };
    const [top, finest] = [topLevel(manifest), finestLevel(manifest)];
    const levels = manifest.hierarchyLevels.filter((level) => !isTiled(manifest.levels[level]!) && manifest.levels[level]!.geojson !== undefined);
    const read = Promise.all(levels.map(async (level) => {
      const spec = manifest.levels[level]!.geojson!;
      try {
        // The mosaic's ids are positions in the finest level: drawn only when the index is built from these features.
        const mosaic = level === finest && typeof spec === 'string' && !manifest.levels[level]!.mosaic && !manifest.index ? { bounds: manifest.bounds, maxzoom: defaultMosaicZoom(manifest.bounds) } : undefined;
        const prepared = typeof spec === 'string' ? await this.fromWorker(spec, level, level === top, mosaic, out, held) : fromObject(spec, level, level === top);
        if ('data' in prepared) out.data[level] = prepared.data;
        out.entries[level] = prepared.entry;
        out.rejected.push(...prepared.rejected);
        out.sanitized.push(...prepared.sanitized);
        if (level === top) topRead((out.topRings = prepared.rings));
      } catch (error) {
        throw new HierarchyFileError('boundaries', typeof spec === 'string' ? spec : level, error);
      }
    })).then(() => {});
    read.catch(() => {});
    return { boundaries: out, read };
  }

  private fromWorker(url: string, level: BoundaryLevel, top: boolean, mosaic: MosaicRequest | undefined, out: PreparedBoundaries, held: Set<BoundaryLevel>): Promise<GeoJsonLevel> {
    // The finest level of a city given as GeoJSON (the one with a mosaic to draw) on a worker of its own.
    const job = DataWorkerClient.get(mosaic ? 'heavy' : 'main').geojson(url, level, top, mosaic, this.signal, this.timeoutMs);
    // MapLibre's worker fetches the blob itself: the main thread never holds the features.
    held.add(level);
    const later = job.then((prepared) => prepared.bytes).finally(() => held.delete(level)).then((bytes) => {
      const data = URL.createObjectURL(new Blob([bytes], { type: 'application/geo+json' }));
      if (out.revoked) URL.revokeObjectURL(data);
      else out.data[level] = data;
      return data;
    });
    later.catch(() => {});
    out.later[level] = later;
    if (mosaic) out.drawnMosaic = drawnMosaic(mosaic, job);
    return job;
  }

  /**
   * Starts reading areas.json, when the manifest names one: fetched, parsed, checked and compacted
   * in the data worker (the `heavy` lane, beside the statuses on the other), so that not even the
   * 40 MB of a city's 650,000 courtyards is parsed on the main thread.
   */
  indexJson(manifest: Manifest): Promise<Settled<CheckedIndex>> | undefined {
    return manifest.index ? settle(DataWorkerClient.get('heavy').index(manifest.index, this.signal, this.timeoutMs)) : undefined;
  }

  /**
   * Starts reading the statuses snapshot, when the manifest names one: fetched, parsed and turned
   * into its ordered form in the data worker (a keyed snapshot of a million rows is resolved there
   * against the grid codes `codes()` gives, asked for only then).
   */
  statusesTable(manifest: Manifest, codes: () => Promise<CodeColumn>): Promise<Settled<StatusTable>> | undefined {
    const url = manifest.data?.statuses;
    return url ? settle(DataWorkerClient.get().statuses(url, this.signal, this.timeoutMs, codes)) : undefined;
  }

  /**
   * The area index: from areas.json when the manifest has one, else built from the GeoJSON levels
   * (their bad features rejected, the good ones given numeric ids in `geojson`).
   * @throws HierarchyFileError
   */
  async index(manifest: Manifest, json: Promise<Settled<CheckedIndex>> | undefined, entries: PreparedBoundaries['entries']): Promise<AreaIndex> {
    try {
      if (json) {
        const result = await json;
        if ('error' in result) throw result.error;
        return withCodeIds(matching(AreaIndex.fromChecked(result.value), manifest), manifest);
      }
      if (!manifest.hierarchyLevels.every((l) => entries[l])) throw new Error('tiled boundaries need an "index" (areas.json) in the manifest');
      return AreaIndex.fromLevels(entries as AreaIndexJson);
    } catch (error) {
      throw new HierarchyFileError('index', manifest.index ?? '', error);
    }
  }
}

/** The index, when it has the manifest's levels. @throws Error naming both lists */
function matching(index: AreaIndex, manifest: Manifest): AreaIndex {
  const [has, wanted] = [index.levels.join(', '), manifest.hierarchyLevels.join(', ')];
  if (has !== wanted) throw new Error(`the area index has the levels ${has}, the manifest ${wanted}`);
  return index;
}

/** The index, told which levels' tiles carry the code itself as id (`codeField`). */
function withCodeIds(index: AreaIndex, manifest: Manifest): AreaIndex {
  index.useCodesAsIds(manifest.hierarchyLevels.filter((level) => manifest.levels[level]!.codeField));
  return index;
}

/** A promise that never rejects (it may be awaited late, after other failures were reported). */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

/**
 * The spec and images of the mosaic the data worker draws (its images are not files: their `image`
 * only names them in reports). Its frames are known before it is drawn (the same function as the
 * worker's), so the map installs the mosaic's layer while the worker reads the grids.
 */
function drawnMosaic(mosaic: MosaicRequest, job: Promise<GeoJsonLevel>): PreparedBoundaries['drawnMosaic'] {
  const coarse = mosaicFrame(mosaic.bounds, mosaic.maxzoom - 1);
  const fine = mosaicFrame(mosaic.bounds, mosaic.maxzoom);
  const spec: GridMosaic = { image: 'data-worker:mosaic', bounds: fine.bounds, maxzoom: fine.maxzoom, overviews: [{ image: 'data-worker:mosaic-1', bounds: coarse.bounds, maxzoom: coarse.maxzoom }] };
  const image = (which: 0 | 1) => {
    const drawn = job.then((prepared) => prepared.images![which]).then((d) => d.image);
    drawn.catch(() => {}); // the finer image may never be asked for; its failure is the level's, reported as such
    return drawn;
  };
  return { spec, images: [image(0), image(1)] };
}

/** Frees the blob: URLs of a hierarchy's GeoJSON levels (MapLibre has read them; a new map reads the next hierarchy's). */
export function revokeBlobs(boundaries: PreparedBoundaries): void {
  boundaries.revoked = true;
  for (const data of Object.values(boundaries.data)) if (typeof data === 'string' && data.startsWith('blob:')) URL.revokeObjectURL(data);
}
