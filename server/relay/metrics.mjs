// GET /metrics: the relay in Prometheus' text format (hand-written: a dozen gauges and counters
// do not need a client library).

/** @param {{ relay: import('./relay.mjs').Relay, hub: import('./client-hub.mjs').ClientHub, refused: Record<string, number> }} context */
export function metricsText({ relay, hub, refused }) {
  const byTransport = { sse: 0, ws: 0 };
  let maxBuffered = 0;
  for (const client of hub.clients) {
    byTransport[client.transport] = (byTransport[client.transport] ?? 0) + 1;
    maxBuffered = Math.max(maxBuffered, client.buffered());
  }
  const sizes = relay.store.sizes();
  const memory = process.memoryUsage();
  const lines = [
    metric('gm_relay_info', 'gauge', 'The log this relay serves.', [[`{epoch="${relay.epoch}",store="${relay.store.kind}"}`, 1]]),
    metric('gm_relay_seq', 'gauge', 'The latest seq.', [['', relay.seq]]),
    metric('gm_relay_clients', 'gauge', 'Connected clients.', Object.entries(byTransport).map(([t, n]) => [`{transport="${t}"}`, n])),
    metric('gm_relay_buffered_bytes', 'gauge', 'Unsent bytes over all clients.', [['', hub.bufferedBytes()]]),
    metric('gm_relay_client_buffered_bytes_max', 'gauge', 'Unsent bytes of the client furthest behind (its lag).', [['', maxBuffered]]),
    metric('gm_relay_seconds_since_publish', 'gauge', 'Seconds since the last change was published.', [['', (Date.now() - relay.lastPublishAt) / 1000]]),
    metric('gm_relay_dropped_clients_total', 'counter', 'Clients dropped, by reason.', Object.entries(hub.dropped).map(([r, n]) => [`{reason="${r}"}`, n])),
    metric('gm_relay_refused_total', 'counter', 'Requests refused, by reason.', Object.entries(refused).map(([r, n]) => [`{reason="${r.replaceAll('"', '')}"}`, n])),
    metric('gm_relay_snapshots_total', 'counter', 'Snapshots built, served and stored.', Object.entries(relay.counters).map(([k, n]) => [`{kind="${k.replace('snapshots', '').toLowerCase()}"}`, n])),
    metric('gm_relay_log_rows', 'gauge', 'Changes kept in the store.', [['', sizes.log]]),
    metric('gm_relay_store_bytes', 'gauge', 'Size of the store.', [['', sizes.bytes]]),
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory.', [['', memory.rss]]),
    metric('nodejs_heap_used_bytes', 'gauge', 'JavaScript heap in use.', [['', memory.heapUsed]]),
  ];
  return `${lines.join('\n')}\n`;
}

function metric(name, type, help, samples) {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels} ${value}`)].join('\n');
}
