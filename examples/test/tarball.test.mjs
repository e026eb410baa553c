// The package as a new user meets it: `npm pack`, then the tarball installed into fresh apps in a
// temporary folder — Vite + TypeScript and React 19 (the per-element wrappers), each with npm and pnpm, and a
// plain HTML page (gm.bundle.js, no bundler) — each built with no configuration of its own and
// opened in Chromium, where the map must draw from the sample fixture with nothing fetched beyond
// loopback. Then what goes wrong in the field: an app on maplibre-gl 5 (one MapLibre in the end),
// and a worker that 404s or is served with the wrong type (`worker-unreachable` within 10 s).
// Needs `npm run build` first (npm test runs it before this). Installs from the npm registry
// (with npm's cache, --prefer-offline).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { areasDrawn, ROOT, serveRepository } from './static-server.mjs';

const repo = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'gm-tarball-'));
const PNPM = 'pnpm@10.34.8';
let tarball;
let browser;
const servers = [];

/** Runs a command in a folder; returns its status and output (never throws). */
function sh(cwd, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env }, timeout: 300_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function ok(result, what) {
  assert.equal(result.status, 0, `${what} failed:\n${result.out.slice(-3000)}`);
  return result.out;
}

before(() => {
  assert.ok(existsSync(join(ROOT, 'dist/gm.bundle.js')), 'run `npm run build` first');
  const packed = JSON.parse(ok(sh(ROOT, 'npm', ['pack', '--json', '--pack-destination', work]), 'npm pack'));
  tarball = join(work, packed[0].filename);
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Writes an app: its package.json (the tarball as a dependency, plus `deps`) and its files; returns its folder. */
function app(name, deps, files) {
  const dir = join(work, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const pkg = { name, private: true, type: 'module', scripts: { build: 'vite build' }, dependencies: { 'grid-map-components': `file:${tarball}`, ...deps } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  // The sample city, served by the app itself (Vite copies public/ into the build).
  cpSync(join(ROOT, 'fixtures/out/sample'), join(dir, 'public/sample'), { recursive: true });
  return dir;
}

const install = (dir, manager = 'npm') =>
  manager === 'npm' ? sh(dir, 'npm', ['install', '--prefer-offline', '--no-package-lock']) : sh(dir, 'npx', ['--yes', PNPM, 'install', '--prefer-offline']);

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, jsx: 'react-jsx', lib: ['ES2022', 'DOM', 'DOM.Iterable'], skipLibCheck: true }, include: ['src'] });
const PAGE = (script) => `<!doctype html><html><head><meta charset="utf-8"><style>gm-map{display:block;height:600px}</style></head><body><p id="boards"></p><div id="root"><gm-map></gm-map></div><script type="module" src="${script}"></script></body></html>`;

/** The Vite + TypeScript app: the root entry, a constant from constants.js, a narrowed gm-select. */
const VITE_TS = {
  'index.html': PAGE('/src/main.ts'),
  'tsconfig.json': TSCONFIG,
  'src/main.ts': `import 'grid-map-components';
import { BOARDS } from 'grid-map-components/constants.js';

const map = document.querySelector('gm-map')!;
const errors: string[] = [];
Object.assign(window, { gmErrors: errors });
map.addEventListener('gm-error', (e) => errors.push(e.detail.reason));
map.addEventListener('gm-select', (e) => (document.title = e.detail.kind === 'area' ? e.detail.code : e.detail.id));
const worker = new URLSearchParams(location.search).get('worker');
if (worker) map.workerUrl = worker;
map.src = new URL('./sample/manifest.json', location.href).href;
document.querySelector('#boards')!.textContent = BOARDS.join(' ');
`,
};

/** The React 19 app: one wrapper per element, imported alone. */
const REACT = {
  'index.html': PAGE('/src/main.tsx').replace('<gm-map></gm-map>', ''),
  'tsconfig.json': TSCONFIG,
  'vite.config.ts': `import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\nexport default defineConfig({ plugins: [react()] });\n`,
  'src/main.tsx': `import { createRoot } from 'react-dom/client';
import { GmMap } from 'grid-map-components/react/map.js';
import { GmLegend } from 'grid-map-components/react/legend.js';

const errors: string[] = [];
Object.assign(window, { gmErrors: errors });
createRoot(document.getElementById('root')!).render(
  <GmMap src={new URL('./sample/manifest.json', location.href).href} onGmError={(e) => errors.push(e.detail.reason)} style={{ display: 'block', height: 600 }}>
    <GmLegend slot="bottom-right" />
  </GmMap>,
);
`,
};

const viteDeps = { vite: repo.devDependencies.vite, typescript: repo.devDependencies.typescript };

/** Opens a page; resolves with how many areas it drew and the gm-error reasons it got (after `ready`, or after the first error when `expectError`). */
async function open(url, { expectError = false } = {}) {
  browser ??= await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const outside = [];
  const pageErrors = [];
  await page.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    const start = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('gm-map') && window.gmErrors, null, { timeout: 30_000 });
    if (expectError) {
      await page.waitForFunction(() => window.gmErrors.length > 0, null, { timeout: 20_000 });
      const detail = await page.evaluate(() => window.gmErrors);
      return { errors: detail, ms: Date.now() - start, outside, pageErrors };
    }
    const drawn = await page.evaluate(areasDrawn);
    return { drawn, errors: await page.evaluate(() => window.gmErrors), outside, pageErrors, boards: await page.textContent('#boards') };
  } finally {
    await page.close();
  }
}

async function serve(dir, types) {
  const [server, origin] = await serveRepository({}, () => false, dir, types);
  servers.push(server);
  return origin;
}

function assertDrew(result, what) {
  assert.ok(result.drawn > 0, `${what}: areas drawn (${result.drawn})`);
  assert.deepEqual(result.errors, [], `${what}: no gm-error`);
  assert.deepEqual(result.outside, [], `${what}: nothing fetched beyond loopback`);
  assert.deepEqual(result.pageErrors, [], `${what}: no page errors`);
}

/** The built app's files (for the worker asset and the count of MapLibre copies). */
const built = (dir) => readdirSync(join(dir, 'dist/assets'));

let viteApp;

test('Vite + TypeScript (npm): installs, type-checks, builds with no configuration and draws; one MapLibre, the worker copied', async () => {
  viteApp = app('vite-ts', viteDeps, VITE_TS);
  ok(install(viteApp), 'npm install');
  ok(sh(viteApp, 'npx', ['tsc', '-p', '.']), 'tsc');
  ok(sh(viteApp, 'npx', ['vite', 'build']), 'vite build');
  assert.equal(built(viteApp).filter((f) => /^maplibre-gl-worker.*\.mjs$/.test(f)).length, 1, `the worker in the build: ${built(viteApp)}`);
  const copies = ok(sh(viteApp, 'npm', ['ls', 'maplibre-gl', '--all', '--parseable']), 'npm ls').trim().split('\n').filter(Boolean);
  assert.equal(copies.length, 1, `one maplibre-gl installed: ${copies}`);
  assert.ok(!existsSync(join(viteApp, 'node_modules/@turf/turf')), '@turf/turf is not installed');
  // No dependency brings its own test tools (sweepline-intersections 2.0.1 lists vitest and ava as
  // dependencies: 196 packages, vite 5 and esbuild among them, in every app that installed the library).
  for (const tool of ['vitest', 'ava']) assert.ok(!existsSync(join(viteApp, 'node_modules', tool)), `${tool} is not installed`);
  const result = await open(`${await serve(join(viteApp, 'dist'))}/index.html`);
  assertDrew(result, 'vite-ts');
  assert.match(result.boards, /party/, 'constants.js gave the boards');
});

test('a worker that 404s, or is served with the wrong type, ends the load with worker-unreachable within 10 s', async () => {
  assert.ok(viteApp, 'needs the Vite app');
  const origin = await serve(join(viteApp, 'dist'));
  const missing = await open(`${origin}/index.html?worker=/no-such-worker.mjs`, { expectError: true });
  assert.deepEqual(missing.errors, ['worker-unreachable']);
  assert.ok(missing.ms < 10_000, `within 10 s (${missing.ms} ms)`);
  // The app deployed without its worker file, and a server that sends .mjs as octet-stream.
  const stripped = join(work, 'vite-ts-no-worker');
  cpSync(join(viteApp, 'dist'), stripped, { recursive: true });
  for (const f of built(viteApp).filter((f) => f.startsWith('maplibre-gl-worker'))) rmSync(join(stripped, 'assets', f));
  for (const [dir, types] of [[stripped, {}], [join(viteApp, 'dist'), { '.mjs': 'application/octet-stream' }]]) {
    const result = await open(`${await serve(dir, types)}/index.html`, { expectError: true });
    assert.deepEqual(result.errors, ['worker-unreachable'], JSON.stringify(types));
    assert.ok(result.ms < 10_000, `within 10 s (${result.ms} ms)`);
  }
});

test('plain HTML: gm.bundle.js from the installed package, no bundler, draws; the same page with .mjs served as octet-stream gets worker-unreachable', async () => {
  assert.ok(viteApp, 'needs the installed package');
  const dir = join(work, 'plain');
  mkdirSync(dir, { recursive: true });
  cpSync(join(viteApp, 'node_modules/grid-map-components/dist'), join(dir, 'gm'), { recursive: true });
  cpSync(join(ROOT, 'fixtures/out/sample'), join(dir, 'sample'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><style>gm-map{display:block;height:600px}</style>
<script type="module" src="gm/gm.bundle.js"></script></head><body><p id="boards">—</p><gm-map src="sample/manifest.json"></gm-map>
<script>window.gmErrors = []; document.querySelector('gm-map').addEventListener('gm-error', (e) => window.gmErrors.push(e.detail.reason));</script></body></html>`);
  assertDrew(await open(`${await serve(dir)}/index.html`), 'plain HTML');
  const wrongType = await open(`${await serve(dir, { '.mjs': 'application/octet-stream' })}/index.html`, { expectError: true });
  assert.deepEqual(wrongType.errors, ['worker-unreachable']);
});

test('Vite + TypeScript (pnpm): the same app installs and builds with pnpm, and draws', async () => {
  const dir = app('vite-ts-pnpm', viteDeps, VITE_TS);
  ok(install(dir, 'pnpm'), 'pnpm install');
  ok(sh(dir, 'npx', ['tsc', '-p', '.']), 'tsc');
  ok(sh(dir, 'npx', ['vite', 'build']), 'vite build');
  assertDrew(await open(`${await serve(join(dir, 'dist'))}/index.html`), 'vite-ts with pnpm');
});

for (const manager of ['npm', 'pnpm']) test(`React 19 (${manager}): the per-element wrappers, built with Vite, draw`, async () => {
  const dir = app(`react-${manager}`, { ...viteDeps, react: repo.devDependencies.react, 'react-dom': repo.devDependencies['react-dom'], '@vitejs/plugin-react': repo.devDependencies['@vitejs/plugin-react'], '@types/react': repo.devDependencies['@types/react'], '@types/react-dom': repo.devDependencies['@types/react-dom'] }, REACT);
  ok(install(dir, manager), `${manager} install`);
  ok(sh(dir, 'npx', ['tsc', '-p', '.']), 'tsc');
  ok(sh(dir, 'npx', ['vite', 'build']), 'vite build');
  assertDrew(await open(`${await serve(join(dir, 'dist'))}/index.html`), `react with ${manager}`);
});

test('an app on maplibre-gl 5: the install stops on the conflict (no second MapLibre); upgraded to 6, it has one and draws', async () => {
  const dir = app('maplibre5', { ...viteDeps, 'maplibre-gl': '^5.8.0' }, VITE_TS);
  const conflict = install(dir);
  assert.notEqual(conflict.status, 0, 'npm refuses the install');
  assert.match(conflict.out, /ERESOLVE[\s\S]*maplibre-gl/, 'and names maplibre-gl');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  pkg.dependencies['maplibre-gl'] = repo.peerDependencies['maplibre-gl'];
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  ok(install(dir), 'npm install after the upgrade');
  const copies = ok(sh(dir, 'npm', ['ls', 'maplibre-gl', '--all', '--parseable']), 'npm ls').trim().split('\n').filter(Boolean);
  assert.equal(copies.length, 1, `one maplibre-gl: ${copies}`);
  ok(sh(dir, 'npx', ['vite', 'build']), 'vite build');
  assertDrew(await open(`${await serve(join(dir, 'dist'))}/index.html`), 'maplibre5 upgraded');
});
