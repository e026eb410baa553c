import type { LiveHeartbeat, LiveMessage } from './live-message.js';

/** A numbered message that was malformed: it keeps its place in the sequence and applies nothing. */
export interface SkippedMessage {
  type: 'skipped';
  seq: number;
}

/** What the sequence releases, in order. */
export type SequencedMessage = LiveMessage | SkippedMessage;

/** What the sequence did with a message. */
export type SequenceVerdict =
  /** In order: released (with any held messages it unblocked). */
  | 'ready'
  /** Already had it (a replay after a reconnect overlaps, or the server sent it twice). */
  | 'duplicate'
  /** Ahead of a missing one: held until the gap fills or the feed is resumed. */
  | 'held'
  /** A heartbeat says the server is ahead of what arrived: resume now. */
  | 'behind'
  /**
   * The server's log is not the one followed (another epoch, or its seq went backwards: it
   * started over). A snapshot was taken as the new base; after a heartbeat, resume for one.
   */
  | 'resync'
  /** Nothing to do (a heartbeat in step, or a delta before the first snapshot). */
  | 'ignored';

/**
 * Puts the feed's messages in `seq` order, exactly once. Before the first snapshot nothing is
 * released (deltas need a base); a snapshot at `seq` S replaces everything up to S; a delta is
 * released when it is the next one, held when it runs ahead, dropped when it was already seen.
 * Plain logic with no timers: `<gm-live>` decides when a held gap has waited long enough.
 */
export class LiveSequence {
  /** The next seq wanted; undefined until a snapshot (or `resumeFrom`) gives a base. */
  private expected?: number;
  private readonly held = new Map<number, SequencedMessage>();
  /** The epoch of the log followed, once a snapshot or heartbeat named one. */
  private logEpoch?: string;

  /** The server log's epoch the sequence follows (sent back with `since`), if known. */
  get epoch(): string | undefined {
    return this.logEpoch;
  }

  /** The last seq received in order (the `since` to resume from), or undefined without a base. */
  get last(): number | undefined {
    return this.expected === undefined ? undefined : this.expected - 1;
  }

  /** Whether messages ahead of a gap are waiting. */
  get hasGap(): boolean {
    return this.held.size > 0;
  }

  /** Forgets everything: the next snapshot starts over (a new feed, or a new map). */
  reset(): void {
    this.expected = undefined;
    this.logEpoch = undefined;
    this.held.clear();
  }

  /** Drops the messages held ahead of a gap (the feed is resumed: they come again). */
  resetHeld(): void {
    this.held.clear();
  }

  /** Files a message; in-order ones (possibly several, once a gap fills) are pushed to `out`. */
  accept(message: SequencedMessage | LiveHeartbeat, out: SequencedMessage[]): SequenceVerdict {
    if (message.type === 'heartbeat') {
      // A server sends its snapshot before anything else on a connection: a heartbeat without a
      // base means the snapshot was lost on the way (a proxy dropping messages), so ask again.
      if (this.expected === undefined) return 'behind';
      if (this.otherLog(message.epoch) || message.seq < this.expected - 1) {
        this.reset();
        return 'resync';
      }
      return message.seq >= this.expected ? 'behind' : 'ignored';
    }
    if (message.type === 'snapshot') {
      // A snapshot only comes as the answer to a (re)connection: one behind what was applied,
      // or of another epoch, is a log that started over, not a stale copy.
      const startedOver = this.expected !== undefined && (this.otherLog(message.epoch) || message.seq < this.expected - 1);
      if (startedOver) this.held.clear();
      this.logEpoch = message.epoch ?? this.logEpoch;
      this.expected = message.seq + 1;
      for (const seq of [...this.held.keys()]) if (seq < this.expected) this.held.delete(seq);
      out.push(message);
      this.release(out);
      return startedOver ? 'resync' : 'ready';
    }
    if (this.expected === undefined) return 'ignored';
    if (message.seq < this.expected || this.held.has(message.seq)) return 'duplicate';
    if (message.seq > this.expected) {
      this.held.set(message.seq, message);
      return 'held';
    }
    out.push(message);
    this.expected++;
    this.release(out);
    return 'ready';
  }

  /** Whether a message names an epoch other than the one followed. */
  private otherLog(epoch: string | undefined): boolean {
    return epoch !== undefined && this.logEpoch !== undefined && epoch !== this.logEpoch;
  }

  private release(out: SequencedMessage[]): void {
    for (let next = this.held.get(this.expected!); next; next = this.held.get(this.expected!)) {
      this.held.delete(this.expected!);
      out.push(next);
      this.expected!++;
    }
  }
}
