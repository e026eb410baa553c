/** Why a load failed: the network or HTTP status, or the body. */
export class LoadError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'invalid-json' | 'invalid-image',
    readonly url: string,
    message: string,
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
  if (!response.ok) throw new LoadError('unreachable', url, `HTTP ${response.status}`);
  return response;
}

/**
 * fetch + JSON.parse; see fetchOk. The body is read whole and decoded in one pass: `text()` decoded
 * the city's 4.2 MB index chunk by chunk on the main thread as it arrived (~50 ms of tasks in a
 * trace of the map's load); one TextDecoder pass over the bytes takes ~11 ms. Interleaved A/B, 6
 * runs each: cold load 1,458 → 1,437 ms (within the noise, kept for the main thread it frees).
 */
export async function fetchJson(url: string, signal: AbortSignal, timeoutMs = 30000): Promise<unknown> {
  const text = new TextDecoder().decode(await (await fetchOk(url, signal, timeoutMs)).arrayBuffer());
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LoadError('invalid-json', url, (error as Error).message);
  }
}

/** fetch of a binary body; see fetchOk. `priority` is the Fetch Priority API's hint. */
export async function fetchBlob(url: string, signal: AbortSignal, timeoutMs = 30000, priority: RequestPriority = 'auto'): Promise<Blob> {
  return (await fetchOk(url, signal, timeoutMs, priority)).blob();
}

/**
 * An image whose pixels are data, decoded off the main thread with its bytes as stored: no
 * colour-space conversion, no premultiplied alpha.
 */
export async function decodeDataImage(blob: Blob, url: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (error) {
    throw new LoadError('invalid-image', url, (error as Error).message || 'not a decodable image');
  }
}

/** What a data layer's `src` gave: its items, or why not as a gm-error. */
export type ItemsLoad = { items: unknown[] } | { reason: 'items-unreachable' | 'items-invalid'; detail: { url: string; message: string } };

/**
 * Loads a data layer's `src` (`<gm-sites>`, `<gm-fences>`, …) with the timeout of the `<gm-map>`
 * around it: unreachable or stalled is `items-unreachable`; a body that is not JSON, or not items
 * (`parse` throws), is `items-invalid`.
 */
export async function loadItems(url: string, layer: Element, parse: (json: unknown) => unknown[]): Promise<ItemsLoad> {
  const seconds = (layer.closest('gm-map') as { loadTimeout?: number } | null)?.loadTimeout ?? 30;
  try {
    const json = await fetchJson(new URL(url, document.baseURI).href, new AbortController().signal, Math.max(1, seconds) * 1000);
    return { items: parse(json) };
  } catch (error) {
    const unreachable = error instanceof LoadError && error.kind === 'unreachable';
    return { reason: unreachable ? 'items-unreachable' : 'items-invalid', detail: { url, message: (error as Error).message } };
  }
}
