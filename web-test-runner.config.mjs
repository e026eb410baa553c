// @web/test-runner: test files go through Vite (the same pipeline as `vite build` and Storybook:
// Oxc TS and decorators, `?inline` CSS, CJS pre-bundling of turf's dependencies) and run in the
// system Chromium with software WebGL, through playwright-core (no browser download).
import { relative } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'vite';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';
import { feedServerPlugin } from './test/harness/feed-server-plugin.mjs';
import { readArchive } from './fixtures/test/helpers.mjs';
import { hostileFile } from './test/hostile/hostile-files.mjs';

const executablePath = chromiumPath();

const vite = await createServer({
  configFile: './vite.config.ts',
  clearScreen: false,
  logLevel: 'warn',
  appType: 'custom',
  // Its own pre-bundle cache: the dev server (`npm start`) discovers other dependencies, and a
  // cache it left behind made Vite re-optimise in the middle of a test run (a failed import).
  cacheDir: 'node_modules/.vite-wtr',
  // Scan every test file for dependencies before the first request: a dependency found later
  // (by a test file loaded in parallel) makes Vite re-optimise and fails that file's import.
  optimizeDeps: { entries: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  server: { middlewareMode: true, hmr: false, ws: false },
  plugins: [
    {
      // @web/test-runner-commands loads wtr's own web-socket module by absolute URL; wtr serves
      // it, so Vite must leave that import alone.
      name: 'wtr-own-modules',
      enforce: 'pre',
      resolveId: (id) => (id.startsWith('/__web-dev-server') ? { id, external: true } : null),
    },
  ],
});

/**
 * Bad servers for the reliability tests: `/test-hooks/stall` answers nothing until the client
 * gives up; `/test-hooks/stall-body` sends its headers and the start of a body, then nothing;
 * `/test-hooks/truncated/<path>` serves the first half of a file of the repository;
 * `/test-hooks/hostile/<path>` serves hostile and oversized input (test/hostile/hostile-files.mjs).
 */
/**
 * Tile servers for the tile-source tests, all serving the sample's own tiles (read from its PMTiles
 * archives): `/test-hooks/xyz/<level>/<z>/<x>/<y>` a `{z}/{x}/{y}` server, `/test-hooks/tilejson/<level>`
 * its TileJSON; `/test-hooks/tile-status/<code>/…` answers every tile with that HTTP status,
 * `/test-hooks/tile-html/…` with an HTML page (a mis-routed server); `/test-hooks/mosaic-xyz/…` the
 * courtyards' mosaic tiles as files; `/test-hooks/bytes/<fault>/<path>`
 * serves a repository file with range requests, cut to an eighth (`truncated`) or with its first bytes
 * overwritten (`magic`).
 */
async function tileHooks(ctx) {
  // The courtyards' mosaic tiles as files, `/test-hooks/mosaic-xyz/{z}/{x}/{y}.png` (404 where the
  // archive has none); `mosaic-xyz-holes/…` answers 404 for every tile of an odd column too.
  const mosaic = /^\/test-hooks\/mosaic-xyz(-holes)?\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(ctx.path);
  if (mosaic) {
    const archive = await readArchive(new URL('./fixtures/out/sample-micro/microgrids.mosaic.pmtiles', import.meta.url).pathname);
    const [z, x, y] = mosaic.slice(2).map(Number);
    const tile = mosaic[1] && x % 2 ? undefined : await archive.getZxy(z, x, y);
    ctx.status = tile ? 200 : 404;
    ctx.type = tile ? 'image/png' : 'text/plain';
    ctx.body = tile ? Buffer.from(tile.data) : 'no tile';
    return true;
  }
  const xyz = /^\/test-hooks\/xyz\/([a-z]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(ctx.path);
  if (xyz) {
    const archive = await readArchive(new URL(`./fixtures/out/sample/${xyz[1]}.pmtiles`, import.meta.url).pathname);
    const tile = await archive.getZxy(Number(xyz[2]), Number(xyz[3]), Number(xyz[4]));
    ctx.type = 'application/vnd.mapbox-vector-tile';
    ctx.body = tile ? Buffer.from(tile.data) : Buffer.alloc(0);
    return true;
  }
  const tilejson = /^\/test-hooks\/tilejson\/([a-z]+)$/.exec(ctx.path);
  if (tilejson) {
    const manifest = JSON.parse(readFileSync(new URL('./fixtures/out/sample/manifest.json', import.meta.url), 'utf8'));
    ctx.type = 'application/json';
    ctx.body = { tilejson: '3.0.0', tiles: [`${ctx.origin}/test-hooks/xyz/${tilejson[1]}/{z}/{x}/{y}`], minzoom: 5, maxzoom: 11, bounds: manifest.bounds };
    return true;
  }
  const status = /^\/test-hooks\/tile-status\/(\d{3})\//.exec(ctx.path);
  if (status) {
    ctx.status = Number(status[1]);
    ctx.body = 'no tile here';
    return true;
  }
  if (ctx.path.startsWith('/test-hooks/tile-html/')) {
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><title>Login</title><p>Please sign in';
    return true;
  }
  const bytes = /^\/test-hooks\/bytes\/(truncated|magic)\/(.+)$/.exec(ctx.path);
  if (bytes) {
    let body = readFileSync(new URL(`./${bytes[2]}`, import.meta.url));
    if (bytes[1] === 'truncated') body = body.subarray(0, Math.floor(body.length / 8));
    else body = Buffer.concat([Buffer.from('NOTPMTILES'), body.subarray(10)]);
    const range = /^bytes=(\d+)-(\d+)$/.exec(ctx.get('range'));
    ctx.type = 'application/octet-stream';
    if (range && Number(range[1]) >= body.length) {
      ctx.status = 416;
      ctx.set('Content-Range', `bytes */${body.length}`);
      ctx.body = '';
    } else if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${start}-${end}/${body.length}`);
      ctx.body = body.subarray(start, end + 1);
    } else ctx.body = body;
    return true;
  }
  return false;
}

async function testHooks(ctx, next) {
  if (ctx.path.startsWith('/test-hooks/') && (await tileHooks(ctx))) return;
  if (ctx.path === '/test-hooks/stall') {
    await new Promise((resolve) => ctx.req.once('close', resolve));
    ctx.respond = false;
    return;
  }
  if (ctx.path === '/test-hooks/stall-body') {
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'application/json' });
    ctx.res.write('{"name": "stalled", "bounds": [');
    await new Promise((resolve) => ctx.req.once('close', resolve));
    return;
  }
  if (ctx.path.startsWith('/test-hooks/hostile/')) {
    const file = hostileFile(ctx.path.slice('/test-hooks/hostile/'.length));
    if (!file) return next();
    ctx.type = file.type;
    ctx.body = file.body;
    return;
  }
  if (ctx.path.startsWith('/test-hooks/truncated/')) {
    // Bytes, not text: an areas.bin cut in half stays the bytes it was up to there.
    const bytes = readFileSync(new URL(`.${ctx.path.slice('/test-hooks/truncated'.length)}`, import.meta.url));
    ctx.type = ctx.path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    ctx.body = bytes.subarray(0, Math.floor(bytes.length / 2));
    return;
  }
  return next();
}

/** Koa middleware: everything but wtr's own pages and assets is served by Vite. */
function viteMiddleware(ctx, next) {
  const p = ctx.path;
  if (p === '/' || p.startsWith('/__web-dev-server') || p.startsWith('/__wds') || p.endsWith('.html')) return next();
  return new Promise((resolve, reject) => {
    ctx.res.once('finish', () => resolve());
    vite.middlewares(ctx.req, ctx.res, (err) => (err ? reject(err) : resolve(next())));
  }).then(() => {
    if (ctx.res.writableEnded) ctx.respond = false;
  });
}

/**
 * Counts results over every file. With WTR_SUMMARY_FILE set (by scripts/test.mjs) it writes
 * them there for the run's one summary line; otherwise it prints `wtr: N passed, N failed`.
 */
function summaryReporter() {
  const count = (suite, acc, file, path) => {
    for (const t of suite?.tests ?? []) {
      const result = t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed';
      acc[result]++;
      if (result === 'failed') acc.failures.push(`${file} › ${[...path, t.name].join(' › ')}: ${firstLine(t.error?.message)}`);
    }
    for (const s of suite?.suites ?? []) count(s, acc, file, [...path, s.name]);
    return acc;
  };
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const s of sessions) {
        const failed = acc.failed;
        const file = relative(process.cwd(), s.testFile);
        count(s.testResults, acc, file, []);
        // A file that failed to load or threw outside a test has no results: count it as a failure.
        if (!s.passed && acc.failed === failed) {
          acc.failed++;
          acc.failures.push(`${file}: ${firstLine(s.errors?.[0]?.message) || 'failed outside its tests'}`);
        }
      }
      if (process.env.WTR_SUMMARY_FILE) writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // wtr's dynamic terminal swallows output written during stop(); print on exit instead.
      else process.once('exit', () => console.log(`${acc.failures.map((f) => `failed: ${f}\n`).join('')}wtr: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped`));
    },
  };
}

/** The first line of an error message (a failing test's name in the run's last lines needs no more). */
const firstLine = (message) => String(message ?? '').split('\n')[0].slice(0, 300);

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  concurrency: 1,
  reporters: [defaultReporter(), summaryReporter()],
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: Number(process.env.WTR_FILE_TIMEOUT ?? 300000),
  testFramework: { config: { timeout: 30000 } },
  middleware: [testHooks, viteMiddleware],
  plugins: [{ name: 'close-vite', serverStop: () => vite.close() }, feedServerPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      // gc() and precise heap figures for the lifecycle test's heap comparison.
      launchOptions: { executablePath, headless: true, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'] },
    }),
  ],
};
