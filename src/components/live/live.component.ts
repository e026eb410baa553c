import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GmElement } from '../../gm-element.js';
import type { LiveState } from '../../event-types.js';
import { LiveConnection } from '../../controllers/live-connection.js';
import { LiveApplier, type LiveLayer, type LiveLayerKind, type LiveTarget } from '../../controllers/live-applier.js';
import { readLiveMessage, type LiveHeartbeat, type LiveMessage } from '../../model/live-message.js';
import { LiveSequence, type SequencedMessage } from '../../model/live-sequence.js';
import { translationFor } from '../../i18n/localize.js';
import { liveStyles } from './live.styles.js';

/** Failed attempts in a row after which the badge says offline (it keeps retrying at the longest backoff). */
const OFFLINE_AFTER = 5;
/** How long messages may wait behind a missing one before the feed is resumed from the gap. */
const GAP_WAIT_MS = 1000;
/** Problems listed in one gm-error. */
const LISTED = 5;

/** What `<gm-live>` needs of the `<gm-map>` around it. */
type LiveMap = HTMLElement & LiveTarget & { ready: Promise<void>; lang: string };

/** Counters since the element connected (or `src` changed). */
export interface LiveStats {
  /** Messages read from the stream, heartbeats included. */
  received: number;
  /** Messages applied to the map (a snapshot counts as one). */
  applied: number;
  /** Messages already applied, dropped (replays overlapping a resume). */
  duplicates: number;
  /** Messages that were not valid protocol messages: reported, skipped. */
  malformed: number;
  /** Snapshots applied. */
  snapshots: number;
  /** Times the feed was resumed after a gap, a heartbeat ahead, or a dropped stream. */
  reconnects: number;
}

/**
 * @summary 实时数据: keeps `<gm-map>` and its layers in step with a live feed (docs/live-protocol.md).
 *
 * Put it inside `<gm-map>`. It connects once the map is ready — Server-Sent Events for an
 * `http(s):` or relative `src`, WebSocket for `ws(s):` — and applies the feed's messages in `seq`
 * order, once each, as they arrive (the map and layers draw all of a frame's changes in one go):
 * grid statuses to the map, staff, events and sites to the
 * `<gm-staff>`, `<gm-events>` and `<gm-sites>` inside the map, alerts to the map. A dropped stream
 * is resumed from the last `seq` (`?since=`) with exponential backoff and jitter; a gap or a
 * heartbeat ahead of what arrived resumes at once; a server that can no longer replay answers with
 * a snapshot. A snapshot replaces what the feed set before (the layers' items, the feed's own alerts).
 *
 * @event {{ state, lastSeq, lastUpdate, attempt, reason? }} gm-live-status - The connection changed state: `connecting`, `connected`, `reconnecting`, `offline` (5 failed attempts in a row, or the browser is offline), `idle`.
 * @event {{ fromSeq, toSeq, snapshot, receivedAt }} gm-live-update - Messages were applied (those released together: one, or a gap's worth once it filled).
 * @event {{ reason: string, detail: object }} gm-error - `live-malformed` (messages that are not protocol messages: counted, skipped), `live-unreachable` (the stream dropped or could not open; once per outage), `items-invalid` (staff moves of unknown people).
 * @csspart status - The badge: a dot, the state and the time of the last update.
 * @cssproperty --gm-live-connected - The badge's dot while connected; likewise `--gm-live-connecting`, `--gm-live-reconnecting`, `--gm-live-offline`.
 */
export class GmLive extends GmElement {
  static override styles = liveStyles;

  /** The feed's URL: `http(s):` or relative for Server-Sent Events, `ws(s):` for WebSocket. */
  @property() src = '';

  /** Seconds without any message (the server sends heartbeats) after which the stream counts as dropped. */
  @property({ type: Number, attribute: 'stall-timeout' }) stallTimeout = 15;

  /** The longest wait between reconnection attempts, in seconds. */
  @property({ type: Number, attribute: 'max-backoff' }) maxBackoff = 30;

  /** The connection's state (reflected, for styling; set by the element). */
  @property({ reflect: true }) state: LiveState = 'idle';

  /** The time of the last applied update, to the second (what the badge shows). */
  @state() private shownTime?: number;

  private map?: LiveMap;
  private applier?: LiveApplier;
  private readonly sequence = new LiveSequence();
  private readonly connection = new LiveConnection(
    {
      opened: () => this.setState('connected'),
      received: (text, at) => this.received(text, at),
      dropped: (why, attempt) => this.dropped(why, attempt),
    },
    () => ({ initialBackoffMs: 500, maxBackoffMs: this.maxBackoff * 1000, stallMs: this.stallTimeout * 1000 }),
    () => this.feedUrl(),
  );
  private counters: LiveStats = { received: 0, applied: 0, duplicates: 0, malformed: 0, snapshots: 0, reconnects: 0 };
  private attempt = 0;
  private outage = false;
  private lastUpdateMs?: number;
  /** In-order messages awaiting application (at the end of the current task), and when each arrived. */
  private pending: SequencedMessage[] = [];
  private pendingArrivals: number[] = [];
  /** When held (out-of-order) messages arrived, by seq. */
  private readonly heldArrivals = new Map<number, number>();
  private malformed: string[] = [];
  private scheduled = false;
  private gapTimer = 0;
  /** The `since` of the last resume: resuming from it again without progress asks for a snapshot instead. */
  private resumedFrom?: number;
  /** Bumped on every (re)start, so a stale `map.ready` does not connect. */
  private generation = 0;

  /** The last `seq` received in order; undefined before the first snapshot. */
  get lastSeq(): number | undefined {
    return this.sequence.last;
  }

  /** When the last update was applied (epoch ms), if ever. */
  get lastUpdate(): number | undefined {
    return this.lastUpdateMs;
  }

  /** Counters since the element connected or `src` changed (a copy). */
  get stats(): LiveStats {
    return { ...this.counters };
  }

  /** Resumes the feed now from the last `seq` (e.g. after the host knows the network is back). */
  reconnect(): void {
    if (this.map && this.src) this.resume();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    this.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && changed.get('src') !== undefined && this.isConnected) this.start();
  }

  /** (Re)starts from nothing: the map's next ready, then a snapshot. */
  private start(): void {
    this.stop();
    this.counters = { received: 0, applied: 0, duplicates: 0, malformed: 0, snapshots: 0, reconnects: 0 };
    const map = this.closest('gm-map') as LiveMap | null;
    if (!map || !this.src) return;
    this.map = map;
    this.applier = new LiveApplier(map, (kind) => this.layer(kind));
    map.addEventListener('gm-ready', this.onMapReady);
    const generation = this.generation;
    void map.ready.then(() => {
      if (generation !== this.generation) return;
      this.setState('connecting');
      this.connection.open();
    });
  }

  private stop(): void {
    this.generation++;
    this.connection.close();
    this.map?.removeEventListener('gm-ready', this.onMapReady);
    this.map = undefined;
    this.applier = undefined;
    this.sequence.reset();
    this.heldArrivals.clear();
    this.pending = [];
    this.pendingArrivals = [];
    this.malformed = [];
    this.resumedFrom = undefined;
    this.attempt = 0;
    this.outage = false;
    clearTimeout(this.gapTimer);
    this.gapTimer = 0;
    this.setState('idle');
  }

  /** The map drew a new hierarchy (its `src` changed): its statuses are the manifest's again, so start over from a snapshot. */
  private readonly onMapReady = (): void => {
    if (this.state === 'idle') return; // the first ready: start() is waiting for it
    this.sequence.reset();
    this.resume();
  };

  private readonly onOnline = (): void => {
    if (this.state === 'reconnecting' || this.state === 'offline') this.resume();
  };

  private layer(kind: LiveLayerKind): LiveLayer | undefined {
    return (this.map?.querySelector(`gm-${kind}`) as unknown as LiveLayer | null) ?? undefined;
  }

  private feedUrl(): string {
    const url = new URL(this.src, document.baseURI);
    const since = this.sequence.last;
    if (since === undefined) url.searchParams.delete('since');
    else url.searchParams.set('since', String(since));
    return url.href;
  }

  private received(text: string, at: number): void {
    this.counters.received++;
    const read = readLiveMessage(text);
    let message: SequencedMessage | LiveHeartbeat;
    if ('problem' in read) {
      this.counters.malformed++;
      this.malformed.push(`${read.problem}: ${text.slice(0, 80)}`);
      this.schedule();
      // A numbered message that is not valid still takes its place, so it does not open a gap.
      if (read.seq === undefined) return;
      message = { type: 'skipped', seq: read.seq };
    } else message = read.message;
    const out: SequencedMessage[] = [];
    const verdict = this.sequence.accept(message, out);
    if (verdict === 'duplicate') this.counters.duplicates++;
    else if (verdict === 'behind') this.resume();
    else if (verdict === 'held') {
      this.heldArrivals.set(message.seq, at);
      this.gapTimer ||= window.setTimeout(() => this.gapWaited(), GAP_WAIT_MS);
    } else if (verdict === 'ready') {
      for (const message of out) {
        this.pending.push(message);
        this.pendingArrivals.push(this.heldArrivals.get(message.seq) ?? at);
        this.heldArrivals.delete(message.seq);
      }
      if (!this.sequence.hasGap) this.clearGap();
      this.schedule();
    }
    if (verdict !== 'behind') this.healthy();
  }

  /** A message made sense: the outage (if any) is over and the backoff starts over. */
  private healthy(): void {
    this.connection.healthy();
    this.attempt = 0;
    this.outage = false;
    if (this.state !== 'connected') this.setState('connected');
  }

  private gapWaited(): void {
    this.gapTimer = 0;
    if (this.sequence.hasGap) this.resume();
  }

  private clearGap(): void {
    clearTimeout(this.gapTimer);
    this.gapTimer = 0;
  }

  /** Opens the stream again from the last seq; from the same seq twice without progress, asks for a snapshot. */
  private resume(): void {
    this.clearGap();
    this.heldArrivals.clear();
    const since = this.sequence.last;
    if (since !== undefined && since === this.resumedFrom) this.sequence.reset();
    else this.sequence.resetHeld();
    this.resumedFrom = this.sequence.last;
    this.counters.reconnects++;
    if (!this.attempt) this.setState('connecting');
    this.connection.open();
  }

  private dropped(why: string, attempt: number): void {
    this.attempt = attempt;
    this.counters.reconnects++;
    if (!this.outage) {
      this.outage = true;
      this.emit('gm-error', { reason: 'live-unreachable', detail: { url: this.src, message: why } });
    }
    this.setState(attempt >= OFFLINE_AFTER || !navigator.onLine ? 'offline' : 'reconnecting', why);
  }

  private setState(state: LiveState, reason?: string): void {
    if (state === this.state && !reason) return;
    this.state = state;
    this.emit('gm-live-status', { state, lastSeq: this.sequence.last, lastUpdate: this.lastUpdateMs, attempt: this.attempt, ...(reason ? { reason } : {}) });
  }

  /**
   * Applies at the end of the current task, not at the next animation frame: the map and the
   * layers already coalesce their drawing per frame, and a frame's wait here would come on top of
   * theirs (measured: arrival to drawn 466 ms median with a frame's wait, see docs/performance.md).
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Applies the released messages and reports the problems since the last time (one gm-error per kind). */
  private flush(): void {
    this.scheduled = false;
    if (this.malformed.length) {
      this.emit('gm-error', { reason: 'live-malformed', detail: { count: this.malformed.length, total: this.counters.malformed, items: this.malformed.slice(0, LISTED) } });
      this.malformed = [];
    }
    const released = this.pending;
    const arrivals = this.pendingArrivals;
    if (!released.length || !this.applier) return;
    this.pending = [];
    this.pendingArrivals = [];
    const batch = released.filter((m): m is LiveMessage => m.type !== 'skipped');
    const problems = this.applier.apply(batch);
    if (problems.moves.length) {
      this.emit('gm-error', { reason: 'items-invalid', detail: { kind: 'staff', count: problems.moves.length, items: problems.moves.slice(0, 20) } });
    }
    this.counters.applied += batch.length;
    this.counters.snapshots += batch.filter((m) => m.type === 'snapshot').length;
    this.lastUpdateMs = Date.now();
    if (Math.floor(this.lastUpdateMs / 1000) !== Math.floor((this.shownTime ?? 0) / 1000)) this.shownTime = this.lastUpdateMs;
    this.emit('gm-live-update', {
      fromSeq: released[0].seq,
      toSeq: released[released.length - 1].seq,
      snapshot: batch.some((m) => m.type === 'snapshot'),
      receivedAt: arrivals,
    });
  }

  override render() {
    const t = translationFor(this.map?.lang || this.lang || document.documentElement.lang).live;
    const time = this.shownTime === undefined ? '' : new Date(this.shownTime).toLocaleTimeString(this.map?.lang || undefined, { hour12: false });
    const retry = this.state === 'reconnecting' || this.state === 'offline' ? ` · ${t.attempt(this.attempt)}` : '';
    return html`
      <div part="status" class="status status--${this.state}">
        <span class="status__dot" aria-hidden="true"></span>
        <span role="status">${t.state[this.state]}${retry}</span>
        ${time ? html`<span class="status__time">${t.lastUpdate(time)}</span>` : nothing}
      </div>
    `;
  }
}
