#!/usr/bin/env node
// node scripts/wall-screenshots.mjs URL OUTDIR
// The wall screen's pictures for the docs (issue 28): the demo page at 1920×1080 and 3840×2160
// (density auto: 1 and 2), each as the city view, a town with its staff at zoom 12, and an active
// dispatch to an emergency. The page is the demo (`npm start`), with its live feed running.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

const [url, outDir] = process.argv.slice(2);
const SIZES = [[1920, 1080], [3840, 2160]];
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });

/**
 * Resolves once the map has every tile in; with the live feed moving staff every second the
 * map is seldom idle, so after `ms` it is taken as it is.
 */
const settled = (page, ms = 120000) =>
  page
    .waitForFunction(() => {
      const map = document.querySelector('gm-map')?.getMap?.();
      return map && !map.isMoving() && map.areTilesLoaded();
    }, null, { timeout: ms, polling: 100 })
    .catch(() => undefined);

try {
  for (const [width, height] of SIZES) {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
    await page.goto(url, { waitUntil: 'load' });
    await settled(page);
    await page.waitForFunction(() => document.querySelector('gm-live')?.stats.applied > 20, null, { timeout: 120000, polling: 250 });
    await page.waitForTimeout(1500);
    const shot = async (scene) => {
      // JPEG: a 4K map's PNG is several megabytes in the repository.
      const path = `${outDir}/wall-${scene}-${width}x${height}.jpg`;
      await page.screenshot({ path, type: 'jpeg', quality: 85 });
      console.log(path);
    };
    await shot('city');
    // The worst alert's town with its staff, at zoom 12 (staff bubbles and icons).
    const alert = await page.evaluate(() => {
      const el = document.querySelector('gm-map');
      const [first] = el.alerts;
      el.getMap().jumpTo({ center: first.lngLat, zoom: 12 });
      return first;
    });
    await page.waitForTimeout(1000);
    await settled(page, 15000);
    await page.waitForTimeout(1500);
    await shot('town');
    await page.evaluate((id) => {
      const el = document.querySelector('gm-map');
      el.showDispatch(id, { count: 3 });
      el.getMap().jumpTo({ zoom: 13 });
    }, alert.id);
    await page.waitForTimeout(1000);
    await settled(page, 15000);
    await page.waitForTimeout(1500);
    await shot('dispatch');
    await page.close();
  }
} finally {
  await browser.close();
}
