import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';
import { serveRepository } from './examples/test/static-server.mjs';
await build({ configFile: 'demo/vite.config.ts', logLevel: 'error' });
const [server, origin] = await serveRepository({});
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`${origin}/dist-demo/index.html?static`);
await page.waitForFunction(() => document.querySelector('gm-map')?.getMap?.(), null, { timeout: 120000 });
await page.evaluate(() => document.querySelector('gm-map').ready);
await page.waitForTimeout(4000);
await page.screenshot({ path: '/tmp/demo-static.png' });
const info = await page.evaluate(() => {
  const map = document.querySelector('gm-map').getMap();
  return { zoom: map.getZoom(), center: map.getCenter(), layers: map.getStyle().layers.map((l) => l.id) };
});
console.log(JSON.stringify(info));
await browser.close(); server.close();
