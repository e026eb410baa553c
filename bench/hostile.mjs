// The "hostile input" table: each case of bench/pages/hostile.ts in a fresh page, on this build's
// pages and, with `--compare DIR`, on another build's (an older commit: "before"); prints the
// longest main-thread task and the time to the case's end (its gm-error, or gm-ready).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';
import { serveBench } from './serve.mjs';

/**
 * Measures every case on each build (`{label: dist}`), `runs` times interleaved; returns
 * `{case: {label: figures}}` with the median of each figure (the end's words from the last run).
 */
export async function measureHostile(root, builds, runs = 1) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const servers = Object.fromEntries(await Promise.all(Object.entries(builds).map(async ([label, dist]) => [label, await serveBench(root, dist)])));
  const origin = (label) => `http://127.0.0.1:${servers[label].address().port}`;
  const results = {};
  try {
    const first = Object.keys(builds)[0];
    const cases = await run(`${origin(first)}/hostile.html`, 'hostileCases');
    for (const name of cases) {
      const all = {};
      for (let i = 0; i < runs; i++) {
        for (const label of Object.keys(builds)) {
          const figures = await run(`${origin(label)}/hostile.html?case=${encodeURIComponent(name)}`, 'hostile').catch((error) => ({ end: `failed: ${String(error.message).split('\n')[0].slice(0, 80)}` }));
          (all[label] ??= []).push(figures);
          console.error(`hostile ${label}: ${name}: ${JSON.stringify(figures)}`);
        }
      }
      results[name] = Object.fromEntries(Object.entries(all).map(([label, list]) => [label, medians(list)]));
    }
  } finally {
    await browser.close();
    for (const server of Object.values(servers)) server.close();
  }
  return results;

  async function run(url, key) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      // A frozen page answers nothing: the case's own limits are 30–60 s, the page gets 120 s.
      await page.waitForFunction((k) => window[k] || window.benchError, key, { timeout: 120_000, polling: 250 });
      const error = await page.evaluate(() => window.benchError);
      if (error) throw new Error(error);
      return await page.evaluate((k) => window[k], key);
    } finally {
      await context.close();
    }
  }
}

/** The median of each numeric figure of several runs of one case; the other fields from the last run. */
function medians(list) {
  const mid = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  const out = { ...list.at(-1) };
  for (const key of ['longest', 'longestScript', 'endMs']) {
    const values = list.map((f) => f[key]).filter((v) => typeof v === 'number');
    out[key] = values.length ? mid(values) : undefined;
  }
  return out;
}

/** Prints the table: a row per case, the longest task and the end per build. */
export function printHostile(results) {
  const labels = Object.keys(Object.values(results)[0] ?? {});
  console.log(`\nHostile input (each case in a fresh page, 1920×1080, medians of the runs): the longest main-thread task from the page's start until the map is idle after the case's end (native work included: MapLibre's first render on SwiftShader); the longest single script run (Long Animation Frames); the time to the case's end\n`);
  console.log(`| case | ${labels.map((l) => `longest task, ${l} (ms) | longest script, ${l} (ms) | end, ${l}`).join(' | ')} |`);
  console.log(`| --- |${labels.map(() => ' ---: | ---: | --- |').join('')}`);
  for (const [name, byLabel] of Object.entries(results)) {
    const cells = labels.map((l) => {
      const f = byLabel[l] ?? {};
      const ms = (v) => (v === undefined ? '—' : Math.round(v).toLocaleString('en'));
      return `${ms(f.longest)} | ${ms(f.longestScript)} | ${f.end ?? '—'}${f.endMs === undefined ? '' : ` (${(f.endMs / 1000).toFixed(1)} s)`}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}
