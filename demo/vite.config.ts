// `npm run build-demo`: the demo page as a production app in dist-demo/ (what the strict-CSP test
// serves; `npm start` runs it from source instead).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  base: '/dist-demo/',
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: 'dist-demo', emptyOutDir: true, chunkSizeWarningLimit: 4000, rolldownOptions: { input: fileURLToPath(new URL('../index.html', import.meta.url)) } },
});
