import type { ActionOutcome, KeyedRequest } from '../engine/work-order-desk.js';
import { Emitter } from '../internal/emitter.js';

/** First retry delay after a failed send; doubles per failure up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A send that has not answered by then counts as failed (and is retried with the same key). */
const SEND_TIMEOUT_MS = 10_000;
/** Requests kept at most (a console that cannot reach its relay for hours): the oldest beyond are refused, not dropped silently. */
const MAX_QUEUED = 500;

/** Where and how the outbox sends (read at each send: the view's settings may change). */
export interface OutboxOptions {
  /** The relay's `POST /live/actions` URL. */
  url: string;
  token?: () => string | undefined | Promise<string | undefined>;
}

export interface OutboxEventMap {
  /** The queue changed: how many wait, and whether the relay is unreachable (retrying). */
  queue: { waiting: number; unreachable: boolean; attempt: number; reason?: string };
  /** A request's outcome (also for requests restored from an earlier page load, which no caller awaits). */
  outcome: { request: KeyedRequest; outcome: ActionOutcome; restored: boolean };
}

interface Entry {
  request: KeyedRequest;
  resolve?: (outcome: ActionOutcome) => void;
}

/** The relay's `/live/actions` beside a feed URL: `…/live/sse` or `…/live/ws` → `…/live/actions` (ws → http). */
export function actionsUrlFor(feedSrc: string): string {
  const url = new URL(feedSrc, document.baseURI);
  if (url.protocol === 'ws:' || url.protocol === 'wss:') url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = /\/(sse|ws)\/?$/.test(url.pathname) ? url.pathname.replace(/\/(sse|ws)\/?$/, '/actions') : url.pathname.replace(/\/?$/, '/actions');
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * The operators' actions on their way to the relay: sent one at a time, in the order they were
 * asked for (an `open` before the `dispatch` of the order it opens); a send that fails for the
 * network, a timeout or a 5xx/429 is retried with the same idempotency key and exponential backoff
 * (the relay applies a key once, so a retry after a lost answer changes nothing). The queue is kept
 * in sessionStorage, so a reload while the relay is down loses nothing; a 4xx is the relay's
 * refusal and ends the request. Written by hand: no library queues `fetch` with idempotent retries
 * across page loads.
 */
export class ActionOutbox extends Emitter<OutboxEventMap> {
  private readonly queue: Entry[] = [];
  private sending = false;
  private failures = 0;
  private retryTimer = 0;
  private stopped = true;

  constructor(private readonly options: () => OutboxOptions) {
    super();
  }

  /** Requests waiting to be sent (the one in flight included). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Starts sending (after a stop, or at first): requests kept by an earlier page load for this relay go first. */
  start(): void {
    this.stopped = false;
    const kept = this.restore();
    const known = new Set(this.queue.map((e) => e.request.key));
    for (const request of kept) if (!known.has(request.key)) this.queue.push({ request });
    this.persist();
    this.pump();
  }

  /** Stops sending; what waits is kept (here and in sessionStorage) for the next start. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /** Sends now what waits (the network is back). */
  retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this.pump();
  }

  send(request: KeyedRequest): Promise<ActionOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      if (this.queue.length > MAX_QUEUED) this.finish(this.queue[0], { status: 'refused', error: 'queue-full', message: `more than ${MAX_QUEUED} actions waited for the relay` });
      this.persist();
      this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.sending || this.stopped || this.retryTimer || !this.queue.length) return;
    const entry = this.queue[0];
    this.sending = true;
    const result = await this.post(entry.request);
    this.sending = false;
    if (this.queue[0] !== entry) return this.pump(); // finished meanwhile (queue full)
    if ('retry' in result) {
      this.failures++;
      const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures - 1));
      this.retryTimer = window.setTimeout(() => {
        this.retryTimer = 0;
        this.pump();
      }, Math.round(ceiling * (0.5 + Math.random() * 0.5)));
      this.fire('queue', { waiting: this.queue.length, unreachable: true, attempt: this.failures, reason: result.retry });
      return;
    }
    const wasDown = this.failures > 0;
    this.failures = 0;
    this.finish(entry, result);
    if (wasDown || this.queue.length) this.fire('queue', { waiting: this.queue.length, unreachable: false, attempt: 0 });
    void this.pump();
  }

  private finish(entry: Entry, outcome: ActionOutcome): void {
    this.queue.splice(this.queue.indexOf(entry), 1);
    this.persist();
    entry.resolve?.(outcome);
    this.fire('outcome', { request: entry.request, outcome, restored: !entry.resolve });
  }

  /** One send: the relay's answer, or why to retry. */
  private async post(request: KeyedRequest): Promise<ActionOutcome | { retry: string }> {
    const { url, token } = this.options();
    let response: Response;
    try {
      const bearer = await token?.();
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(request),
        credentials: 'include',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (error) {
      return { retry: String((error as Error)?.message ?? error).slice(0, 120) };
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string; seq?: number; replayed?: boolean };
    if (response.ok) return { status: 'done', seq: body.seq, replayed: body.replayed };
    if (response.status >= 500 || response.status === 429 || response.status === 408) return { retry: `HTTP ${response.status}` };
    return { status: 'refused', error: body.error ?? `http-${response.status}`, message: body.message, httpStatus: response.status, seq: body.seq };
  }

  private storageKey(): string {
    return `gm-live-actions:${this.options().url}`;
  }

  private persist(): void {
    try {
      if (this.queue.length) sessionStorage.setItem(this.storageKey(), JSON.stringify(this.queue.map((e) => e.request)));
      else sessionStorage.removeItem(this.storageKey());
    } catch {
      // No storage (a sandboxed frame, a full quota): the queue still lives as long as the page.
    }
  }

  private restore(): KeyedRequest[] {
    try {
      const kept = JSON.parse(sessionStorage.getItem(this.storageKey()) ?? '[]') as unknown;
      return Array.isArray(kept) ? kept.filter((r): r is KeyedRequest => typeof r?.key === 'string' && typeof r?.action === 'string') : [];
    } catch {
      return [];
    }
  }
}
