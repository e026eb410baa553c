import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';
import { serveBench } from '../bench/serve.mjs';
const root = new URL('..', import.meta.url).pathname;
const server = await serveBench(root);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
const page = await context.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/gm.html?fixture=${process.argv[2] ?? 'chongqing-micro'}`);
await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: 300000 });
console.log(await page.evaluate(() => window.benchError));
const cdp = await context.newCDPSession(page);
const { targetInfos } = await cdp.send('Target.getTargets');
for (const t of targetInfos) {
  if (t.type !== 'worker') continue;
  const s = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }).catch(() => undefined);
  if (!s) continue;
  await cdp.send('Runtime.evaluate', { expression: 'gc && gc()' }, s.sessionId).catch(() => 0);
  const u = await cdp.send('Runtime.getHeapUsage', undefined, s.sessionId).catch((e) => String(e));
  console.log('worker', t.url.slice(-60), JSON.stringify(u));
  if (process.env.SNAP) {
    let chunks = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => { if (e.sessionId === undefined || true) chunks.push(e.chunk); });
    const sess = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, s.sessionId);
    const snap = JSON.parse(chunks.join(''));
    const f = snap.snapshot.meta.node_fields; const n = f.length; const types = snap.snapshot.meta.node_types[0];
    const [ti, ni, si] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
    const agg = new Map();
    for (let i = 0; i < snap.nodes.length; i += n) { const key = types[snap.nodes[i + ti]] + ':' + (types[snap.nodes[i + ti]] === 'string' ? '' : snap.strings[snap.nodes[i + ni]]).slice(0, 60); const a = agg.get(key) ?? [0, 0]; a[0] += snap.nodes[i + si]; a[1]++; agg.set(key, a); }
    const samples = new Map();
    for (let i = 0; i < snap.nodes.length; i += n) if (types[snap.nodes[i + ti]] === 'string') { const v = snap.strings[snap.nodes[i + ni]]; const k = v.slice(0, 4) + '…' + v.length; samples.set(k, (samples.get(k) ?? 0) + 1); }
    console.log([...samples].sort((a, b) => b[1] - a[1]).slice(0, 15));
    console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).map(([k, [size, count]]) => `${(size / 2 ** 20).toFixed(1)} MB ${count} ${k}`).join('\n'));
  }
}
console.log('page', await page.evaluate(() => { gc(); return performance.memory.usedJSHeapSize / 2 ** 20; }));
console.log(await page.evaluate(() => { const m = document.querySelector('gm-map').getMap(); const caches = m.style.tileManagers ?? m.style.sourceCaches; return m.getStyle().layers.map((l) => `${l.id} ${l.minzoom ?? 0}-${l.maxzoom ?? 24} ${m.getLayoutProperty(l.id, 'visibility') ?? 'visible'}`).join('\n') + '\n' + Object.entries(caches).map(([k, c]) => `${k}: ${Object.keys(c._tiles ?? c._inViewTiles?._tiles ?? {}).length} tiles, used ${c.used ?? c._sourceIsUsed ?? '?'}`).join('\n'); }));
console.log(await page.evaluate(() => { const m = document.querySelector('gm-map').getMap(); return { zoom: m.getZoom(), layers: m.getStyle().layers.filter((l) => m.getLayoutProperty(l.id, 'visibility') !== 'none').map((l) => l.id).join(','), sources: Object.keys(m.style.tileManagers ?? m.style.sourceCaches ?? {}).join(',') }; }));
await browser.close(); server.close();
