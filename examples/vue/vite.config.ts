import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // gm- tags are custom elements, not Vue components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('gm-') } } })],
  // In an app, `npm i grid-map-components` resolves this through the package's `exports`; here the
  // example uses this repository's build (`npm run build`) directly.
  resolve: { alias: [{ find: /^grid-map-components$/, replacement: dist('index.js') }] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  logLevel: 'warn',
});
