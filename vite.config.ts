import { defineConfig } from 'vite';

export default defineConfig({
  // maplibre-gl 6 starts its worker from new URL('./maplibre-gl-worker.mjs', import.meta.url);
  // pre-bundling would move the module to .vite/deps where that file is missing. maplibre-gl.mjs
  // has no imports of its own, so excluding it costs nothing.
  optimizeDeps: { exclude: ['maplibre-gl'], include: ['lit/directive-helpers.js'] },
  server: { fs: { strict: true } },
});
