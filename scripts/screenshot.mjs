#!/usr/bin/env node
// node scripts/screenshot.mjs URL OUT.png [WIDTHxHEIGHT] [WAIT_MS]
// Screenshots a page in the system Chromium once its map (window.map or a <gm-map>) is idle, and
// its live feed (a <gm-live>, if any) has applied its snapshot and some updates.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

const [url, out, size = '1280x800', waitMs = '30000'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width, height } });
page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
await page.goto(url, { waitUntil: 'load' });
await page.waitForFunction(
  () => {
    const map = window.map ?? document.querySelector('gm-map')?.getMap?.();
    return map?.loaded() && map.areTilesLoaded();
  },
  null,
  { timeout: Number(waitMs), polling: 250 },
);
// A page with a live feed: once its first snapshot is drawn (and a few updates after it).
await page.waitForFunction(() => !document.querySelector('gm-live') || document.querySelector('gm-live').stats.applied > 20, null, { timeout: Number(waitMs), polling: 250 });
await page.waitForTimeout(500);
await page.screenshot({ path: out });
await browser.close();
