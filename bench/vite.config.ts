// Builds the benchmark pages as a production app (minified, Lit in production mode), so the
// figures are those of a real deployment, not of the dev server's module graph.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pages = resolve(import.meta.dirname, 'pages');

export default defineConfig({
  root: pages,
  base: '/',
  publicDir: false,
  // BENCH_PROFILE=1: MapLibre's readable build, for CPU profiles with function names.
  resolve: process.env.BENCH_PROFILE
    ? { alias: [{ find: /^maplibre-gl$/, replacement: 'maplibre-gl/dist/maplibre-gl-dev.mjs' }, { find: 'maplibre-gl/dist/maplibre-gl-worker.mjs', replacement: 'maplibre-gl/dist/maplibre-gl-worker-dev.mjs' }] }
    : undefined,
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: process.env.BENCH_MINIFY !== '0',
    rolldownOptions: { input: ['floor', 'plain', 'baseline', 'gm', 'soak', 'hostile'].map((p) => resolve(pages, `${p}.html`)) },
  },
});
