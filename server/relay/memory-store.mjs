// A store that keeps nothing across restarts: each start is a new log with a new epoch, so
// clients resync from a snapshot instead of trusting seqs from another life. For tests and
// throwaway runs (`--store memory`); `npm start` and deployments use SQLite or PostgreSQL.
import { randomUUID } from 'node:crypto';

/** Idempotency keys remembered (the oldest forgotten first). */
const ACTION_KEYS = 10_000;

export class MemoryStore {
  constructor() {
    this.kind = 'memory';
    this.seq = 0;
    /** Only what a client may ask to replay: the relay keeps its own window. */
    this.actions = new Map();
  }

  open(firstShift) {
    return { epoch: randomUUID(), shift: firstShift(), snapshot: undefined, changes: [] };
  }

  commit(messages, action) {
    let seq = this.seq;
    const entries = messages.map((m) => ({ seq: ++seq, text: JSON.stringify({ seq, ...m }) }));
    this.seq = seq;
    const result = action && action.result(entries.map((e) => e.seq));
    if (action) {
      this.actions.set(action.key, result);
      if (this.actions.size > ACTION_KEYS) this.actions.delete(this.actions.keys().next().value);
    }
    return { entries, result };
  }

  /** Nothing beyond the relay's own window is kept. */
  changesAfter() {
    return [];
  }

  snapshot() {}

  actionResult(key) {
    return this.actions.get(key);
  }

  sizes() {
    return { log: 0, snapshots: 0, bytes: 0 };
  }

  close() {}
}
