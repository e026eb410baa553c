import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error -- a plain .mjs module without types
import { noticesFor } from './scripts/third-party.mjs';

const require = createRequire(import.meta.url);

/**
 * MapLibre's worker beside the built modules, as dist/maplibre-gl-worker.mjs: src/engine/maplibre-worker.ts
 * names it with a literal `new URL('./maplibre-gl-worker.mjs', import.meta.url)`, which an app's
 * bundler copies, and which a plain page loads next to gm.bundle.js. Its `sourceMappingURL` comment
 * is dropped: the maps are not shipped (a DevTools 404 otherwise).
 */
const WORKER_URL_REWRITTEN = /new URL\("\.\/maplibre-gl-worker\.mjs", "" \+ import\.meta\.url\)/g;
function shipMaplibreWorker(): Plugin {
  return {
    name: 'ship-maplibre-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      // Vite keeps a URL whose file is not there at build time but writes its base as
      // `"" + import.meta.url`, which an app's bundler no longer recognises: put the literal back.
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(WORKER_URL_REWRITTEN, 'new URL("./maplibre-gl-worker.mjs", import.meta.url)');
      }
      const source = readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      this.emitFile({ type: 'asset', fileName: 'maplibre-gl-worker.mjs', source });
    },
  };
}

/**
 * THIRD-PARTY-NOTICES.txt beside gm.bundle.js: the licence of every package the bundle contains
 * (MIT, ISC, BSD-3-Clause, Apache-2.0 …), read from the modules the bundle was made of.
 */
function thirdPartyNotices(): Plugin {
  return {
    name: 'third-party-notices',
    apply: 'build',
    generateBundle(_options, bundle) {
      const ids = Object.values(bundle).flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []));
      this.emitFile({ type: 'asset', fileName: 'THIRD-PARTY-NOTICES.txt', source: noticesFor(ids) });
    },
  };
}

/**
 * `vite build` → dist/index.js and one module per element for bundlers (dependencies external);
 * `GM_BUNDLE=1 vite build` → dist/gm.bundle.js, one self-contained module for plain pages, with
 * maplibre's worker and the search's pinyin dictionary (loaded on the first search) beside it. `npm run build` runs both.
 */
const bundle = process.env.GM_BUNDLE === '1';

/**
 * One entry per element (`dist/<name>.js` registers `gm-<name>`), the index that registers all, the
 * React wrappers (all, and one file per element), the constants alone, and the module that names
 * MapLibre's worker (at dist/'s root, beside the worker file).
 */
const ELEMENTS = ['map', 'sites', 'staff', 'events', 'fences', 'alert-list', 'board-filter', 'breadcrumb', 'legend', 'stats', 'search', 'live', 'work-orders'];
const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  constants: 'src/constants.ts',
  'maplibre-worker': 'src/engine/maplibre-worker.ts',
  ...Object.fromEntries(ELEMENTS.map((name) => [name, `src/components/${name}/${name}.ts`])),
  ...Object.fromEntries(ELEMENTS.map((name) => [`react/${name}`, `src/react/${name}.ts`])),
};

/**
 * For bundlers every dependency stays an import, so the host's bundler de-duplicates Lit and
 * MapLibre with its own copies. Exact 'maplibre-gl' so that its CSS (`?inline`) is still inlined.
 */
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string>; peerDependencies?: Record<string, string> };
const EXTERNAL = [
  'maplibre-gl',
  ...[...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})].filter((d) => d !== 'maplibre-gl').map((d) => new RegExp(`^${d.replace('/', '\\/')}($|/)`)),
];

export default defineConfig({
  // GM_VITE_CACHE: the fresh-clone test's own pre-bundle cache (examples/test/demo-dev.test.mjs).
  ...(process.env.GM_VITE_CACHE ? { cacheDir: process.env.GM_VITE_CACHE } : {}),
  // maplibre-gl 6 starts its worker from new URL('./maplibre-gl-worker.mjs', import.meta.url);
  // pre-bundling would move the module to .vite/deps where that file is missing. maplibre-gl.mjs
  // has no imports of its own, so excluding it costs nothing.
  // Pre-bundled up front, not discovered mid-run (a re-optimisation during a test run fails it).
  // @web/test-runner-commands imports wtr's own '/__web-dev-server__web-socket.js', which pre-bundling breaks.
  // The demo's pages are the dev server's entries: scanning every HTML file found examples/, whose
  // imports of dist/ fail before a build (and the deps found late made Vite reload the first visit).
  optimizeDeps: { entries: ['index.html', 'demo/*.html'], exclude: ['maplibre-gl', '@web/test-runner-commands'], include: ['lit/directive-helpers.js', '@turf/turf', '@lit/context', '@mdi/js'] },
  // Lit's production build everywhere (not its `development` export, which logs "Lit is in dev mode" on every page).
  resolve: { conditions: ['module', 'browser', 'production'] },
  server: {
    fs: { strict: true },
    // The demo's live feed (scripts/start.mjs runs it): same origin for the page, SSE and WebSocket.
    proxy: { '/live': { target: `http://127.0.0.1:${process.env.GM_FEED_PORT ?? '5174'}`, ws: true } },
  },
  plugins: bundle ? [shipMaplibreWorker(), thirdPartyNotices()] : [shipMaplibreWorker()],
  // Asset URLs relative to the module that names them (new URL('…', import.meta.url)), not to the
  // site's root: the built modules sit wherever the host serves them or its bundler copies them.
  base: './',
  // The library's data worker (src/engine/workers/), inlined as an ES module (`?worker&inline`).
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: !bundle,
    minify: bundle,
    // Maps are made for debugging this repository's build but not named in the modules, and the
    // package leaves them out (package.json `files`): a user runs none of them.
    sourcemap: 'hidden',
    lib: bundle
      ? { entry: 'src/index.ts', formats: ['es'], fileName: () => 'gm.bundle.js' }
      : { entry: LIBRARY_ENTRIES, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      external: bundle ? [] : EXTERNAL,
      // The bundle's lazy chunk (the search's pinyin dictionary) sits beside it, like the worker.
      // Minified whitespace too (Vite's library mode keeps it in ES output): the bundle is for plain pages.
      output: bundle
        ? { minify: true, chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/pinyin-pro/')) ? 'gm.bundle.pinyin.js' : 'gm.bundle.[name].js') }
        : { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
