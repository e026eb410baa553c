// The relay's clients and the memory they may hold: every client's unsent output is capped, and
// so is the sum over all clients; when the sum is over, the clients furthest behind are dropped
// first (with a close reason, counted). A dropped client resumes with `since` when it can read
// again, so dropping loses it nothing. Connections are also capped per address and in all.

/**
 * @typedef {object} HubLimits
 * @property {number} clientBytes  one client's unsent output, default 32 MiB (a city snapshot is ~6 MB)
 * @property {number} totalBytes   all clients' unsent output, default 256 MiB
 * @property {number} clients      connections in all, default 2000
 * @property {number} perAddress   connections from one address, default 100
 */
export const DEFAULT_HUB_LIMITS = { clientBytes: 32 * 1024 * 1024, totalBytes: 256 * 1024 * 1024, clients: 2000, perAddress: 100 };

/** WebSocket close codes the relay uses (RFC 6455 §7.4). */
export const CLOSE = { tooSlow: 1013, policy: 1008, restart: 1012, tooBig: 1009 };

export class ClientHub {
  /** @param {Partial<HubLimits>} [limits] */
  constructor(limits = {}) {
    this.limits = { ...DEFAULT_HUB_LIMITS, ...limits };
    /** @type {Set<import('./relay.mjs').RelayClient>} */
    this.clients = new Set();
    /** @type {Map<string, number>} open connections per address */
    this.perAddress = new Map();
    /** Clients dropped, by reason (for /metrics). */
    this.dropped = { 'too-slow': 0, 'over-total': 0, 'too-many-messages': 0 };
  }

  /** Why a new connection from `address` is refused, or undefined when it may connect. */
  refusal(address) {
    if (this.clients.size >= this.limits.clients) return 'too many connections';
    if ((this.perAddress.get(address) ?? 0) >= this.limits.perAddress) return 'too many connections from this address';
    return undefined;
  }

  /** @param {import('./relay.mjs').RelayClient} client */
  add(client) {
    if (this.clients.has(client)) return;
    this.clients.add(client);
    this.perAddress.set(client.address, (this.perAddress.get(client.address) ?? 0) + 1);
  }

  /** Forgets a client (it closed, or was dropped); false when it was not connected. */
  remove(client) {
    if (!this.clients.delete(client)) return false;
    const left = (this.perAddress.get(client.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(client.address, left);
    else this.perAddress.delete(client.address);
    return true;
  }

  /** Sends to every client, then enforces the memory caps. */
  broadcast(seq, text) {
    for (const client of this.clients) this.send(client, seq, text);
    this.enforce();
  }

  /**
   * Sends one message to one client, unless a test hook holds it back: `stalledUntil` (a client
   * that gets nothing, heartbeats included) or `changesHiddenUntil` (every client gets the
   * heartbeats but no numbered message: a proxy that drops them).
   */
  send(client, seq, text) {
    const now = Date.now();
    if ((client.stalledUntil ?? 0) > now) return;
    if (seq !== undefined && (this.changesHiddenUntil ?? 0) > now) return;
    client.send(seq, text);
  }

  /** Drops clients over their own cap, then the furthest behind until the total fits. */
  enforce() {
    let total = 0;
    for (const client of this.clients) {
      const buffered = client.buffered();
      if (buffered > this.limits.clientBytes) this.drop(client, 'too-slow');
      else total += buffered;
    }
    if (total <= this.limits.totalBytes) return;
    const furthestBehind = [...this.clients].sort((a, b) => b.buffered() - a.buffered());
    for (const client of furthestBehind) {
      if (total <= this.limits.totalBytes) break;
      total -= client.buffered();
      this.drop(client, 'over-total');
    }
  }

  /** Closes a client with a reason and counts it. */
  drop(client, reason) {
    if (!this.remove(client)) return;
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
    client.close(reason === 'too-many-messages' ? CLOSE.policy : CLOSE.tooSlow, reason);
  }

  /** Unsent bytes over all clients. */
  bufferedBytes() {
    let total = 0;
    for (const client of this.clients) total += client.buffered();
    return total;
  }

  /** Closes every client (shutdown: WebSocket 1012, "service restart", so they reconnect). */
  closeAll(code = CLOSE.restart, reason = 'restart') {
    for (const client of [...this.clients]) {
      this.remove(client);
      client.close(code, reason);
    }
  }
}
