import { LoadError } from '../../internal/fetch.js';
import type { BoundaryLevel } from '../../model/codes.js';
import type { CodeColumn } from '../../model/code-column.js';
import type { StatusTable } from '../../model/status-table.js';
import type { CheckedIndex } from '../../model/area-index.js';
import { unpackIndex } from '../../model/packed-index.js';
import type { DataJob, DataReply, DrawnMosaicImage, MosaicRequest, PreparedGeoJson } from './data-jobs.js';
import DataWorker from './data-worker.ts?worker&inline';

/** A job as asked for, before it gets its id. */
type JobRequest = { kind: 'geojson'; url: string; level: BoundaryLevel; top: boolean; mosaic?: MosaicRequest; timeoutMs: number } | { kind: 'statuses' | 'index'; url: string; timeoutMs: number };

/** A GeoJSON level as the worker answers it: the level at once, the mosaic's images and the features' bytes as they come. */
export interface GeoJsonLevel extends PreparedGeoJson {
  /** The mosaic's images, coarsest first (with a mosaic asked for). */
  images?: [Promise<DrawnMosaicImage>, Promise<DrawnMosaicImage>];
  /** The cleaned features as UTF-8 JSON, MapLibre's data for the level. */
  bytes: Promise<ArrayBuffer>;
}

/** The replies that follow a geojson job's first: resolved as they come, rejected on an error or an abort. */
interface Followers {
  images: [Deferred<DrawnMosaicImage>, Deferred<DrawnMosaicImage>];
  bytes: Deferred<ArrayBuffer>;
}

/** A job sent, until its answer: `settled` takes its abort listener off the load's signal. */
type Pending = { resolve: (reply: DataReply) => void; reject: (error: unknown) => void; codes?: () => Promise<CodeColumn>; settled: () => void };

/** Which of the page's data workers a job goes to (see DataWorkerClient.shared). */
export type DataLane = 'main' | 'heavy';

/** How long the worker is kept with nothing to do (a page loads its maps' files in a burst, then rarely). */
const IDLE_MS = 1000;

/**
 * The main thread's side of the data worker (data-worker.ts): one worker per page and lane, made on
 * first use, shared by every map, ended after a second with nothing to do (a wall screen runs for months:
 * nothing is kept that is not needed); a request per file, answered once. An aborted request is
 * answered with the abort (the worker's result is dropped when it comes).
 */
export class DataWorkerClient {
  /**
   * The workers by lane: `heavy` reads a city's finest level (65,000 grids: parsed, indexed and
   * drawn into the mosaic, the load's longest chain), `main` everything else, so that chain shares
   * its thread with nothing (two cores: the other levels and the statuses run beside it).
   */
  private static readonly shared = new Map<DataLane, DataWorkerClient>();
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly followers = new Map<number, Followers>();
  private nextId = 1;
  private idleTimer = 0;

  private constructor(private readonly lane: DataLane) {
    // Inlined in the library's own code (Vite's `?worker&inline`, a blob: URL): no file to copy, so
    // no host's bundler, server or asset path can lose it; it needs `worker-src blob:` under a CSP.
    this.worker = new DataWorker({ name: 'gm-data' });
    this.worker.onmessage = ({ data }: MessageEvent<DataReply>) => this.answer(data);
    this.worker.onerror = (event) => this.failAll(new LoadError('unreachable', 'data-worker', `the data worker did not start: ${event.message || 'unknown error'}`));
  }

  /** The page's data worker client of a lane. */
  static get(lane: DataLane = 'main'): DataWorkerClient {
    let client = DataWorkerClient.shared.get(lane);
    if (!client) DataWorkerClient.shared.set(lane, (client = new DataWorkerClient(lane)));
    return client;
  }

  /**
   * Lets every data worker of the page run the work it holds until a map has drawn (the finer mosaic
   * image, the big levels' features): called when a map's load is drawn, or a level is needed now.
   */
  static release(): void {
    for (const client of DataWorkerClient.shared.values()) client.worker.postMessage({ id: 0, kind: 'release' } satisfies DataJob);
  }

  /** Ends the worker once nothing has been asked of it for IDLE_MS; the next request makes a new one. */
  private idle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size || this.followers.size) return;
    this.idleTimer = window.setTimeout(() => {
      if (this.pending.size || this.followers.size) return;
      this.worker.terminate();
      if (DataWorkerClient.shared.get(this.lane) === this) DataWorkerClient.shared.delete(this.lane);
    }, IDLE_MS);
  }

  /**
   * Fetches, checks and prepares one GeoJSON level off the main thread (`top`: the top level, whose rings are the outline preview).
   * @throws LoadError (unreachable, invalid-json) or Error (not a FeatureCollection)
   */
  async geojson(url: string, level: BoundaryLevel, top: boolean, mosaic: MosaicRequest | undefined, signal: AbortSignal, timeoutMs: number): Promise<GeoJsonLevel> {
    const id = this.nextId++;
    const followers: Followers = { images: [deferred(), deferred()], bytes: deferred() };
    this.followers.set(id, followers);
    signal.addEventListener('abort', () => this.dropFollowers(id, signal.reason), { once: true });
    try {
      const prepared = (await this.request({ kind: 'geojson', url, level, top, mosaic, timeoutMs }, signal, undefined, id)) as PreparedGeoJson;
      const images = followers.images.map((d) => d.promise) as GeoJsonLevel['images'];
      return { ...prepared, images: mosaic ? images : undefined, bytes: followers.bytes.promise };
    } catch (error) {
      this.dropFollowers(id, error);
      throw error;
    }
  }

  /** Rejects what is still to come of a geojson job (its images are closed when they come). */
  private dropFollowers(id: number, reason: unknown): void {
    const followers = this.followers.get(id);
    if (!followers) return;
    this.followers.delete(id);
    for (const d of [...followers.images, followers.bytes]) {
      d.promise.catch(() => {});
      (d as Deferred<unknown>).reject(reason);
    }
    this.idle();
  }

  /**
   * Fetches a statuses snapshot and turns it into its ordered form off the main thread; a keyed
   * one is resolved against `codes()`, asked for only then.
   */
  async statuses(url: string, signal: AbortSignal, timeoutMs: number, codes: () => Promise<CodeColumn>): Promise<StatusTable> {
    return (await this.request({ kind: 'statuses', url, timeoutMs }, signal, codes)) as StatusTable;
  }

  /**
   * Fetches areas.json and checks and compacts it off the main thread (a city at micro-grid level:
   * 40 MB, ~0.6 s of parsing); what comes back is unpacked here (model/packed-index.ts).
   * @throws LoadError (unreachable, invalid-json) or Error (not an area index)
   */
  async index(url: string, signal: AbortSignal, timeoutMs: number): Promise<CheckedIndex> {
    const reply = (await this.request({ kind: 'index', url, timeoutMs }, signal)) as Extract<DataReply, { kind: 'index' }>;
    return unpackIndex(reply.index);
  }

  /** Sends a job (`id`: one taken already, by a caller that waits for its later replies too). */
  private request(job: JobRequest, signal: AbortSignal, codes?: () => Promise<CodeColumn>, id = this.nextId++): Promise<DataReply> {
    return new Promise<DataReply>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      clearTimeout(this.idleTimer);
      const aborted = () => {
        if (!this.pending.delete(id)) return;
        reject(signal.reason);
        this.idle();
      };
      // Taken off once answered: the load's signal lives as long as the map shows that city, and the
      // listener held this promise and its answer (the packed index and the statuses table: 5 MB at
      // 650,000 courtyards) for as long.
      this.pending.set(id, { resolve, reject, codes, settled: () => signal.removeEventListener('abort', aborted) });
      signal.addEventListener('abort', aborted, { once: true });
      this.worker.postMessage({ ...job, id } as DataJob);
    });
  }

  private answer(reply: DataReply): void {
    if (reply.kind === 'geojson-image' || reply.kind === 'geojson-bytes' || (reply.kind === 'error' && !this.pending.has(reply.id))) return this.follow(reply);
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.kind === 'needs-codes') {
      void pending.codes?.().then((codes) => this.worker.postMessage({ id: reply.id, kind: 'codes', codes: codes.whole().parts() } satisfies DataJob));
      return;
    }
    this.pending.delete(reply.id);
    pending.settled();
    this.idle();
    if (reply.kind !== 'error') return pending.resolve(reply);
    const { kind, message } = reply.error;
    pending.reject(kind === 'invalid' ? new Error(message) : new LoadError(kind, '', message));
  }

  /** A reply after a geojson job's first: handed to whoever awaits it (an image nobody awaits any more is closed). */
  private follow(reply: DataReply): void {
    const followers = this.followers.get(reply.id);
    if (reply.kind === 'geojson-image') {
      if (followers) followers.images[reply.which].resolve(reply.image);
      else reply.image.image.close();
    } else if (reply.kind === 'geojson-bytes' && followers) {
      this.followers.delete(reply.id);
      followers.bytes.resolve(reply.bytes);
      this.idle();
    } else if (reply.kind === 'error') {
      this.dropFollowers(reply.id, new Error(reply.error.message));
    }
  }

  private failAll(error: Error): void {
    for (const { reject, settled } of this.pending.values()) {
      settled();
      reject(error);
    }
    this.pending.clear();
    for (const id of [...this.followers.keys()]) this.dropFollowers(id, error);
    this.worker.terminate();
    if (DataWorkerClient.shared.get(this.lane) === this) DataWorkerClient.shared.delete(this.lane);
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

/** A promise and its settling functions (Promise.withResolvers is ES2024). */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
