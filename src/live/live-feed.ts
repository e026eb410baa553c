import type { GmErrorDetail, GmLiveStatusDetail, GmLiveUpdateDetail, LiveState } from '../event-types.js';
import { Emitter } from '../internal/emitter.js';
import { listed } from '../model/error-report.js';
import { readLiveMessage, type LiveHeartbeat, type LiveMessage } from '../model/live-message.js';
import { LiveSequence, type SequencedMessage } from '../model/live-sequence.js';
import { LiveApplier, type LiveLayer, type LiveLayerKind, type LiveTarget } from './live-applier.js';
import { LiveConnection, type LiveEndpoint } from './live-connection.js';

/** Failed attempts in a row after which the feed counts as offline (it keeps retrying at the longest backoff). */
const OFFLINE_AFTER = 5;
/** How long messages may wait behind a missing one before the feed is resumed from the gap. */
const GAP_WAIT_MS = 1000;
/** Resumes for heartbeats ahead in a row (without progress in between) after which `live-behind` is reported. */
const BEHIND_REPORTED_AFTER = 3;
/** Malformed messages listed in one gm-error (each is up to 80 characters of the message). */
const MALFORMED_LISTED = 5;

/** Counters since the feed started. */
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
  /** Times the server's log had started over (another epoch, or its seq went backwards) and the feed took a snapshot of the new one. */
  resyncs: number;
}

/** What a live feed tells its view. */
export interface LiveFeedEventMap {
  /** The connection changed state. */
  status: GmLiveStatusDetail;
  /** Messages were applied. */
  update: GmLiveUpdateDetail;
  /** `live-malformed`, `live-unreachable`, `items-invalid`. */
  error: GmErrorDetail;
}

/** Where a feed applies its messages: the map, and its data layers by kind. */
export interface LiveFeedTarget {
  map: LiveTarget;
  layer(kind: LiveLayerKind): LiveLayer | undefined;
}

/** How a feed connects (read at each use: the view's settings may change). */
export interface LiveFeedOptions {
  /** The feed's URL: `http(s):` or relative for Server-Sent Events, `ws(s):` for WebSocket. */
  src: string;
  /**
   * The bearer token for this connection, if the server wants one (asked before every connection,
   * so a refreshed token is used on the next). Sent as the WebSocket subprotocol `bearer.<token>`,
   * or as `access_token` in an event stream's URL.
   */
  token?: () => string | undefined | Promise<string | undefined>;
  /** No message for this long counts as a dropped stream. */
  stallMs: number;
  maxBackoffMs: number;
}

/**
 * One live feed (docs/live-protocol.md), with no element: messages in `seq` order, once each,
 * applied at the end of the task they arrived in; a dropped stream resumed from the last `seq`
 * with backoff; a gap or a heartbeat ahead resumed at once; a server that can no longer replay
 * answers with a snapshot. `<gm-live>` is its view.
 */
export class LiveFeed extends Emitter<LiveFeedEventMap> {
  state: LiveState = 'idle';
  private target?: LiveFeedTarget;
  private applier?: LiveApplier;
  private readonly sequence = new LiveSequence();
  private readonly connection: LiveConnection;
  private counters: LiveStats = emptyStats();
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
  /** Resumes for heartbeats ahead of what arrived, in a row without progress (with backoff after the first). */
  private behindInARow = 0;
  private behindTimer = 0;
  /** Whether the next update follows a resync (said in its detail). */
  private resynced = false;

  constructor(private readonly options: () => LiveFeedOptions) {
    super();
    this.connection = new LiveConnection(
      {
        opened: () => this.setState('connected'),
        received: (text, at) => this.received(text, at),
        dropped: (why, attempt) => this.dropped(why, attempt),
      },
      () => ({ initialBackoffMs: 500, maxBackoffMs: options().maxBackoffMs, stallMs: options().stallMs }),
      () => this.endpoint(),
    );
  }

  /** The last `seq` received in order; undefined before the first snapshot. */
  get lastSeq(): number | undefined {
    return this.sequence.last;
  }

  /** When the last update was applied (epoch ms), if ever. */
  get lastUpdate(): number | undefined {
    return this.lastUpdateMs;
  }

  /** Counters since the feed started (a copy). */
  get stats(): LiveStats {
    return { ...this.counters };
  }

  /** Starts from nothing: connects to the options' `src` and applies what comes to `target`. */
  start(target: LiveFeedTarget): void {
    this.stop();
    this.counters = emptyStats();
    this.target = target;
    this.applier = new LiveApplier(target.map, (kind) => target.layer(kind));
    this.setState('connecting');
    this.connection.open();
  }

  /** Closes the stream and forgets the feed's position. */
  stop(): void {
    this.connection.close();
    this.target = undefined;
    this.applier = undefined;
    this.sequence.reset();
    this.heldArrivals.clear();
    this.pending = [];
    this.pendingArrivals = [];
    this.malformed = [];
    this.resumedFrom = undefined;
    this.behindInARow = 0;
    this.resynced = false;
    clearTimeout(this.behindTimer);
    this.attempt = 0;
    this.outage = false;
    this.clearGap();
    this.setState('idle');
  }

  /** Whether this feed raised the alert (an alert the page or a fence raised is not the relay's). */
  raised(alertId: string): boolean {
    return this.applier?.raised(alertId) ?? false;
  }

  /** Resumes now from the last `seq` (the host knows the network is back, or the map drew anew). */
  resume(): void {
    if (!this.target) return;
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

  /** The map drew a new hierarchy: its statuses are the manifest's again, so start over from a snapshot. */
  resync(): void {
    if (this.state === 'idle') return;
    this.sequence.reset();
    this.resume();
  }

  /** The browser is online again: a feed that was trying resumes at once. */
  online(): void {
    if (this.state === 'reconnecting' || this.state === 'offline') this.resume();
  }

  /** The URL with where to resume (`since`, and the log it belongs to: `epoch`), and the token. */
  private endpoint(): LiveEndpoint | Promise<LiveEndpoint> {
    const url = new URL(this.options().src, document.baseURI);
    const since = this.sequence.last;
    for (const [key, value] of [['since', since], ['epoch', since === undefined ? undefined : this.sequence.epoch]] as const) {
      if (value === undefined) url.searchParams.delete(key);
      else url.searchParams.set(key, String(value));
    }
    const token = this.options().token?.();
    const withToken = (token: string | undefined): LiveEndpoint => {
      if (!token) return { url: url.href };
      if (/^wss?:/i.test(url.protocol)) return { url: url.href, protocols: ['gm-live', `bearer.${token}`] };
      url.searchParams.set('access_token', token);
      return { url: url.href };
    };
    return token instanceof Promise ? token.then(withToken) : withToken(token);
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
    else if (verdict === 'behind') this.behind();
    else if (verdict === 'resync' && message.type === 'heartbeat') {
      // The server's log started over: the sequence forgot its position, so this asks for a snapshot.
      this.counters.resyncs++;
      this.resynced = true;
      this.resume();
    } else if (verdict === 'held') {
      this.heldArrivals.set(message.seq, at);
      this.gapTimer ||= window.setTimeout(() => this.gapWaited(), GAP_WAIT_MS);
    } else if (verdict === 'ready' || verdict === 'resync') {
      if (verdict === 'resync') {
        this.counters.resyncs++;
        this.resynced = true;
      }
      if (message.type !== 'snapshot' || verdict === 'resync') this.progressed();
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

  /**
   * A heartbeat is ahead of what arrived: resume at once the first time; when it keeps happening
   * with nothing arriving in between (a proxy dropping messages, a server that cannot replay),
   * resume with the connection's backoff, and say so once.
   */
  private behind(): void {
    if (this.behindTimer) return; // a resume is already on its way: heartbeats meanwhile say nothing new
    this.behindInARow++;
    if (this.behindInARow === 1) return this.resume();
    const ceiling = Math.min(this.options().maxBackoffMs, 500 * 2 ** (this.behindInARow - 2));
    this.behindTimer = window.setTimeout(() => {
      this.behindTimer = 0;
      this.resume();
    }, Math.round(ceiling * (0.5 + Math.random() * 0.5)));
    if (this.behindInARow === BEHIND_REPORTED_AFTER) {
      this.fire('error', { reason: 'live-behind', detail: { url: this.options().src, lastSeq: this.sequence.last, resumes: this.behindInARow, message: 'the server is ahead of what arrives: resuming with backoff' } });
    }
  }

  /** Changes arrived in order: a run of heartbeats ahead is over. */
  private progressed(): void {
    this.behindInARow = 0;
    clearTimeout(this.behindTimer);
    this.behindTimer = 0;
  }

  private gapWaited(): void {
    this.gapTimer = 0;
    if (this.sequence.hasGap) this.resume();
  }

  private clearGap(): void {
    clearTimeout(this.gapTimer);
    this.gapTimer = 0;
  }

  private dropped(why: string, attempt: number): void {
    this.attempt = attempt;
    this.counters.reconnects++;
    if (!this.outage) {
      this.outage = true;
      this.fire('error', { reason: 'live-unreachable', detail: { url: this.options().src, message: why } });
    }
    this.setState(attempt >= OFFLINE_AFTER || !navigator.onLine ? 'offline' : 'reconnecting', why);
  }

  private setState(state: LiveState, reason?: string): void {
    if (state === this.state && !reason) return;
    this.state = state;
    this.fire('status', { state, lastSeq: this.sequence.last, lastUpdate: this.lastUpdateMs, attempt: this.attempt, ...(reason ? { reason } : {}) });
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

  /** Applies the released messages and reports the problems since the last time (one error per kind). */
  private flush(): void {
    this.scheduled = false;
    if (this.malformed.length) {
      this.fire('error', { reason: 'live-malformed', detail: { ...listed(this.malformed, MALFORMED_LISTED), total: this.counters.malformed } });
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
      this.fire('error', { reason: 'items-invalid', detail: { kind: 'staff', ...listed(problems.moves) } });
    }
    this.counters.applied += batch.length;
    this.counters.snapshots += batch.filter((m) => m.type === 'snapshot').length;
    this.lastUpdateMs = Date.now();
    this.fire('update', {
      fromSeq: released[0].seq,
      toSeq: released[released.length - 1].seq,
      snapshot: batch.some((m) => m.type === 'snapshot'),
      ...(this.resynced ? { resync: true } : {}),
      receivedAt: arrivals,
    });
    this.resynced = false;
  }
}

function emptyStats(): LiveStats {
  return { received: 0, applied: 0, duplicates: 0, malformed: 0, snapshots: 0, reconnects: 0, resyncs: 0 };
}
