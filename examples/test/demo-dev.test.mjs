// A fresh clone's first `npm start`, as its user sees it: the demo page through the Vite dev
// server with no pre-bundle cache yet, the live feed behind it. The page must draw and follow the
// feed with nothing in the console at warning level or above (no "Lit is in dev mode", no
// dependency-scan error, no 404 — the favicon included) and no reload (Vite's "504 Outdated
// Optimize Dep" and its full reload, when a dependency is found late).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { ROOT } from './static-server.mjs';

/**
 * Software WebGL's own message: Chromium composites a SwiftShader canvas by reading it back, and
 * logs it. Not the page's doing (no readPixels is called on load: checked by wrapping it) and not
 * seen with a GPU; the library's own reads of the mosaic go through a pixel-pack buffer.
 */
const SWIFTSHADER = /^\[\.WebGL-[0-9a-fx]+\]GL Driver Message \(OpenGL, Performance, GL_CLOSE_PATH_NV, High\): GPU stall due to ReadPixels/;

/** Terminal colour codes (Vite's banner puts one inside the port number). */
const ANSI = /\x1b\[[0-9;]*m/g;

let start;
let browser;
let output = '';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

before(async () => {
  // A fresh clone has no pre-bundle cache (this test's own folder: the developer's stays).
  const cacheDir = join(ROOT, 'node_modules/.vite-fresh-clone');
  rmSync(cacheDir, { recursive: true, force: true });
  const [demoPort, feedPort] = [await freePort(), await freePort()];
  start = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env: { ...process.env, GM_DEMO_PORT: String(demoPort), GM_FEED_PORT: String(feedPort), GM_VITE_CACHE: cacheDir, GM_RELAY_STORE: join(mkdtempSync(join(tmpdir(), 'gm-demo-')), 'relay.sqlite'), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // CI=true turns Vite's colours on even without a terminal; the banner is read as plain text.
  const read = (d) => (output += String(d).replace(ANSI, ''));
  start.stdout.on('data', read);
  start.stderr.on('data', read);
  const deadline = Date.now() + 60_000;
  while (!(output.includes(`127.0.0.1:${demoPort}`) && output.includes('feed server: listening'))) {
    if (Date.now() > deadline || start.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  start.demo = `http://127.0.0.1:${demoPort}/`;
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (start && start.exitCode === null) process.kill(-start.pid, 'SIGTERM');
});

test('the first visit of a fresh clone: the demo draws and goes live with a clean console, no 404 and no reload', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const console_ = [];
  const failed = [];
  let navigations = 0;
  page.on('console', (m) => ['warning', 'error'].includes(m.type()) && !SWIFTSHADER.test(m.text()) && console_.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console_.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  page.on('framenavigated', (f) => f === page.mainFrame() && navigations++);
  try {
    await page.goto(start.demo);
    await page.waitForFunction(() => document.querySelector('gm-map')?.getMap?.(), null, { timeout: 120_000 });
    await page.evaluate(() => document.querySelector('gm-map').ready);
    await page.waitForFunction(() => document.querySelector('gm-live')?.state === 'connected', null, { timeout: 60_000 });
    await page.waitForTimeout(2000);
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(console_, [], 'nothing in the console at warning level or above');
    assert.equal(navigations, 1, 'no reload');
    assert.doesNotMatch(output, /error|failed to scan|outdated/i, `the dev server's own output is clean:\n${output}`);
  } finally {
    await page.close();
  }
});

test('two consoles, two browser contexts on the demo: a dispatch in one is seen in the other — state, line, ringed assignee', async () => {
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // ?manual: the demo's own operator stays out of it.
    await page.goto(`${start.demo}?manual`);
    await page.waitForFunction(() => document.querySelector('gm-live')?.state === 'connected' && window.gmMap.alerts.some((a) => !a.id.startsWith('live-alert-')), null, { timeout: 120_000 });
    await page.evaluate(() => window.gmMap.ready);
    return { context, page };
  };
  const a = await open();
  const b = await open();
  try {
    const asked = await a.page.evaluate(async () => {
      const map = window.gmMap;
      // A fixture alert (the demo's operator may act on the live ones), with no order yet.
      const alert = map.alerts.find((x) => x.gridCode && !x.id.startsWith('live-alert-') && !map.workOrder(`wo-alert-${x.id}`));
      const opening = map.requestAction({ action: 'open', source: { kind: 'alert', id: alert.id } });
      // Someone outside the alert's grid (a person already inside is on-site at once; rural grids are large).
      const person = map.nearestStaff(alert.id, { count: 200 }).find((n) => n.distanceKm > 0.5 && map.engine.scene.engine.gridAt(n.staff.lngLat) !== alert.gridCode).staff.id;
      const order = `wo-alert-${alert.id}`;
      const at = Date.now();
      const sent = await map.requestAction({ action: 'dispatch', order, assignees: [person], note: '就近派单' });
      return { order, person, at, opened: (await opening).status, sent: sent.status, grid: map.engine.scene.index.get(alert.gridCode).label };
    });
    assert.deepEqual([asked.opened, asked.sent], ['done', 'done']);
    await b.page.waitForFunction((id) => window.gmMap.workOrder(id)?.state === 'dispatched' && !window.gmMap.engine.workOrders.pending(id), asked.order, { timeout: 30_000, polling: 10 }).catch(async (error) => {
      const state = (p) => p.evaluate((id) => JSON.stringify([window.gmMap.workOrder(id), window.gmLive.state, window.gmLive.lastSeq]), asked.order);
      throw new Error(`${error.message}: A ${await state(a.page)}, B ${await state(b.page)}`);
    });
    console.log(`dispatch on console A to dispatched on console B: ${Date.now() - asked.at} ms (two contexts, the full fixture)`);
    const seen = await b.page.evaluate((id) => window.gmMap.workOrder(id), asked.order);
    assert.deepEqual(seen.assignees, [asked.person]);
    assert.deepEqual(seen.history.map((h) => h.action), ['open', 'dispatch']);
    // At street level on B: the line to the grid and the ring around the person sent.
    await b.page.evaluate((grid) => window.gmMap.getMap().jumpTo({ center: grid, zoom: 13 }), asked.grid);
    const drawn = (layer) => b.page.waitForFunction(([l, id]) => window.gmMap.getMap().queryRenderedFeatures({ layers: [l] }).some((f) => f.properties.order === id), [layer, asked.order], { timeout: 30_000 });
    await drawn('gm-work-order-lines');
    await drawn('gm-work-order-assignees');
    await drawn('gm-work-order-lights');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
