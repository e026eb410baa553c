// Where MapLibre's worker comes from. MapLibre 6 starts its worker from a URL it computes at run
// time next to its own module, which no bundler can see: an app built with Vite or webpack shipped
// no worker, the worker request 404'd and the map waited forever on "(3/4)". This module is an entry
// of its own at the root of dist/ (vite.config.ts), beside the maplibre-gl-worker.mjs the build
// copies there, and names that file with a literal `new URL(…, import.meta.url)`: Vite, webpack 5,
// Rollup and esbuild copy such a file into the app's build and rewrite the URL. Before the first
// map is made the engine checks the URL answers with JavaScript, so a missing or mis-served worker
// ends the load with `worker-unreachable` instead of a silent hang.
import { getWorkerUrl, setWorkerUrl } from 'maplibre-gl';

/** One URL tried, and why it cannot serve the worker. */
export interface WorkerProblem {
  url: string;
  problem: string;
}

/** No URL tried serves MapLibre's worker (the load cannot draw a map). */
export class WorkerUnreachable extends Error {
  constructor(readonly tried: readonly WorkerProblem[]) {
    super(`MapLibre's worker could not be loaded from ${tried.map((t) => `${t.url} (${t.problem})`).join(', ')}`);
  }
}

/** What to do about it, in the error's detail (docs/getting-started.md, "The worker"). */
export const WORKER_FIX =
  'serve maplibre-gl-worker.mjs (in grid-map-components/dist) beside the library\'s modules as text/javascript, or point `worker-url` at where it is served';

/**
 * The copy shipped beside this module in dist/ (a literal URL: bundlers copy the file, see above).
 * None when this module runs from its TypeScript source (this repository's dev server and tests):
 * there is no copy beside it, and MapLibre's own URL serves.
 */
function shippedWorkerUrl(): string | undefined {
  if (/\.ts([?#]|$)/.test(import.meta.url)) return undefined;
  return new URL('./maplibre-gl-worker.mjs', import.meta.url).href;
}

/**
 * Without a `worker-url`: a URL the host gave MapLibre itself (`setWorkerUrl()`) first, then the
 * copy shipped beside the library. None (MapLibre then looks next to its own module, unchecked)
 * only when this module runs from source with nothing set: this repository's dev server and tests.
 */
function defaultCandidates(): string[] {
  const hostSet = getWorkerUrl();
  const shipped = shippedWorkerUrl();
  return [...(hostSet ? [hostSet] : []), ...(shipped ? [shipped] : [])];
}

/** How long the worker's URL may take to answer (within `load-timeout`): a hang becomes an error well inside it. */
export const WORKER_CHECK_MS = 8000;

/**
 * Waits for chooseWorkerUrl(); false, after reporting `worker-unreachable` with every URL tried,
 * its problem and the fix, when no worker was found (the load then makes no map).
 */
export async function workerFound(worker: Promise<unknown>, report: (reason: 'worker-unreachable', detail: Record<string, unknown>) => void): Promise<boolean> {
  try {
    await worker;
    return true;
  } catch (error) {
    if (!(error instanceof WorkerUnreachable)) throw error;
    report('worker-unreachable', { urls: error.tried.map((t) => t.url), problems: error.tried.map((t) => t.problem), message: error.message, fix: WORKER_FIX });
    return false;
  }
}

/** URLs found to serve the worker: checked once a page. */
const served = new Map<string, Promise<WorkerProblem | undefined>>();

/**
 * Makes MapLibre start its workers from a URL that serves them: `chosen` (a `worker-url` setting)
 * when given, else one of defaultCandidates(). Rejects with WorkerUnreachable, naming every URL
 * tried, when none does.
 */
export async function chooseWorkerUrl(chosen: string | undefined, timeoutMs: number): Promise<string> {
  const candidates = chosen ? [new URL(chosen, document.baseURI).href] : [...new Set(defaultCandidates())];
  if (!candidates.length) return getWorkerUrl();
  const tried: WorkerProblem[] = [];
  for (const url of candidates) {
    const problem = await check(url, timeoutMs);
    if (!problem) {
      if (getWorkerUrl() !== url) setWorkerUrl(url);
      return url;
    }
    tried.push(problem);
  }
  throw new WorkerUnreachable(tried);
}

function check(url: string, timeoutMs: number): Promise<WorkerProblem | undefined> {
  let result = served.get(url);
  if (!result) {
    result = probe(url, timeoutMs);
    served.set(url, result);
    // Only a success is kept: a server that comes back, or a fixed URL, is tried again on the next load.
    void result.then((problem) => problem && served.delete(url));
  }
  return result;
}

/**
 * Whether the URL answers with JavaScript (a module worker refuses any other type, and a dev
 * server's HTML fallback page answers 200). HEAD first, GET when a server refuses HEAD; a blob: or
 * data: URL is taken as it is.
 */
async function probe(url: string, timeoutMs: number): Promise<WorkerProblem | undefined> {
  if (/^(blob|data):/.test(url)) return undefined;
  try {
    let response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 405 || response.status === 501) response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { url, problem: `HTTP ${response.status}` };
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!/(java|ecma)script$/.test(type)) return { url, problem: `served as ${type || 'no type'}, not JavaScript` };
    return undefined;
  } catch (error) {
    return { url, problem: (error as Error)?.name === 'TimeoutError' ? `no answer in ${Math.round(timeoutMs / 1000)} s` : `unreachable (${(error as Error)?.message ?? error})` };
  }
}
