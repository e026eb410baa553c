#!/usr/bin/env node
// npm run sizes: what `npm run build` ships, raw and gzip, and what of dist/gm.bundle.js is the
// library's own code and what is Lit, MapLibre and the other dependencies (from the bundle's
// module graph: each module's share of the rendered code, applied to the minified file).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const file = (path) => readFileSync(path);

function row(label, paths) {
  const bufs = paths.map(file);
  const raw = bufs.reduce((n, b) => n + b.length, 0);
  const zipped = gz(Buffer.concat(bufs));
  console.log(`| ${label} | ${raw.toLocaleString('en')} B (${kb(raw)}) | ${zipped.toLocaleString('en')} B (${kb(zipped)}) |`);
  return { raw, zipped };
}

const js = (dir) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
console.log('| output | raw | gzip -9 |\n| --- | ---: | ---: |');
row('library for bundlers: dist/*.js + dist/chunks/*.js (own code only, not minified; dependencies are imports)', [...js('dist'), ...js('dist/chunks')].filter((p) => !p.includes('/gm.bundle.')));
const bundle = row('dist/gm.bundle.js (everything, minified)', ['dist/gm.bundle.js']);
row('dist/maplibre-gl-worker.mjs (MapLibre\'s worker, beside the bundle)', ['dist/maplibre-gl-worker.mjs']);
row('dist/gm.bundle.pinyin.js (the search\'s pinyin dictionary, beside the bundle, loaded on the first search)', ['dist/gm.bundle.pinyin.js']);

// The bundle's composition, from a build that is not written.
process.env.GM_BUNDLE = '1';
const [output] = [].concat(await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { write: false } }));
const chunk = output.output.find((o) => o.type === 'chunk' && o.fileName === 'gm.bundle.js');
const groups = new Map();
for (const [id, info] of Object.entries(chunk.modules)) {
  const match = id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const group = match ? match[1] : 'own code (src/)';
  groups.set(group, (groups.get(group) ?? 0) + info.renderedLength);
}
const total = [...groups.values()].reduce((a, b) => a + b, 0);
console.log(`\ndist/gm.bundle.js by origin (share of the code before minification, applied to ${kb(statSync('dist/gm.bundle.js').size)} minified / ${kb(bundle.zipped)} gzip):\n`);
console.log('| origin | share | ≈ minified | ≈ gzip |\n| --- | ---: | ---: | ---: |');
const sorted = [...groups].sort((a, b) => b[1] - a[1]);
const shown = sorted.slice(0, 8);
const rest = sorted.slice(8).reduce((n, [, v]) => n + v, 0);
for (const [group, length] of [...shown, ...(rest ? [['others', rest]] : [])]) {
  const share = length / total;
  console.log(`| ${group} | ${(100 * share).toFixed(1)} % | ${kb(share * bundle.raw)} | ${kb(share * bundle.zipped)} |`);
}
