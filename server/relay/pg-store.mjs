// The relay's store for several instances: one PostgreSQL database shared by any number of relay
// processes behind a load balancer. The log's order is PostgreSQL's: a commit takes the
// one-row counter `FOR UPDATE`, so writers from every instance are serialised, seqs have no
// gaps and commit in seq order; `NOTIFY gm_relay` in the same transaction tells every instance
// (each `LISTEN`s) to read the changes after its own seq. (Chosen over logical decoding: it
// needs no replication slot or superuser, and a missed notification is harmless, because each
// instance reads "everything after my seq", also on a timer.)
//
// One instance at a time runs the simulation, snapshots and cuts: whoever holds the advisory
// lock `LEADER_LOCK` on its own session. When that process dies its session ends, the lock is
// free, and another instance takes it within a second.
import pg from 'pg';
import { randomUUID } from 'node:crypto';

const LEADER_LOCK = 0x676d5f72; // 'gm_r'
const CHANNEL = 'gm_relay';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS gm_relay_meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE IF NOT EXISTS gm_relay_counter (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS gm_relay_log (seq bigint PRIMARY KEY, text text NOT NULL);
  CREATE TABLE IF NOT EXISTS gm_relay_snapshots (seq bigint PRIMARY KEY, text text NOT NULL, at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS gm_relay_actions (key text PRIMARY KEY, result text NOT NULL, at timestamptz NOT NULL DEFAULT now());
  INSERT INTO gm_relay_counter (id, seq) VALUES (1, 0) ON CONFLICT DO NOTHING;
`;

export class PgStore {
  /** @param {string} url a postgres:// connection string */
  constructor(url) {
    this.kind = 'postgres';
    this.async = true;
    this.url = url;
    // Commits and reads; the listener and the leader lock each keep a session of their own.
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
    this.pool.on('error', () => {}); // a broken idle client is replaced by the pool
    this.leader = false;
    this.cachedSizes = { log: 0, snapshots: 0, bytes: 0 };
  }

  /**
   * Creates the schema if needed (once, under a transaction-level advisory lock, so instances
   * starting together do not race), then reads the epoch, shift, newest snapshot and the changes after it.
   */
  async open(firstShift) {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEADER_LOCK + 1]);
      await client.query(SCHEMA);
      await client.query(`INSERT INTO gm_relay_meta (key, value) VALUES ('epoch', $1), ('shift', $2), ('created', $3) ON CONFLICT DO NOTHING`, [randomUUID(), String(firstShift()), new Date().toISOString()]);
    });
    const meta = Object.fromEntries((await this.pool.query('SELECT key, value FROM gm_relay_meta')).rows.map((r) => [r.key, r.value]));
    const snapshot = (await this.pool.query('SELECT seq::float8 AS seq, text FROM gm_relay_snapshots ORDER BY seq DESC LIMIT 1')).rows[0];
    const changes = await this.changesAfter(snapshot?.seq ?? 0, Number.MAX_SAFE_INTEGER);
    return { epoch: meta.epoch, shift: Number(meta.shift), snapshot, changes };
  }

  /** Starts listening for other instances' commits; `onCommitted` is called (without arguments) on each. */
  async listen(onCommitted) {
    this.listener = new pg.Client({ connectionString: this.url });
    this.listener.on('notification', () => onCommitted());
    this.listener.on('error', () => {});
    await this.listener.connect();
    await this.listener.query(`LISTEN ${CHANNEL}`);
  }

  /** Tries to become the leader (the simulation, snapshots, cuts); true while it is. */
  async lead() {
    if (this.leader) return true;
    this.leaderClient ??= await this.connectLeaderSession();
    const { rows } = await this.leaderClient.query('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
    this.leader = rows[0].ok;
    return this.leader;
  }

  async connectLeaderSession() {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => {
      // The session (and with it the lock) is gone: stop leading; the next lead() tries again.
      this.leader = false;
      this.leaderClient = undefined;
    });
    await client.connect();
    return client;
  }

  /**
   * Numbers and commits messages (serialised with every other instance by the counter's row
   * lock), with an action's key and result; notifies every instance. An action key already
   * stored returns the stored result and commits nothing.
   */
  async commit(messages, action) {
    return this.transaction(async (client) => {
      let seq = Number((await client.query('SELECT seq FROM gm_relay_counter WHERE id = 1 FOR UPDATE')).rows[0].seq);
      if (action) {
        const earlier = (await client.query('SELECT result FROM gm_relay_actions WHERE key = $1', [action.key])).rows[0];
        if (earlier) return { entries: [], result: { ...JSON.parse(earlier.result), replayed: true } };
      }
      const entries = messages.map((m) => ({ seq: ++seq, text: JSON.stringify({ seq, ...m }) }));
      if (entries.length) {
        await client.query('INSERT INTO gm_relay_log (seq, text) SELECT * FROM unnest($1::bigint[], $2::text[])', [entries.map((e) => e.seq), entries.map((e) => e.text)]);
        await client.query('UPDATE gm_relay_counter SET seq = $1 WHERE id = 1', [seq]);
      }
      const result = action && action.result(entries.map((e) => e.seq));
      if (action) await client.query('INSERT INTO gm_relay_actions (key, result) VALUES ($1, $2)', [action.key, JSON.stringify(result)]);
      await client.query(`NOTIFY ${CHANNEL}, '${seq}'`);
      return { entries, result };
    });
  }

  /** The changes after `seq` (at most `limit`), oldest first. */
  async changesAfter(seq, limit) {
    const { rows } = await this.pool.query('SELECT seq::float8 AS seq, text FROM gm_relay_log WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, Math.min(limit, 1_000_000)]);
    return rows;
  }

  /** Stores the state at `seq`, cuts the log to the `keep` changes before it, keeps two snapshots. */
  async snapshot(seq, text, keep) {
    await this.transaction(async (client) => {
      await client.query('INSERT INTO gm_relay_snapshots (seq, text) VALUES ($1, $2) ON CONFLICT (seq) DO NOTHING', [seq, text]);
      await client.query('DELETE FROM gm_relay_snapshots WHERE seq NOT IN (SELECT seq FROM gm_relay_snapshots ORDER BY seq DESC LIMIT 2)');
      await client.query('DELETE FROM gm_relay_log WHERE seq <= $1', [seq - keep]);
      await client.query("DELETE FROM gm_relay_actions WHERE at < now() - interval '1 day'");
    });
    const { rows } = await this.pool.query("SELECT (SELECT count(*) FROM gm_relay_log)::int AS log, (SELECT count(*) FROM gm_relay_snapshots)::int AS snapshots, pg_database_size(current_database())::float8 AS bytes");
    this.cachedSizes = rows[0];
  }

  /** Runs `work(client)` in one transaction on a pooled session: committed, or rolled back on a throw. */
  async transaction(work) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** The newest snapshot (seq and text), if any. */
  async latestSnapshot() {
    return (await this.pool.query('SELECT seq::float8 AS seq, text FROM gm_relay_snapshots ORDER BY seq DESC LIMIT 1')).rows[0];
  }

  async actionResult(key) {
    const row = (await this.pool.query('SELECT result FROM gm_relay_actions WHERE key = $1', [key])).rows[0];
    return row ? JSON.parse(row.result) : undefined;
  }

  /** As of the last snapshot (a count on every /metrics scrape would cost a scan). */
  sizes() {
    return this.cachedSizes;
  }

  async close() {
    await this.listener?.end().catch(() => {});
    await this.leaderClient?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}
