import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * maplibre-gl 6 starts its worker from new URL('./maplibre-gl-worker.mjs', import.meta.url).
 * When maplibre is bundled into gm.bundle.js, that file must sit next to the bundle, so the
 * embedding page needs no setWorkerUrl().
 */
function emitMaplibreWorker(): Plugin {
  return {
    name: 'emit-maplibre-worker',
    apply: 'build',
    generateBundle() {
      // With its source map: the worker file names it, and debuggers ask for it.
      for (const fileName of ['maplibre-gl-worker.mjs', 'maplibre-gl-worker.mjs.map']) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(require.resolve(`maplibre-gl/dist/${fileName}`)) });
      }
    },
  };
}

/**
 * `vite build` → dist/index.js and one module per element for bundlers (dependencies external);
 * `GM_BUNDLE=1 vite build` → dist/gm.bundle.js, one self-contained module for plain pages, with
 * maplibre's worker and the search's pinyin dictionary (loaded on the first search) beside it. `npm run build` runs both.
 */
const bundle = process.env.GM_BUNDLE === '1';

/** One entry per element (`dist/<name>.js` registers `gm-<name>`), the index that registers all, and the React wrappers. */
const ELEMENTS = ['map', 'sites', 'staff', 'events', 'fences', 'alert-list', 'board-filter', 'breadcrumb', 'legend', 'stats', 'search', 'live'];
const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  ...Object.fromEntries(ELEMENTS.map((name) => [name, `src/components/${name}/${name}.ts`])),
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
  // maplibre-gl 6 starts its worker from new URL('./maplibre-gl-worker.mjs', import.meta.url);
  // pre-bundling would move the module to .vite/deps where that file is missing. maplibre-gl.mjs
  // has no imports of its own, so excluding it costs nothing.
  // Pre-bundled up front, not discovered mid-run (a re-optimisation during a test run fails it).
  // @web/test-runner-commands imports wtr's own '/__web-dev-server__web-socket.js', which pre-bundling breaks.
  optimizeDeps: { exclude: ['maplibre-gl', '@web/test-runner-commands'], include: ['lit/directive-helpers.js', '@turf/turf', '@lit/context', '@mdi/js'] },
  server: {
    fs: { strict: true },
    // The demo's live feed (scripts/start.mjs runs it): same origin for the page, SSE and WebSocket.
    proxy: { '/live': { target: `http://127.0.0.1:${process.env.GM_FEED_PORT ?? '5174'}`, ws: true } },
  },
  plugins: bundle ? [emitMaplibreWorker()] : [],
  // Asset URLs relative to the module that names them (new URL('…', import.meta.url)), not to the
  // site's root: the built modules sit wherever the host serves them or its bundler copies them.
  base: './',
  // The library's data worker (src/engine/workers/), inlined as an ES module (`?worker&inline`).
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: !bundle,
    minify: bundle,
    sourcemap: true,
    lib: bundle
      ? { entry: 'src/index.ts', formats: ['es'], fileName: () => 'gm.bundle.js' }
      : { entry: LIBRARY_ENTRIES, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      external: bundle ? [] : EXTERNAL,
      // The bundle's one lazy chunk (the search's pinyin dictionary) sits beside it, like the worker.
      output: bundle
        ? { chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/pinyin-pro/')) ? 'gm.bundle.pinyin.js' : 'gm.bundle.[name].js') }
        : { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
