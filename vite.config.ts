import { defineConfig } from 'vite';

export default defineConfig({
  // maplibre-gl 6 starts its worker from new URL('./maplibre-gl-worker.mjs', import.meta.url);
  // pre-bundling would move the module to .vite/deps where that file is missing. maplibre-gl.mjs
  // has no imports of its own, so excluding it costs nothing.
  // @web/test-runner-commands imports wtr's own '/__web-dev-server__web-socket.js', which pre-bundling breaks.
  optimizeDeps: { exclude: ['maplibre-gl', '@web/test-runner-commands'], include: ['lit/directive-helpers.js'] },
  server: { fs: { strict: true } },
});
