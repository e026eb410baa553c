// An interleaved A/B of the cold load: the gm page of several benchmark builds, served side by
// side and loaded in turn in fresh contexts, so machine noise hits all alike; prints medians of
// first outlines and cold load per build. Build each version's pages first, e.g. at each commit:
//   npx vite build --config bench/vite.config.ts --outDir /tmp/bench-a --emptyOutDir
// then: node bench/ab.mjs /tmp/bench-a /tmp/bench-b   (RUNS=6 by default; PAGES=floor,baseline,gm adds the references;
// a page may carry a query, e.g. PAGES=gm,gm?manifest=pm/manifest.json: the gm page on another manifest of the fixture).
// It also prints the medians of the load's gm:<step> marks per build, to show which step moved.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { median, serveBench } from './serve.mjs';

const root = new URL('..', import.meta.url).pathname;
const dists = process.argv.slice(2);
const RUNS = Number(process.env.RUNS ?? 6);
const PAGES = (process.env.PAGES ?? 'gm').split(',');
if (!dists.length) throw new Error('usage: node bench/ab.mjs <bench build dir>…');

const servers = await Promise.all(dists.map((dir) => serveBench(root, dir)));
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const results = {};
try {
  for (let run = 1; run <= RUNS; run++) {
    for (const [i, server] of servers.entries()) {
      // The references (floor, baseline) are the same in every build: loaded from the first only.
      for (const name of PAGES.filter((p) => p.startsWith('gm') || i === 0)) {
        const [page, query = ''] = name.split('?');
        const key = page === 'gm' ? `${name} ${dists[i]}` : name;
        const load = await loadOnce(`http://127.0.0.1:${server.address().port}/${page}.html${query && `?${query}`}`);
        (results[key] ??= []).push(load);
        console.error(`run ${run}/${RUNS} ${key}: first outlines ${Math.round(load.firstOutlines)}, cold load ${Math.round(load.loaded)}`);
      }
    }
  }
} finally {
  await browser.close();
  for (const server of servers) server.close();
}
console.log(`\n| page | first outlines (ms) | cold load (ms) |\n| --- | ---: | ---: |`);
for (const [key, loads] of Object.entries(results)) {
  console.log(`| ${key} | ${Math.round(median(loads.map((l) => l.firstOutlines)))} | ${Math.round(median(loads.map((l) => l.loaded)))} |`);
}
// The load's steps (gm:<step> performance marks, ms from navigation), medians per build: which step moved.
const steps = [...new Set(Object.values(results).flatMap((loads) => loads.flatMap((l) => Object.keys(l.marks))))];
if (steps.length) {
  console.log(`\n| page | ${steps.join(' | ')} |\n| --- |${' ---: |'.repeat(steps.length)}`);
  for (const [key, loads] of Object.entries(results)) {
    console.log(`| ${key} | ${steps.map((s) => Math.round(median(loads.map((l) => l.marks[s]).filter(Number.isFinite)))).join(' | ')} |`);
  }
}

async function loadOnce(url) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: 300000, polling: 100 });
    const error = await page.evaluate(() => window.benchError);
    if (error) throw new Error(`${url}: ${error}`);
    return await page.evaluate(() => ({
      ...window.bench.load,
      marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gm:')).map((m) => [m.name.slice(3), m.startTime])),
    }));
  } finally {
    await context.close();
  }
}
