// The relay's core: one numbered log of changes (its epoch, its seq), the state they fold into,
// the replay window, the snapshots it serves, and the clients it sends to. The store decides
// the numbering and makes a change durable before anyone hears of it; the relay applies and
// fans out only what the store has committed, so a client never sees a seq a restart forgets.
import { FeedState } from '../feed-state.mjs';
import { FeedSimulation, gridPointsOf } from '../feed-simulation.mjs';

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
   * @param {import('./sqlite-store.mjs').SqliteStore | import('./pg-store.mjs').PgStore | import('./memory-store.mjs').MemoryStore} store
   * @param {import('./client-hub.mjs').ClientHub} hub
   */
  static async open(options, store, hub) {
    const opened = await store.open(() => Date.now() - FeedState.fixtureTime(options.fixture));
    const snapshotSeq = opened.snapshot?.seq;
    // The changes just before the snapshot are still kept (the log is cut to the replay window
    // behind it): a client resuming across the restart is replayed to, not sent a snapshot.
    const before = snapshotSeq === undefined ? [] : (await store.changesAfter(Math.max(0, snapshotSeq - (options.replay ?? 1200)), options.replay ?? 1200)).filter((c) => c.seq <= snapshotSeq);
    const relay = new Relay(options, store, hub, opened, before);
    if (store.async) await relay.follow();
    return relay;
  }

  /** Use `Relay.open`. */
  constructor(options, store, hub, opened, before) {
    this.options = options;
    this.store = store;
    this.hub = hub;
    this.epoch = opened.epoch;
    this.shift = opened.shift;
    const snapshot = opened.snapshot && JSON.parse(opened.snapshot.text);
    this.state = snapshot ? FeedState.fromSnapshot(snapshot) : FeedState.fromFixture(options.fixture, this.shift);
    this.seq = snapshot?.seq ?? 0;
    this.storedSnapshot = { seq: this.seq, at: Date.now() };
    /** @type {{ seq: number, text: string }[]} the replay window, oldest first */
    this.window = before;
    for (const change of opened.changes) this.applyCommitted(change.seq, change.text, JSON.parse(change.text));
    /** @type {{ seq: number, at: number, bytes: Buffer } | undefined} */
    this.served = undefined;
    this.counters = { snapshotsBuilt: 0, snapshotsServed: 0, snapshotsStored: 0 };
    this.lastPublishAt = Date.now();
    this.simulation = new FeedSimulation(this.state, options.rates, options.seed, gridPointsOf(options.fixture));
  }

  /**
   * Commits messages to the store, then applies them and sends them to every client. With a
   * shared store (PostgreSQL) the commit is awaited and what is applied is read back in seq
   * order, other instances' changes included; it returns a promise then.
   */
  publish(messages, action) {
    if (this.store.async) return this.publishShared(messages, action);
    const { entries, result } = this.store.commit(messages, action);
    entries.forEach((entry, i) => this.applyCommitted(entry.seq, entry.text, { seq: entry.seq, ...messages[i] }));
    for (const entry of entries) this.hub.broadcast(entry.seq, entry.text);
    this.lastPublishAt = Date.now();
    this.storeSnapshotWhenDue();
    return result;
  }

  async publishShared(messages, action) {
    const { result } = await this.store.commit(messages, action);
    await this.catchUp();
    this.lastPublishAt = Date.now();
    await this.storeSnapshotWhenDue();
    return result;
  }

  /**
   * One simulation step; false once the limit is reached. With a shared store only the leader
   * simulates, one step at a time (a step still committing skips the next tick).
   */
  step(ms = 100) {
    const limit = this.options.limit ?? Infinity;
    if (this.seq >= limit) return false;
    if (this.store.async && (!this.store.leader || this.stepping)) return true;
    const messages = this.simulation.tick(ms, Date.now(), this.seq + 1).slice(0, Math.max(0, limit - this.seq));
    if (!messages.length) return true;
    if (!this.store.async) {
      this.publish(messages);
      return true;
    }
    this.stepping = true;
    this.publish(messages)
      .catch((error) => this.options.log?.('error', 'a step was not committed', { error: String(error) }))
      .finally(() => (this.stepping = false));
    return true;
  }

  /**
   * A shared store: listens for every instance's commits, and tries to lead (simulate, snapshot)
   * every second; a notification that was missed is caught up by the same timer.
   */
  async follow() {
    await this.store.listen(() => this.catchUp().catch((error) => this.options.log?.('error', 'catch-up failed', { error: String(error) })));
    const beat = async () => {
      const wasLeader = this.store.leader;
      if ((await this.store.lead().catch(() => false)) && !wasLeader) {
        // Taking over: simulate from the state as it is now.
        await this.catchUp();
        this.simulation = new FeedSimulation(this.state, this.options.rates, this.options.seed, gridPointsOf(this.options.fixture));
        this.options.log?.('info', 'feed server: leading (simulation, snapshots)', { seq: this.seq });
      }
      await this.catchUp();
    };
    await beat();
    this.followTimer = setInterval(() => beat().catch(() => {}), 1000);
  }

  /**
   * The shared log was cut past this relay's seq while it was behind (a long pause): start again
   * from the newest snapshot. Its clients see a gap and resume, and get a snapshot.
   */
  async restartFromSnapshot() {
    const snapshot = await this.store.latestSnapshot();
    if (!snapshot || snapshot.seq <= this.seq) throw new Error(`the shared log has no seq ${this.seq + 1} and no newer snapshot`);
    this.options.log?.('warn', 'feed server: behind a cut log, restarting from its snapshot', { seq: this.seq, snapshot: snapshot.seq });
    this.state = FeedState.fromSnapshot(JSON.parse(snapshot.text));
    this.seq = snapshot.seq;
    this.window = [];
    this.served = undefined;
    this.simulation = new FeedSimulation(this.state, this.options.rates, this.options.seed, gridPointsOf(this.options.fixture));
  }

  /** Stops following a shared store. */
  unfollow() {
    clearInterval(this.followTimer);
  }

  /**
   * Applies and sends the committed changes after this relay's seq, in order; one catch-up at a
   * time (a call during one runs once more after it).
   */
  catchUp() {
    if (this.catching) {
      this.catchAgain = true;
      return this.catching;
    }
    this.catching = (async () => {
      do {
        this.catchAgain = false;
        for (let batch = await this.store.changesAfter(this.seq, 5000); batch.length; batch = await this.store.changesAfter(this.seq, 5000)) {
          if (batch[0].seq !== this.seq + 1) {
            await this.restartFromSnapshot();
            continue;
          }
          for (const change of batch) {
            this.applyCommitted(change.seq, change.text, JSON.parse(change.text));
            this.hub.broadcast(change.seq, change.text);
          }
        }
      } while (this.catchAgain);
    })().finally(() => (this.catching = undefined));
    return this.catching;
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
      for (const m of this.window) if (m.seq > since) this.hub.send(client, m.seq, m.text);
    } else {
      const snapshot = this.snapshotToServe();
      this.hub.send(client, snapshot.seq, snapshot.bytes);
      for (const m of this.window) if (m.seq > snapshot.seq) this.hub.send(client, m.seq, m.text);
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
    if (this.store.async && !this.store.leader) return;
    const every = this.options.snapshotEvery ?? 5000;
    const everyMs = this.options.snapshotEveryMs ?? 60_000;
    const since = this.seq - this.storedSnapshot.seq;
    if (since === 0 || (since < every && Date.now() - this.storedSnapshot.at < everyMs)) return;
    this.storeSnapshot();
  }

  storeSnapshot() {
    const served = this.served?.seq === this.seq ? this.served : this.buildSnapshot();
    this.storedSnapshot = { seq: this.seq, at: Date.now() };
    this.counters.snapshotsStored++;
    return this.store.snapshot(served.seq, served.text, this.options.replay ?? 1200);
  }

  applyCommitted(seq, text, message) {
    this.seq = seq;
    this.state.apply(message);
    this.window.push({ seq, text });
    const excess = this.window.length - (this.options.replay ?? 1200);
    if (excess > 0) this.window.splice(0, excess);
  }
}
