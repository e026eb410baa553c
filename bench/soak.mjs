// npm run soak: a command-centre screen's day, compressed. The full city with every layer and
// control follows a feed server at 1,000 status changes and 20,000 staff positions a second, with
// alerts raised every 5 s (acknowledged after 10 s, resolved after 30 s), events moving, and a
// drill-down and board change every 10 s, for `--minutes` (default 24: an hour a minute). Every
// `--sample` seconds it brings the screen back to the city view with every board, waits for the
// camera to rest and the tiles to load, and reads, after two full garbage collections, the page's
// JS heap, its DOM nodes and event listeners (DevTools' Memory.getDOMCounters), the tiles in the
// sources' caches and the frame intervals since the last sample. It prints the samples, the heap's
// growth between the first and last quarter and its slope, and the frame p95 per quarter; and
// whether the budgets hold (heap growth < 5 %, no DOM growth, frame p95 flat: the last quarter
// within 10 % of the first).
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { median, quantile, serveBench, startFeed } from './serve.mjs';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '24' }, sample: { type: 'string', default: '30' } } });
const MINUTES = Number(values.minutes);
const SAMPLE_S = Number(values.sample);
const root = new URL('..', import.meta.url).pathname;

await build({ configFile: `${root}bench/vite.config.ts` });
const server = await serveBench(root);
const feed = await startFeed(root, ['--status-rate', '1000', '--staff-rate', '20000', '--event-rate', '5', '--alert-every', '5', '--alert-ack-after', '10', '--alert-resolve-after', '30', '--tick', '100']);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
const samples = [];
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`http://127.0.0.1:${server.address().port}/soak.html?feed=${encodeURIComponent(`${feed.url}/live/sse`)}`);
  await page.waitForFunction(() => window.soak, null, { timeout: 120000 });
  await page.waitForFunction(() => window.soak.live().snapshots > 0, null, { timeout: 120000 });
  const start = Date.now();
  await page.evaluate(() => window.soak.frames());
  while (Date.now() - start < MINUTES * 60000) {
    await page.waitForTimeout(SAMPLE_S * 1000);
    const frames = await page.evaluate(() => window.soak.frames());
    // Every sample in the same state (the city view, every board, the camera at rest), after a
    // full garbage collection of both heaps (V8's and Blink's DOM): like compared with like.
    await page.evaluate(() => window.soak.settle());
    // Twice: Blink sweeps the DOM nodes a collection found dead lazily, and counts them until then.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await page.evaluate(() => (window.gc?.(), performance.memory.usedJSHeapSize));
    const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
    await page.evaluate(() => window.soak.resume());
    const live = await page.evaluate(() => window.soak.live());
    const sample = { minute: (Date.now() - start) / 60000, heapMB: heap / 2 ** 20, nodes, listeners: jsEventListeners, frameMedian: median(frames), frameP95: quantile(frames, 0.95), frames: frames.length, ...live };
    samples.push(sample);
    console.error(JSON.stringify(sample));
  }
  if (errors.length) console.log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
} finally {
  await browser.close();
  feed.child.kill('SIGKILL');
  server.close();
}
report(samples);

function report(all) {
  const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const q = Math.max(1, Math.floor(all.length / 4));
  const first = all.slice(0, q);
  const lastQ = all.slice(-q);
  const mean = (list, key) => list.reduce((n, s) => n + s[key], 0) / list.length;
  // Least-squares slope of the heap over time, MB per hour of the compressed run.
  const xs = all.map((s) => s.minute);
  const ys = all.map((s) => s.heapMB);
  const mx = mean(all, 'minute');
  const my = mean(all, 'heapMB');
  const slope = xs.reduce((n, x, i) => n + (x - mx) * (ys[i] - my), 0) / xs.reduce((n, x) => n + (x - mx) ** 2, 0);
  console.log(`\nnpm run soak — ${MINUTES} min, a sample every ${SAMPLE_S} s, full fixture, 1920×1080, headless Chromium (SwiftShader)\n`);
  console.log('| minute | heap (MB) | DOM nodes | listeners | frame median (ms) | frame p95 (ms) | messages applied | alerts | cached tiles |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of all) console.log(`| ${fmt(s.minute)} | ${fmt(s.heapMB)} | ${s.nodes} | ${s.listeners} | ${fmt(s.frameMedian, 0)} | ${fmt(s.frameP95, 0)} | ${s.applied} | ${s.alerts} | ${s.cachedTiles} |`);
  const growth = mean(lastQ, 'heapMB') / mean(first, 'heapMB') - 1;
  const nodesGrowth = mean(lastQ, 'nodes') - mean(first, 'nodes');
  const frameRatio = mean(lastQ, 'frameP95') / mean(first, 'frameP95');
  console.log('\n| budget | value | limit | |\n| --- | ---: | ---: | --- |');
  console.log(`| heap, last quarter / first quarter − 1 | ${fmt(100 * growth, 2)} % | < 5 % | ${growth < 0.05 ? 'met' : 'MISSED'} |`);
  console.log(`| heap slope (least squares) | ${fmt(slope * 60, 2)} MB per hour of run (${fmt(slope, 3)} MB/min) | | |`);
  console.log(`| DOM nodes, last quarter − first quarter (mean) | ${fmt(nodesGrowth, 1)} | ≤ 0 + noise (1 %) | ${nodesGrowth <= 0.01 * mean(first, 'nodes') ? 'met' : 'MISSED'} |`);
  console.log(`| frame p95, last quarter / first quarter | ${fmt(frameRatio, 3)} | ≤ 1.1 | ${frameRatio <= 1.1 ? 'met' : 'MISSED'} |`);
}
