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
