import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';
import { serveBench } from '../bench/serve.mjs';
const root = new URL('..', import.meta.url).pathname;
const server = await serveBench(root, process.argv[2] ?? '/tmp/bench-p');
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
const page = await context.newPage();
await page.goto('about:blank');
await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8', '__metadata', 'blink.user_timing', 'devtools.timeline'] });
await page.goto(`http://127.0.0.1:${server.address().port}/gm.html?manifest=${process.argv[3] ?? 'manifest.geojson.json'}`);
await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: 120000, polling: 100 });
const buf = await browser.stopTracing();
await browser.close(); server.close();
const { traceEvents } = JSON.parse(buf.toString());
const names = new Map();
for (const e of traceEvents) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const marks = traceEvents.filter((e) => e.name?.startsWith('gm:') ).map((e) => [e.name, e.ts]);
const nav = traceEvents.find((e) => e.name === 'navigationStart')?.ts;
console.log(marks.map(([n, t]) => `${n} ${Math.round((t - nav) / 1000)}`).join(', '));
const limit = nav + 1000 * Number(process.argv[4] ?? 2400);
// Profiles: id → {tid, nodes, samples with times}
const profiles = new Map();
for (const e of traceEvents) {
  if (e.name === 'Profile') profiles.set(e.id, { tid: `${e.pid}:${e.tid}`, start: e.args.data.startTime, nodes: new Map(), parent: new Map(), samples: [], times: [] , last: e.args.data.startTime});
  if (e.name === 'ProfileChunk') {
    const p = profiles.get(e.id); if (!p) continue;
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) { p.nodes.set(n.id, n); if (n.parent) p.parent.set(n.id, n.parent); }
    const samples = d.cpuProfile?.samples ?? []; const deltas = d.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) { p.last += deltas[i]; p.samples.push(samples[i]); p.times.push(p.last); }
  }
}
for (const p of profiles.values()) {
  const label = names.get(p.tid) ?? p.tid;
  const self = new Map(), incl = new Map(); let busy = 0;
  p.samples.forEach((id, i) => {
    if (p.times[i] > limit) return;
    const key = (n) => `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url ?? "").split('/').pop().slice(0, 30)}:${n.callFrame.lineNumber}`;
    const n = p.nodes.get(id); if (!n) return;
    if (['(idle)', '(program)', '(root)'].includes(n.callFrame.functionName)) return;
    const dt = (p.times[i + 1] ?? p.times[i]) - p.times[i];
    busy += dt; self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set(); let q = id;
    while (q) { const m = p.nodes.get(q); if (!m) break; const k = key(m); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + dt); } q = p.parent.get(q); }
  });
  if (busy < 50000) continue;
  console.log(`\n== ${label} ${p.tid} busy ${Math.round(busy / 1000)} ms (to ${process.argv[4] ?? 2400} ms)`);
  console.log(' self:', [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${Math.round(v / 1000)} ${k}`).join(' | '));
  console.log(' incl:', [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${Math.round(v / 1000)} ${k}`).join(' | '));
}
