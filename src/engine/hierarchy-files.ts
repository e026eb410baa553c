import type { FeatureCollection } from 'geojson';
import type { GmErrorReason } from '../event-types.js';
import { fetchJson, LoadError } from '../internal/fetch.js';
import { AreaIndex } from '../model/area-index.js';
import { BOUNDARY_LEVELS, type BoundaryLevel } from '../model/codes.js';
import { resolveManifest, type Manifest } from '../model/manifest.js';

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

  /** The `gm-error` reason: `<file>-unreachable`, `manifest-invalid-json`, or `<file>-invalid`. */
  get reason(): GmErrorReason {
    const problem = this.problem;
    const kind = problem instanceof LoadError ? (problem.kind === 'unreachable' ? 'unreachable' : 'invalid-json') : 'invalid';
    return (this.file === 'manifest' ? `manifest-${kind}` : `${this.file}-${kind === 'unreachable' ? 'unreachable' : 'invalid'}`) as GmErrorReason;
  }
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
  ) {
    this.base = typeof input === 'string' ? new URL(input, document.baseURI).href : document.baseURI;
  }

  /** @throws HierarchyFileError */
  async manifest(): Promise<Manifest> {
    try {
      const json = typeof this.input === 'string' ? await fetchJson(this.base, this.signal, this.timeoutMs) : this.input;
      return resolveManifest(json, this.base);
    } catch (error) {
      throw new HierarchyFileError('manifest', this.base, error);
    }
  }

  /**
   * The GeoJSON levels (URLs or objects), checked to be FeatureCollections.
   * @throws HierarchyFileError for the first that is not
   */
  async boundaries(manifest: Manifest): Promise<Partial<Record<BoundaryLevel, FeatureCollection>>> {
    const out: Partial<Record<BoundaryLevel, FeatureCollection>> = {};
    for (const level of BOUNDARY_LEVELS) {
      const spec = manifest.levels[level];
      if (spec.tiles || spec.geojson === undefined) continue;
      try {
        const json = typeof spec.geojson === 'string' ? await fetchJson(spec.geojson, this.signal, this.timeoutMs) : spec.geojson;
        const collection = json as FeatureCollection;
        if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
          throw new Error(`the ${level} boundaries are not a GeoJSON FeatureCollection`);
        }
        out[level] = collection;
      } catch (error) {
        throw new HierarchyFileError('boundaries', typeof spec.geojson === 'string' ? spec.geojson : level, error);
      }
    }
    return out;
  }

  /** Starts downloading areas.json, when the manifest names one. */
  indexJson(manifest: Manifest): Promise<Settled> | undefined {
    return manifest.index ? settle(fetchJson(manifest.index, this.signal, this.timeoutMs)) : undefined;
  }

  /** Starts downloading the statuses snapshot, when the manifest names one. */
  statusesJson(manifest: Manifest): Promise<Settled> | undefined {
    const url = manifest.data?.statuses;
    return url ? settle(fetchJson(url, this.signal, this.timeoutMs)) : undefined;
  }

  /**
   * The area index: from areas.json when the manifest has one, else built from the GeoJSON levels
   * (their bad features rejected, the good ones given numeric ids in `geojson`).
   * @throws HierarchyFileError
   */
  async index(
    manifest: Manifest,
    json: Promise<Settled> | undefined,
    geojson: Partial<Record<BoundaryLevel, FeatureCollection>>,
  ): Promise<{ index: AreaIndex; rejected: string[] }> {
    try {
      if (json) {
        const result = await json;
        if ('error' in result) throw result.error;
        return { index: AreaIndex.fromJson(result.value), rejected: [] };
      }
      if (!BOUNDARY_LEVELS.every((l) => geojson[l])) throw new Error('tiled boundaries need an "index" (areas.json) in the manifest');
      return AreaIndex.fromFeatures(geojson as Record<BoundaryLevel, FeatureCollection>);
    } catch (error) {
      throw new HierarchyFileError('index', manifest.index ?? '', error);
    }
  }
}

/** A promise that never rejects (it may be awaited late, after other failures were reported). */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}
