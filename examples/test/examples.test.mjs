// The host examples, each as a user runs it: the plain page straight from the built bundle (no
// bundler), the React and Vue apps built with Vite; all served by a plain static server on
// loopback and opened in the system Chromium. Each must draw the map, pass a property change from
// the host to the element, and deliver a real click's gm-select to the host's handler — with no
// request leaving localhost. Needs `npm run build` first (npm test runs it before this).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { areasDrawn, ROOT, serveRepository } from './static-server.mjs';

let server;
let origin;
let browser;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/gm.bundle.js')), 'run `npm run build` first');
  for (const example of ['react', 'vue']) await build({ configFile: join(ROOT, `examples/${example}/vite.config.ts`), logLevel: 'error' });
  [server, origin] = await serveRepository();
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function checkExample(path) {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const outside = [];
  const errors = [];
  await page.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost' || route.request().url().startsWith('data:') || route.request().url().startsWith('blob:')) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => customElements.get('gm-map') && document.querySelector('gm-map'), null, { timeout: 30000 });
    // The map drew: areas of the sample are rendered.
    const drawn = await page.evaluate(areasDrawn);
    assert.ok(drawn > 0, `${path}: areas drawn (${drawn})`);

    // A property change from the host reaches the element (and its drawing).
    const outline = () => page.evaluate(() => document.querySelector('gm-map').getMap().getPaintProperty('gm-district-line', 'line-color'));
    const before = await outline();
    await page.selectOption('#theme', 'dark');
    await page.waitForFunction(() => document.querySelector('gm-map').getAttribute('theme') === 'dark', null, { timeout: 5000 });
    await page.waitForFunction((b) => document.querySelector('gm-map').getMap().getPaintProperty('gm-district-line', 'line-color') !== b, before, { timeout: 5000 });

    // A real click on an area: gm-select reaches the host's handler, which shows it.
    const box = await page.locator('gm-map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('#selected').textContent !== '—', null, { timeout: 10000 });
    const [shown, selected] = await page.evaluate(() => [document.querySelector('#selected').textContent, document.querySelector('gm-map').selected]);
    assert.ok(selected, `${path}: the map selected an area`);
    assert.ok(shown.includes(`(${selected})`), `${path}: the host shows ${shown} for ${selected}`);
    assert.deepEqual(outside, [], `${path}: nothing fetched beyond localhost`);
    assert.deepEqual(errors, [], `${path}: no page errors`);
  } finally {
    await page.close();
  }
}

test('plain HTML with dist/gm.bundle.js and no bundler', () => checkExample('/examples/plain-html/index.html'));
test('React (wrappers from grid-map-components/react, built with Vite)', () => checkExample('/examples/react/dist/index.html'));
test('Vue 3 (the elements as they are, built with Vite)', () => checkExample('/examples/vue/dist/index.html'));
