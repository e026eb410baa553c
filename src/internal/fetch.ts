/** Why a load failed: the network or HTTP status, or the body. */
export class LoadError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'invalid-json' | 'invalid-image',
    readonly url: string,
    message: string,
    /** The HTTP status of a response that was not OK. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * fetch with a timeout and the caller's abort signal; a response that is not OK is an error. A
 * stalled server must not leave a wall screen spinning forever: after `timeoutMs` the load fails
 * as unreachable.
 */
async function fetchOk(url: string, signal: AbortSignal, timeoutMs: number, priority: RequestPriority = 'auto'): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([signal, timeout]), priority });
  } catch (error) {
    if (signal.aborted) throw error;
    const why = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : String((error as Error).message ?? error);
    throw new LoadError('unreachable', url, why);
  }
  if (!response.ok) throw new LoadError('unreachable', url, `HTTP ${response.status}`, response.status);
  return response;
}

/**
 * fetch + JSON.parse; see fetchOk. The body is read whole and decoded in one pass: `text()` decoded
 * the city's 4.2 MB index chunk by chunk on the main thread as it arrived (~50 ms of tasks in a
 * trace of the map's load); one TextDecoder pass over the bytes takes ~11 ms. Interleaved A/B, 6
 * runs each: cold load 1,458 → 1,437 ms (within the noise, kept for the main thread it frees).
 */
export async function fetchJson(url: string, signal: AbortSignal, timeoutMs = 30000): Promise<unknown> {
  return parseJson(await fetchBytes(url, signal, timeoutMs), url);
}

/** fetch and the whole body as bytes; see fetchOk and readBody. */
export async function fetchBytes(url: string, signal: AbortSignal, timeoutMs = 30000): Promise<ArrayBuffer> {
  return readBody(await fetchOk(url, signal, timeoutMs), url, signal, timeoutMs);
}

/** A body's bytes as JSON (UTF-8). @throws LoadError (invalid-json) */
export function parseJson(bytes: ArrayBuffer, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LoadError('invalid-json', url, (error as Error).message);
  }
}

/**
 * The response's body; a body that stalls or breaks off is unreachable too (the timeout, started
 * with the request, covers the body: a server that sends headers and then nothing must not count
 * as a malformed file).
 */
async function readBody(response: Response, url: string, signal: AbortSignal, timeoutMs: number): Promise<ArrayBuffer> {
  try {
    return await response.arrayBuffer();
  } catch (error) {
    if (signal.aborted) throw error;
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new LoadError('unreachable', url, timedOut ? `no whole answer within ${timeoutMs / 1000} s` : String((error as Error)?.message ?? error));
  }
}

/** Data pixels: the bytes as stored, no colour-space conversion, no premultiplied alpha. */
const AS_STORED = { premultiplyAlpha: 'none', colorSpaceConversion: 'none' } as const;

/**
 * An image whose pixels are data (the grid mosaic), fetched and decoded off the main thread with
 * its bytes as stored; see fetchOk. Where the browser has WebCodecs' ImageDecoder, the fetched
 * bytes are decoded as they are: `createImageBitmap(blob)` first reads the Blob back from the
 * browser process, and that reply waits for the page's main thread, which during a map's load is
 * busy with the area index and statuses (in a trace of the city's load the decode started 0.5 s
 * after the download had finished). Elsewhere, or for a type ImageDecoder does not take, the Blob.
 */
export async function fetchDataImage(
  url: string,
  signal: AbortSignal,
  timeoutMs = 30000,
  priority: RequestPriority = 'auto',
  /** Checks the PNG's size from its header, before anything is decoded: a problem refuses it. */
  check?: (width: number, height: number) => string | undefined,
): Promise<ImageBitmap> {
  const response = await fetchOk(url, signal, timeoutMs, priority);
  const type = response.headers.get('content-type')?.split(';')[0].trim() || 'image/png';
  const data = await readBody(response, url, signal, timeoutMs);
  return decodeDataImage(data, type, url, check);
}

/**
 * Decodes fetched bytes as a data image (see fetchDataImage), `check`ing the PNG's size from its
 * header first. `url` names the image in the error.
 */
export async function decodeDataImage(data: ArrayBuffer, type: string, url: string, check?: (width: number, height: number) => string | undefined): Promise<ImageBitmap> {
  if (check) {
    const size = pngSize(data);
    // A 1.2 MB PNG of 20,000 × 20,000 pixels froze the main thread 10–15 s when it was decoded first.
    const problem = size ? check(size.width, size.height) : 'not a PNG image';
    if (problem) throw new LoadError('invalid-image', url, problem);
  }
  try {
    return await (typeof ImageDecoder === 'function' && type.startsWith('image/') ? decodeBytes(data, type) : createImageBitmap(new Blob([data], { type }), AS_STORED));
  } catch (error) {
    throw new LoadError('invalid-image', url, (error as Error).message || 'not a decodable image');
  }
}

/** A PNG's size from its header (the IHDR chunk right after the signature), or undefined when the bytes are no PNG. */
export function pngSize(data: ArrayBuffer): { width: number; height: number } | undefined {
  if (data.byteLength < 24) return undefined;
  const view = new DataView(data);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (signature.some((byte, i) => view.getUint8(i) !== byte)) return undefined;
  if (view.getUint32(12) !== 0x49484452) return undefined; // "IHDR"
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes the first frame with ImageDecoder, or through a Blob when it does not take the type. */
async function decodeBytes(data: ArrayBuffer, type: string): Promise<ImageBitmap> {
  let decoder: ImageDecoder;
  try {
    decoder = new ImageDecoder({ data, type, ...AS_STORED });
  } catch {
    return createImageBitmap(new Blob([data], { type }), AS_STORED);
  }
  try {
    const { image } = await decoder.decode();
    try {
      return await createImageBitmap(image, AS_STORED);
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

/** What a data layer's `src` gave: its items, or why not as a gm-error. */
export type ItemsLoad = { items: unknown[] } | { reason: 'items-unreachable' | 'items-invalid'; detail: { url: string; message: string } };

/**
 * Loads a data layer's `src` (`<gm-sites>`, `<gm-fences>`, …) with the timeout of the `<gm-map>`
 * around it: unreachable or stalled is `items-unreachable`; a body that is not JSON, or not items
 * (`parse` throws), is `items-invalid`.
 */
export async function loadItems(url: string, timeoutMs: number, parse: (json: unknown) => unknown[]): Promise<ItemsLoad> {
  try {
    const json = await fetchJson(new URL(url, document.baseURI).href, new AbortController().signal, timeoutMs);
    return { items: parse(json) };
  } catch (error) {
    const unreachable = error instanceof LoadError && error.kind === 'unreachable';
    return { reason: unreachable ? 'items-unreachable' : 'items-invalid', detail: { url, message: (error as Error).message } };
  }
}
