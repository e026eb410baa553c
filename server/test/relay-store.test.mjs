// The relay's SQLite store: bounded however long it runs, and nothing acknowledged lost when the
// process is killed at any point. Real processes on loopback, bounded in count and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedServer } from '../feed-server.mjs';
import { killAtRandomPoints } from './relay-process.mjs';

const FIXTURE = 'fixtures/out/sample';
const CITY_RATES = { statusPerSecond: 200, staffPerSecond: 2000, eventsPerSecond: 2, alertEverySeconds: 30 };

test('a long run stays bounded: the log is cut at each snapshot, the file stops growing, a restart reads one snapshot', async () => {
  // Compressed: the log's life is periodic in `snapshotEvery` (append, snapshot, cut), so 30
  // periods of 600 changes at the city's rates stand for the 620 periods of 5,000 of a day.
  const store = join(mkdtempSync(join(tmpdir(), 'gm-store-')), 'feed.sqlite');
  const options = { fixture: FIXTURE, port: 0, tickMs: 0, heartbeatMs: 60000, log: () => {}, store, rates: CITY_RATES, snapshotEvery: 600, replay: 200 };
  const server = await startFeedServer(options);
  const sizes = [];
  try {
    while (server.relay.seq < 30 * 600) {
      server.relay.step(100);
      if (server.relay.seq >= (sizes.length + 1) * 3000) sizes.push(statSync(store).size + walSize(store));
    }
    const rows = server.relay.store.sizes();
    assert.ok(rows.log <= 600 + 200 + 10, `log rows ${rows.log} ≤ snapshotEvery + replay`);
    assert.ok(rows.snapshots <= 2, `${rows.snapshots} snapshots kept`);
    // After the first periods fill the file, it no longer grows: freed pages are reused.
    assert.ok(sizes.at(-1) <= sizes[1] * 1.25, `file sizes by 3,000 changes: ${sizes.join(', ')} bytes`);
  } finally {
    await server.close();
  }
  const started = performance.now();
  const again = await startFeedServer(options);
  const restartMs = performance.now() - started;
  try {
    assert.ok(again.relay.seq >= 30 * 600);
    assert.ok(restartMs < 5000, `restart ${Math.round(restartMs)} ms`);
  } finally {
    await again.close();
  }
});

function walSize(file) {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

test('killed with SIGKILL at random points, the relay loses no change a client saw and no action it acknowledged', { timeout: 120_000 }, () =>
  killAtRandomPoints(join(mkdtempSync(join(tmpdir(), 'gm-kill-')), 'feed.sqlite')));
