/** Why a JSON load failed: the network or HTTP status, or the body. */
export class LoadError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'invalid-json',
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * fetch + JSON.parse with a timeout and the caller's abort signal. A stalled server must not leave
 * a wall screen spinning forever: after `timeoutMs` the load fails as unreachable.
 */
export async function fetchJson(url: string, signal: AbortSignal, timeoutMs = 30000): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([signal, timeout]) });
  } catch (error) {
    if (signal.aborted) throw error;
    const why = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : String((error as Error).message ?? error);
    throw new LoadError('unreachable', url, why);
  }
  if (!response.ok) throw new LoadError('unreachable', url, `HTTP ${response.status}`);
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LoadError('invalid-json', url, (error as Error).message);
  }
}
