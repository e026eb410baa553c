// The relay's embedded store: the change log, periodic snapshots of the whole state and the
// idempotency keys of operator actions, in one SQLite file (better-sqlite3: synchronous, so a
// change is on disk before anyone is told of it). WAL with synchronous=NORMAL survives the
// process being killed at any point (only an operating-system crash may lose the last commits).
//
// Bounded however long it runs: after each snapshot the log is cut back to the replay window
// behind it and only the newest two snapshots are kept, so the file holds at most
// 2 snapshots + (snapshotEvery + replay) changes, and a restart reads one snapshot and replays
// at most snapshotEvery changes.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, text TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS snapshots (seq INTEGER PRIMARY KEY, text TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS actions (key TEXT PRIMARY KEY, result TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** Idempotency keys are kept this long: a retry later than that is a new action. */
export const ACTION_KEY_TTL_MS = 24 * 3600 * 1000;

export class SqliteStore {
  /** @param {string} file */
  constructor(file) {
    this.kind = 'sqlite';
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // One relay per file: a second process opening it fails at once ("database is locked")
    // instead of numbering the same seqs twice. Several relays share PostgreSQL instead.
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // The WAL is truncated to this after each checkpoint (a snapshot's write makes it grow).
    this.db.pragma('journal_size_limit = 67108864');
    this.db.exec(SCHEMA);
    this.statements = {
      meta: this.db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      append: this.db.prepare('INSERT INTO log (seq, text) VALUES (?, ?)'),
      after: this.db.prepare('SELECT seq, text FROM log WHERE seq > ? ORDER BY seq LIMIT ?'),
      snapshot: this.db.prepare('SELECT seq, text FROM snapshots ORDER BY seq DESC LIMIT 1'),
      addSnapshot: this.db.prepare('INSERT OR REPLACE INTO snapshots (seq, text, at) VALUES (?, ?, ?)'),
      oldSnapshots: this.db.prepare('DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 2)'),
      cut: this.db.prepare('DELETE FROM log WHERE seq <= ?'),
      action: this.db.prepare('SELECT result FROM actions WHERE key = ?'),
      addAction: this.db.prepare('INSERT INTO actions (key, result, at) VALUES (?, ?, ?)'),
      oldActions: this.db.prepare('DELETE FROM actions WHERE at < ?'),
      sizes: this.db.prepare("SELECT (SELECT COUNT(*) FROM log) AS log, (SELECT COUNT(*) FROM snapshots) AS snapshots, (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()) AS bytes"),
    };
  }

  /**
   * What a starting relay needs: the log's epoch (made with the log), the time shift of its first
   * start, the newest snapshot and the changes after it.
   * @param {() => number} firstShift the shift to record when the log is new
   */
  open(firstShift) {
    let epoch = this.statements.meta.get('epoch')?.value;
    if (!epoch) {
      epoch = randomUUID();
      this.db.transaction(() => {
        this.statements.setMeta.run('epoch', epoch);
        this.statements.setMeta.run('shift', String(firstShift()));
        this.statements.setMeta.run('created', new Date().toISOString());
      })();
    }
    const shift = Number(this.statements.meta.get('shift').value);
    const snapshot = this.statements.snapshot.get();
    const from = snapshot?.seq ?? 0;
    const changes = this.statements.after.all(from, Number.MAX_SAFE_INTEGER);
    // The log may be empty after a cut: numbering goes on from the snapshot.
    this.seq = changes.at(-1)?.seq ?? from;
    return { epoch, shift, snapshot, changes };
  }

  /**
   * Numbers the messages after the last change, writes them (and the action's idempotency key
   * and result, when given) in one transaction, and returns them once they are durable.
   * @param {object[]} messages @param {{ key: string, result: (seqs: number[]) => object }} [action]
   * @returns {{ entries: { seq: number, text: string }[], result?: object }}
   */
  commit(messages, action) {
    const out = this.db.transaction(() => {
      let seq = this.seq;
      const entries = messages.map((m) => ({ seq: ++seq, text: JSON.stringify({ seq, ...m }) }));
      for (const e of entries) this.statements.append.run(e.seq, e.text);
      const result = action && action.result(entries.map((e) => e.seq));
      if (action) this.statements.addAction.run(action.key, JSON.stringify(result), Date.now());
      return { entries, result };
    })();
    this.seq = out.entries.at(-1)?.seq ?? this.seq;
    return out;
  }

  /** The changes after `seq` (at most `limit`), oldest first. */
  changesAfter(seq, limit) {
    return this.statements.after.all(seq, limit);
  }

  /**
   * Stores the state at `seq` and cuts the log to the `keep` changes before it (the replay
   * window), keeping the newest two snapshots.
   */
  snapshot(seq, text, keep) {
    this.db.transaction(() => {
      this.statements.addSnapshot.run(seq, text, Date.now());
      this.statements.oldSnapshots.run();
      this.statements.cut.run(seq - keep);
      this.statements.oldActions.run(Date.now() - ACTION_KEY_TTL_MS);
    })();
  }

  /** The stored result of an action with this idempotency key, if any. */
  actionResult(key) {
    const row = this.statements.action.get(key);
    return row ? JSON.parse(row.result) : undefined;
  }

  /** Rows and bytes, for /metrics. */
  sizes() {
    return this.statements.sizes.get();
  }

  close() {
    if (this.db.open) this.db.close();
  }
}
