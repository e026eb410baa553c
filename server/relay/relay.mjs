// The relay's core: one numbered log of changes (its epoch, its seq), the state they fold into,
// the replay window, the snapshots it serves, and the clients it sends to. The store decides
// the numbering and makes a change durable before anyone hears of it; the relay applies and
// fans out only what the store has committed, so a client never sees a seq a restart forgets.
import { FeedState } from '../feed-state.mjs';
import { FeedSimulation } from '../feed-simulation.mjs';

/** A served snapshot is reused this long (with the window's changes after it) before a new one is made. */
const SNAPSHOT_REUSE_MS = 1000;

/**
 * @typedef {object} RelayClient
 * @property {(seq: number | undefined, text: string | Buffer) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {() => number} buffered bytes written but not yet taken by the network
 * @property {string} address
 * @property {string} transport 'sse' | 'ws'
 * @property {number} [stalledUntil] the test hook's stall
 */

export class Relay {
  /**
   * @param {object} options
   * @param {string} options.fixture the first start's state, when the store has none
   * @param {number} [options.replay] changes kept for `since`, default 1200
   * @param {number} [options.snapshotEvery] a stored snapshot after this many changes, default 5000
   * @param {number} [options.snapshotEveryMs] or after this long with changes, default 60 s
   * @param {number} [options.limit] stop producing after this seq
   * @param {import('./feed-simulation.mjs').Rates} options.rates
   * @param {string} [options.seed]
   * @param {import('./sqlite-store.mjs').SqliteStore} store
   * @param {import('./client-hub.mjs').ClientHub} hub
   */
  constructor(options, store, hub) {
    this.options = options;
    this.store = store;
    this.hub = hub;
    const opened = store.open(() => Date.now() - FeedState.fixtureTime(options.fixture));
    this.epoch = opened.epoch;
    this.shift = opened.shift;
    const snapshot = opened.snapshot && JSON.parse(opened.snapshot.text);
    this.state = snapshot ? FeedState.fromSnapshot(snapshot) : FeedState.fromFixture(options.fixture, this.shift);
    this.seq = snapshot?.seq ?? 0;
    this.storedSnapshot = { seq: this.seq, at: Date.now() };
    /** @type {{ seq: number, text: string }[]} the replay window, oldest first */
    this.window = [];
    // The changes just before the snapshot are still kept (the log is cut to the replay window
    // behind it): a client resuming across the restart is replayed to, not sent a snapshot.
    if (snapshot) this.window = store.changesAfter(Math.max(0, snapshot.seq - (options.replay ?? 1200)), options.replay ?? 1200).filter((c) => c.seq <= snapshot.seq);
    for (const change of opened.changes) this.applyCommitted(change.seq, change.text, JSON.parse(change.text));
    /** @type {{ seq: number, at: number, bytes: Buffer } | undefined} */
    this.served = undefined;
    this.counters = { snapshotsBuilt: 0, snapshotsServed: 0, snapshotsStored: 0 };
    this.lastPublishAt = Date.now();
    this.simulation = new FeedSimulation(this.state, options.rates, options.seed);
  }

  /** Commits messages to the store, then applies them and sends them to every client. */
  publish(messages, action) {
    const { entries, result } = this.store.commit(messages, action);
    entries.forEach((entry, i) => this.applyCommitted(entry.seq, entry.text, { seq: entry.seq, ...messages[i] }));
    for (const entry of entries) this.hub.broadcast(entry.seq, entry.text);
    this.lastPublishAt = Date.now();
    this.storeSnapshotWhenDue();
    return result;
  }

  /** One simulation step; false once the limit is reached. */
  step(ms = 100) {
    const limit = this.options.limit ?? Infinity;
    if (this.seq >= limit) return false;
    const messages = this.simulation.tick(ms, Date.now(), this.seq + 1).slice(0, Math.max(0, limit - this.seq));
    if (messages.length) this.publish(messages);
    return true;
  }

  /**
   * A new client: what it missed since `since` from the window, or a snapshot when it has no
   * position, comes from another epoch, or is further back (or ahead) than the window reaches;
   * then every new change.
   * @param {RelayClient} client @param {number | undefined} since @param {string | undefined} epoch
   */
  attach(client, since, epoch) {
    const first = this.window[0]?.seq ?? this.seq + 1;
    const sameLog = epoch === undefined || epoch === this.epoch;
    if (sameLog && since !== undefined && since === this.seq) {
      // Up to date: nothing to send.
    } else if (sameLog && since !== undefined && since < this.seq && since + 1 >= first) {
      for (const m of this.window) if (m.seq > since) client.send(m.seq, m.text);
    } else {
      const snapshot = this.snapshotToServe();
      client.send(snapshot.seq, snapshot.bytes);
      for (const m of this.window) if (m.seq > snapshot.seq) client.send(m.seq, m.text);
      this.counters.snapshotsServed++;
    }
    this.hub.add(client);
  }

  /** The heartbeat: the latest seq and the log's epoch, to every client. */
  heartbeat() {
    this.hub.broadcast(undefined, JSON.stringify({ type: 'heartbeat', seq: this.seq, epoch: this.epoch, time: new Date().toISOString() }));
  }

  /** The current state as a snapshot message's bytes (for GET /live/state). */
  snapshotBytes() {
    const snapshot = this.snapshotToServe();
    if (snapshot.seq === this.seq) return snapshot.bytes;
    return this.buildSnapshot().bytes;
  }

  /**
   * The snapshot a connecting client gets: made at most once a second however many connect, and
   * shared (the same bytes go to every socket), with the window's changes after it. Building the
   * whole city's (6 MB) on every connection stalled every other client for seconds.
   */
  snapshotToServe() {
    const first = this.window[0]?.seq ?? this.seq + 1;
    const served = this.served;
    if (served && Date.now() - served.at < SNAPSHOT_REUSE_MS && served.seq + 1 >= first) return served;
    return this.buildSnapshot();
  }

  buildSnapshot() {
    const text = JSON.stringify(this.state.snapshot(this.seq, new Date().toISOString(), this.epoch));
    this.served = { seq: this.seq, at: Date.now(), bytes: Buffer.from(text), text };
    this.counters.snapshotsBuilt++;
    return this.served;
  }

  /** A stored snapshot every `snapshotEvery` changes or `snapshotEveryMs`: restart time and disk stay bounded. */
  storeSnapshotWhenDue() {
    const every = this.options.snapshotEvery ?? 5000;
    const everyMs = this.options.snapshotEveryMs ?? 60_000;
    const since = this.seq - this.storedSnapshot.seq;
    if (since === 0 || (since < every && Date.now() - this.storedSnapshot.at < everyMs)) return;
    this.storeSnapshot();
  }

  storeSnapshot() {
    const served = this.served?.seq === this.seq ? this.served : this.buildSnapshot();
    this.store.snapshot(this.seq, served.text, this.options.replay ?? 1200);
    this.storedSnapshot = { seq: this.seq, at: Date.now() };
    this.counters.snapshotsStored++;
  }

  applyCommitted(seq, text, message) {
    this.seq = seq;
    this.state.apply(message);
    this.window.push({ seq, text });
    const excess = this.window.length - (this.options.replay ?? 1200);
    if (excess > 0) this.window.splice(0, excess);
  }
}
