// From PostGIS to the wall (docs/data.md): a throwaway PostgreSQL cluster with PostGIS, the sample
// district loaded by `gm-prepare --to-postgis`, its tiles served by ST_AsMVT functions behind the
// minimal route server/postgis-tiles.mjs, statuses read from a table; <gm-map> on the built bundle
// in Chromium draws, drills down and colours grids from it. Needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import pg from 'pg';
import { PNG } from 'pngjs';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { startCluster } from '../../scripts/pg-cluster.mjs';
import { startPostgisTiles } from '../../server/postgis-tiles.mjs';
import { ROOT, serveRepository } from './static-server.mjs';

const SAMPLE = join(ROOT, 'fixtures/out/sample');
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module" src="/dist/gm.bundle.js"></script>
<body style="margin:0"><gm-map src="/pg/manifest.json" style="display:block;width:800px;height:600px" preserve-drawing-buffer></gm-map></body>`;
let cluster;
let tiles;
let server;
let origin;
let browser;
let areas;

before(async () => {
  cluster = await startCluster();
  const levels = { district: 'districts', town: 'towns', community: 'communities', grid: 'grids' };
  execFileSync(process.execPath, [join(ROOT, 'bin/gm-prepare.mjs'), '--quiet', ...Object.entries(levels).flatMap(([l, f]) => ['--level', `${l}=${join(SAMPLE, `${f}.geojson`)}`]), '--to-postgis', cluster.url]);
  tiles = await startPostgisTiles({ db: cluster.url, port: 0 });
  areas = await (await fetch(`${tiles.url}/areas.json`)).json();
  // The map's page and the tile route from one origin, as a reverse proxy would put them.
  const proxy = (req, res) => {
    if (req.url === '/postgis.html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE), true;
    if (!req.url.startsWith('/pg/')) return false;
    const upstream = request(`${tiles.url}${req.url.slice(3)}`, (answer) => (res.writeHead(answer.statusCode, answer.headers), answer.pipe(res)));
    upstream.end();
    return true;
  };
  [server, origin] = await serveRepository({}, proxy);
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  await tiles?.close();
  cluster?.stop();
});

/** The page's map once ready and idle. */
async function openMap() {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  if (process.env.GM_DEBUG) page.on('console', (m) => console.log('page:', m.text()));
  if (process.env.GM_DEBUG) page.on('requestfailed', (r) => console.log('failed:', r.url()));
  if (process.env.GM_DEBUG) page.on('response', (r) => r.status() >= 400 && console.log('status', r.status(), r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/postgis.html`);
  await page.evaluate(async () => {
    const el = document.querySelector('gm-map');
    window.gmErrors = [];
    el.addEventListener('gm-error', (e) => window.gmErrors.push(e.detail.reason));
    await el.ready;
  });
  await idle(page);
  return { page, errors };
}

const idle = (page) => page.waitForFunction(() => {
  const map = document.querySelector('gm-map').getMap();
  return map.loaded() && !map.isMoving() && map.areTilesLoaded();
}, null, { timeout: 30000, polling: 100 });

/** Clicks the map at a longitude/latitude; resolves with the selection's [level, code] once the map has settled. */
async function clickArea(page, lngLat) {
  const point = await page.evaluate((p) => document.querySelector('gm-map').getMap().project(p), lngLat);
  // The listener is in place before the click (an evaluate runs in the page asynchronously); the
  // selection's camera move starts in a later frame: waited for (or 2 s without one), then rest.
  await page.evaluate(() => {
    window.nextSelect = new Promise((resolve, reject) => {
      const map = document.querySelector('gm-map').getMap();
      document.querySelector('gm-map').addEventListener('gm-select', (e) => {
        const done = () => resolve(e.detail);
        const timer = setTimeout(done, 2000);
        map.once('movestart', () => (clearTimeout(timer), map.once('moveend', done)));
      }, { once: true });
      setTimeout(() => reject(new Error('no gm-select within 20 s of the click')), 20_000);
    });
  });
  await page.mouse.click(point.x, point.y);
  const selected = page.evaluate(() => window.nextSelect);
  const detail = await selected;
  await idle(page);
  return [detail.level, detail.code];
}

/** [r, g, b] of the canvas pixel at a longitude/latitude. */
async function pixelAt(page, lngLat) {
  const { x, y } = await page.evaluate((p) => document.querySelector('gm-map').getMap().project(p), lngLat);
  const png = PNG.sync.read(await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } }));
  return [png.data[0], png.data[1], png.data[2]];
}

test('the map draws the hierarchy from PostGIS tiles, drills down to a community and colours its grids from the statuses table', { timeout: 240_000 }, async () => {
  const community = areas.community.codes[5];
  const grids = areas.grid.codes.map((code, i) => ({ code, label: areas.grid.labels.slice(2 * i, 2 * i + 2) })).filter((g) => g.code.startsWith(community));
  assert.ok(grids.length >= 2, `${community} has ${grids.length} grids`);
  const [emergency, other] = grids;
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  await db.query("INSERT INTO gm_statuses (code, board, status) SELECT $1, b, 'emergency' FROM unnest(ARRAY['party','economy','livelihood','safety']) b", [emergency.code]);
  await db.query("INSERT INTO gm_statuses (code, board, status) SELECT $1, b, 'normal' FROM unnest(ARRAY['party','economy','livelihood','safety']) b", [other.code]);
  await db.end();

  const { page, errors } = await openMap();
  const drawn = await page.evaluate(() => {
    const map = document.querySelector('gm-map').getMap();
    const count = (layer) => map.queryRenderedFeatures({ layers: [layer] }).length;
    return { districts: count('gm-district-line'), towns: count('gm-town-line'), source: map.getSource('gm-district').tiles[0] };
  });
  assert.ok(drawn.districts > 0 && drawn.towns > 0, JSON.stringify(drawn));
  assert.match(drawn.source, /\/pg\/tiles\/district\/\{z\}\/\{x\}\/\{y\}\.pbf$/, 'drawn from the PostGIS route');

  // Drill down district › town › community (`selected`, as the breadcrumb and search do), each
  // level's children drawn from its own function's tiles.
  const town = areas.town.codes.find((t) => community.startsWith(t));
  for (const [code, children] of [[areas.district.codes[0], 'town'], [town, 'community'], [community, 'grid']]) {
    await page.evaluate((c) => (document.querySelector('gm-map').selected = c), code);
    await page.waitForFunction((level) => document.querySelector('gm-map').getMap().getLayoutProperty(`gm-${level}-fill`, 'visibility') === 'visible', children, { timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('gm-map').getMap().isMoving(), null, { timeout: 30_000 });
    await idle(page);
    const drawnChildren = await page.evaluate((level) => document.querySelector('gm-map').getMap().queryRenderedFeatures({ layers: [`gm-${level}-fill`] }).map((f) => String(f.id)), children);
    assert.ok(drawnChildren.some((c) => c.startsWith(code)), `${code}'s ${children}s drawn`);
  }
  const gridIds = await page.evaluate(() => [...new Set(document.querySelector('gm-map').getMap().queryRenderedFeatures({ layers: ['gm-grid-fill'] }).map((f) => String(f.id)))]);
  for (const g of grids) assert.ok(gridIds.includes(g.code), `grid ${g.code} drawn`);

  assert.equal(await page.evaluate((code) => document.querySelector('gm-map').statusOf(code), emergency.code), 'emergency');
  // The names are drawn on the label points: hidden, so the pixels read are the fills'.
  await page.evaluate(() => {
    const map = document.querySelector('gm-map').getMap();
    for (const layer of map.getStyle().layers) if (layer.type === 'symbol') map.setLayoutProperty(layer.id, 'visibility', 'none');
  });
  await idle(page);
  const [r, g, b] = await pixelAt(page, emergency.label);
  const normal = await pixelAt(page, other.label);
  assert.ok(r > g + 60 && r > b + 60, `the emergency grid is drawn red: ${[r, g, b]}`);
  assert.ok(!(normal[0] > normal[1] + 60), `the normal grid is not: ${normal}`);

  assert.deepEqual(await clickArea(page, other.label), ['grid', other.code], 'a click selects the grid');
  assert.deepEqual(await page.evaluate(() => window.gmErrors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a manifest naming the code property (codeField, for servers whose features carry no usable id): grids selected and coloured by it', { timeout: 120_000 }, async () => {
  const { page, errors } = await openMap();
  const grid = { code: areas.grid.codes[40], label: areas.grid.labels.slice(80, 82) };
  // The route's manifest, every level read by its `code` property (MapLibre's promoteId), as an object.
  await page.evaluate(async () => {
    const el = document.querySelector('gm-map');
    const m = await (await fetch('/pg/manifest.json')).json();
    const at = (path) => `${location.origin}/pg/${path}`;
    for (const level of Object.values(m.levels)) Object.assign(level, { tiles: at(level.tiles), codeField: 'code' });
    const ready = new Promise((resolve) => el.addEventListener('gm-ready', resolve, { once: true }));
    Object.assign(el, { src: '', boundaries: { ...m, index: at(m.index), data: { statuses: at(m.data.statuses) } } });
    await ready;
  });
  assert.equal(await page.evaluate(() => document.querySelector('gm-map').getMap().getSource('gm-grid').promoteId), 'code');
  await page.evaluate(([lngLat, code]) => {
    const el = document.querySelector('gm-map');
    el.getMap().jumpTo({ center: lngLat, zoom: 15.5 });
    el.setStatuses([{ code, status: 'emergency' }]);
    for (const layer of el.getMap().getStyle().layers) if (layer.type === 'symbol') el.getMap().setLayoutProperty(layer.id, 'visibility', 'none');
  }, [grid.label, grid.code]);
  await idle(page);
  const ids = await page.evaluate(() => document.querySelector('gm-map').getMap().queryRenderedFeatures({ layers: ['gm-grid-fill'] }).map((f) => f.id));
  assert.ok(ids.includes(grid.code), 'the grids\' ids are their codes');
  const [r, g, b] = await pixelAt(page, grid.label);
  assert.ok(r > g + 60 && r > b + 60, `the grid is drawn red through feature-state on its code: ${[r, g, b]}`);
  assert.deepEqual(await clickArea(page, grid.label), ['grid', grid.code], 'a click names the grid by its code');
  assert.deepEqual(await page.evaluate(() => window.gmErrors), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the tile route answers bad requests with a 4xx and keeps serving', async () => {
  for (const [path, status] of [['/tiles/nowhere/1/0/0.pbf', 404], ['/tiles/grid/3/9/0.pbf', 400], ['/tiles/grid/99/0/0.pbf', 400], ['/%E0%A4%A', 400], ['/../../etc/passwd', 404]]) {
    assert.equal((await fetch(`${tiles.url}${path}`)).status, status, path);
  }
  assert.equal((await fetch(`${tiles.url}/areas.json`, { method: 'POST' })).status, 405);
  const tile = await fetch(`${tiles.url}/tiles/district/11/1654/853.pbf`);
  assert.equal(tile.status, 200);
  assert.equal(tile.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
});
