// Strict Content-Security-Policy: the built demo (following its live feed) and the plain-HTML
// example on the bundle, served with
//   default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self'
// (no 'unsafe-inline': no style attribute anywhere, in the library or the pages)
// must draw their map with no violation (each `securitypolicyviolation` event is recorded from
// before the first script runs). Needs `npm run build` first (npm test runs it before this).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { startFeedServer } from '../../server/feed-server.mjs';
import { ROOT, serveRepository } from './static-server.mjs';

const CSP = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self'";
let server;
let feed;
let origin;
let browser;

before(async () => {
  await build({ configFile: join(ROOT, 'demo/vite.config.ts'), logLevel: 'error' });
  feed = await startFeedServer({ fixture: join(ROOT, 'fixtures/out/sample'), port: 0, log: () => {}, rates: { statusPerSecond: 50, staffPerSecond: 20, eventsPerSecond: 1, alertEverySeconds: 5 } });
  // The live feed from the same origin (connect-src falls back to 'self').
  const proxyLive = (req, res) => {
    if (!req.url.startsWith('/live/')) return false;
    const upstream = request({ host: '127.0.0.1', port: feed.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
    return true;
  };
  [server, origin] = await serveRepository({ 'Content-Security-Policy': CSP }, proxyLive);
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  await feed?.close();
});

/** Opens `path` under the policy; resolves with the violations once `ready` holds in the page. */
async function underPolicy(path, ready) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response.headers()['content-security-policy'], CSP);
    await page.waitForFunction(ready, null, { timeout: 60000, polling: 200 });
    await page.waitForTimeout(1000);
    return { violations: await page.evaluate(() => window.cspViolations), errors };
  } finally {
    await page.close();
  }
}

test('the built demo follows its live feed under a strict CSP', async () => {
  const { violations, errors } = await underPolicy('/dist-demo/index.html?src=/fixtures/out/sample/manifest.json', () => {
    const map = document.querySelector('gm-map');
    const live = document.querySelector('gm-live');
    const drawn = map?.getMap?.()?.queryRenderedFeatures().some((f) => f.layer.id.startsWith('gm-'));
    return drawn && live?.state === 'connected' && live.stats.applied > 5 && map.alerts.length > 0;
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});

test('the plain-HTML example on the bundle under a strict CSP', async () => {
  const { violations, errors } = await underPolicy('/examples/plain-html/index.html', () => {
    const map = document.querySelector('gm-map')?.getMap?.();
    return map?.loaded() && map.queryRenderedFeatures().some((f) => f.layer.id.startsWith('gm-'));
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});
