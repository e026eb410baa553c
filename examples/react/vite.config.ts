import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  // In an app, `npm i grid-map-components` resolves these through the package's `exports`; here
  // the example uses this repository's build (`npm run build`) directly.
  resolve: { alias: [{ find: /^grid-map-components\/react$/, replacement: dist('react.js') }, { find: /^grid-map-components$/, replacement: dist('index.js') }] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  logLevel: 'warn',
});
