import type { Alert } from './alert.js';
import type { GridEvent } from './grid-event.js';
import type { StatusUpdate } from './grid-status.js';
import type { Site } from './site.js';
import type { Staff } from './staff.js';
import type { WorkOrder } from './work-order.js';

/**
 * The live feed's messages (docs/live-protocol.md). Every change carries `seq`, one more than the
 * message before it; a snapshot carries the `seq` of the last change it includes.
 */
export type LiveMessage =
  | LiveSnapshot
  | LiveStatusMessage
  | LiveItemsMessage<'staff', Staff>
  | LiveItemsMessage<'events', GridEvent>
  | LiveItemsMessage<'sites', Site>
  | LiveItemsMessage<'orders', WorkOrder>
  | LiveAlertsMessage;

interface Sequenced {
  seq: number;
  /** When the server produced it (ISO 8601); informative. */
  time?: string;
}

/** The whole state at `seq`: replaces everything the feed set before. */
export interface LiveSnapshot extends Sequenced {
  type: 'snapshot';
  /**
   * The id of the server's log: seqs are comparable only within one epoch. A snapshot of another
   * epoch than the feed followed means the log started over: the client takes it whatever its seq.
   */
  epoch?: string;
  /** Every grid's status per board, in the form of a manifest's `statuses` file. */
  statuses?: { boards?: string[]; statuses?: string[]; grids: Record<string, number[] | string> };
  staff?: Staff[];
  events?: GridEvent[];
  sites?: Site[];
  /** The open alerts; `acknowledged: true` for those somebody took on. */
  alerts?: (Alert & { acknowledged?: boolean })[];
  /** The work orders (闭环派单), whole, as the relay holds them (docs/live-protocol.md); absent before the first one. */
  orders?: WorkOrder[];
}

export interface LiveStatusMessage extends Sequenced {
  type: 'status';
  updates: StatusUpdate[];
}

/** A person's new position: `[id, lng, lat, updatedAt]`, the compact form for 20,000 a second. */
export type StaffMove = [string, number, number, string | number];

export interface LiveItemsMessage<K extends string, T> extends Sequenced {
  type: K;
  /** Whole items, added or replaced by id. */
  upsert?: T[];
  /** Staff only: positions of known people. */
  moves?: StaffMove[];
  remove?: string[];
}

export interface LiveAlertsMessage extends Sequenced {
  type: 'alerts';
  raise?: Alert[];
  acknowledge?: string[];
  resolve?: string[];
}

/** Sent while nothing changes: the server's latest `seq`, so a silent gap is noticed. Not numbered itself. */
export interface LiveHeartbeat {
  type: 'heartbeat';
  seq: number;
  /** The server log's epoch (see `LiveSnapshot.epoch`). */
  epoch?: string;
  time?: string;
}

/** The arrays each message type may carry. */
const ARRAYS: Record<LiveMessage['type'], string[]> = {
  snapshot: ['staff', 'events', 'sites', 'alerts', 'orders'],
  status: ['updates'],
  staff: ['upsert', 'moves', 'remove'],
  events: ['upsert', 'remove'],
  sites: ['upsert', 'remove'],
  alerts: ['raise', 'acknowledge', 'resolve'],
  orders: ['upsert', 'remove'],
};

/**
 * Reads one message from the wire. The shape is checked here (a known type, a positive integer
 * `seq`, arrays where arrays belong); the entries are checked by the map and layers they go to,
 * which skip and report the bad ones as they do for any caller.
 */
export function readLiveMessage(text: string): { message: LiveMessage | LiveHeartbeat } | { problem: string; seq?: number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not an object' };
  const message = value as Record<string, unknown>;
  const seq = message.seq;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return { problem: `no valid seq (${String(seq).slice(0, 20)})` };
  if (message.epoch !== undefined && (typeof message.epoch !== 'string' || message.epoch.length > 64)) {
    return message.type === 'heartbeat' ? { problem: 'epoch is not a short string' } : { problem: 'epoch is not a short string', seq: seq as number };
  }
  if (message.type === 'heartbeat') return { message: message as unknown as LiveHeartbeat };
  const problem = shapeProblem(message);
  // With a valid seq the message still takes its place in the sequence (skipped, not applied).
  return problem ? { problem, seq: seq as number } : { message: message as unknown as LiveMessage };
}

function shapeProblem(message: Record<string, unknown>): string | undefined {
  const type = message.type as LiveMessage['type'];
  if (typeof type !== 'string' || !Object.hasOwn(ARRAYS, type)) return `unknown type ${String(type).slice(0, 40)}`;
  if (type !== 'snapshot' && (message.seq as number) < 1) return 'seq 0 is only for a snapshot';
  if (type === 'status' && !Array.isArray(message.updates)) return 'status without updates';
  for (const key of ARRAYS[type]) {
    if (message[key] !== undefined && !Array.isArray(message[key])) return `${type}.${key} is not an array`;
  }
  if (type === 'snapshot' && message.statuses !== undefined) {
    const grids = (message.statuses as { grids?: unknown } | null)?.grids;
    // Keyed only: the ordered form needs the client's area index in the server's order.
    if (!grids || typeof grids !== 'object' || Array.isArray(grids)) return 'snapshot.statuses has no grids object';
  }
  return undefined;
}
