// What a host gets from the built package: every `exports` entry resolves to a file, the types
// declare each element in HTMLElementTagNameMap, and custom-elements.json describes each element
// with its attributes, events and parts (from the JSDoc). Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referencePage } from '../../scripts/reference.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const TAGS = ['map', 'sites', 'staff', 'events', 'fences', 'alert-list', 'board-filter', 'breadcrumb', 'legend', 'stats', 'search', 'live', 'work-orders'];

test('every export resolves to a built file, one module per element', () => {
  const targets = [];
  for (const [key, value] of Object.entries(pkg.exports)) {
    const conditions = typeof value === 'string' ? { default: value } : value;
    for (const target of Object.values(conditions)) {
      if (key.includes('*')) for (const tag of TAGS) targets.push(target.replaceAll('*', tag));
      else targets.push(target);
    }
  }
  const missing = targets.filter((t) => !existsSync(join(ROOT, t)));
  assert.deepEqual(missing, []);
  assert.ok(targets.length >= 4 + 2 * TAGS.length);
  assert.equal(pkg.customElements, 'custom-elements.json');
  // Each element module registers its element, and only its own module graph is imported.
  for (const tag of TAGS) assert.match(readFileSync(join(ROOT, `dist/${tag}.js`), 'utf8'), /from "\.\/chunks\//, `dist/${tag}.js`);
  // Lit and MapLibre stay imports for the host's bundler to de-duplicate.
  const index = ['dist/index.js', ...TAGS.map((t) => `dist/${t}.js`)].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  assert.doesNotMatch(index, /class LitElement|class ReactiveElement/);
});

test('types declare each element for HTMLElementTagNameMap and the events for addEventListener', () => {
  for (const tag of TAGS) {
    const dts = readFileSync(join(ROOT, `dist/types/components/${tag}/${tag}.d.ts`), 'utf8');
    assert.match(dts, new RegExp(`'gm-${tag}': Gm`), `gm-${tag} in HTMLElementTagNameMap`);
  }
  const events = readFileSync(join(ROOT, 'dist/types/event-types.d.ts'), 'utf8');
  assert.match(events, /interface GlobalEventHandlersEventMap extends GmEventMap/);
  for (const name of ['gm-ready', 'gm-select', 'gm-error', 'gm-alert', 'gm-live-status']) assert.match(events, new RegExp(`'${name}': CustomEvent<`));
  assert.ok(existsSync(join(ROOT, 'dist/types/react/index.d.ts')));
});

test('custom-elements.json documents every element: attributes, events, parts, with descriptions', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  assert.deepEqual(elements.map((d) => d.tagName).sort(), TAGS.map((t) => `gm-${t}`).sort());
  const map = elements.find((d) => d.tagName === 'gm-map');
  for (const attribute of ['src', 'theme', 'boards', 'selected', 'lang', 'basemap', 'detail']) {
    assert.ok(map.attributes.some((a) => a.name === attribute && a.description), `gm-map[${attribute}] documented`);
  }
  for (const event of ['gm-ready', 'gm-select', 'gm-hover', 'gm-view-change', 'gm-alert', 'gm-error', 'gm-progress']) {
    assert.ok(map.events.some((e) => e.name === event && e.description), `gm-map ${event} documented`);
  }
  const undocumented = elements.flatMap((d) => [
    ...(d.attributes ?? []).filter((a) => !a.description).map((a) => `${d.tagName}[${a.name}]`),
    ...(d.events ?? []).filter((e) => !e.description).map((e) => `${d.tagName} ${e.name}`),
    ...(d.cssParts ?? []).filter((p) => !p.description).map((p) => `${d.tagName}::part(${p.name})`),
    ...(d.members ?? []).filter((m) => !m.privacy && !m.static && !m.description && !m.inheritedFrom).map((m) => `${d.tagName}.${m.name}`),
  ]);
  assert.deepEqual(undocumented, [], 'everything public has a description');
  for (const d of elements) assert.ok(d.cssParts?.length || d.tagName === 'gm-fences', `${d.tagName} has parts`);
});

test('docs/reference.md is the page the manifest makes (regenerate with `npm run reference`)', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  assert.equal(readFileSync(join(ROOT, 'docs/reference.md'), 'utf8'), referencePage(manifest));
});

test('the tarball holds what a user runs, the docs and the licences: no source maps, tests, images or sources', async () => {
  const { execFileSync } = await import('node:child_process');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' }));
  const paths = packed.files.map((f) => f.path);
  assert.deepEqual(paths.filter((p) => /\.map$|\.test\.|\.png$|^src\/|^test\/|^fixtures\//.test(p)), []);
  for (const needed of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/gm.bundle.js', 'dist/maplibre-gl-worker.mjs', 'dist/maplibre-worker.js', 'dist/THIRD-PARTY-NOTICES.txt', 'dist/constants.js', 'dist/react/legend.js', 'web-types.json', 'vscode.html-custom-data.json', 'custom-elements.json']) {
    assert.ok(paths.includes(needed), `${needed} in the tarball`);
  }
  // The worker's URL is the literal a bundler recognises (not Vite's `"" + import.meta.url`).
  assert.match(readFileSync(join(ROOT, 'dist/maplibre-worker.js'), 'utf8'), /new URL\("\.\/maplibre-gl-worker\.mjs", import\.meta\.url\)/);
  assert.doesNotMatch(readFileSync(join(ROOT, 'dist/maplibre-gl-worker.mjs'), 'utf8'), /sourceMappingURL/);
  assert.deepEqual(Object.keys(pkg.dependencies).filter((d) => d === '@turf/turf' || d === 'maplibre-gl'), [], 'MapLibre is a peer, turf/turf not installed');
  assert.ok(pkg.peerDependencies['maplibre-gl']);
});

test('third-party notices name every package inside gm.bundle.js with its licence text', () => {
  const notices = readFileSync(join(ROOT, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
  for (const name of ['maplibre-gl', 'lit-html', '@lit/reactive-element', 'earcut', 'kdbush', 'pinyin-pro', '@turf/helpers']) assert.match(notices, new RegExp(`^${name.replace('/', '\\/')} \\d`, 'm'), name);
  for (const licence of ['MIT', 'ISC', 'BSD-3-Clause']) assert.ok(notices.includes(` — ${licence}`), licence);
  assert.match(notices, /Permission is hereby granted/);
});

test('IDE data (web-types, VS Code custom data) lists every element, its attributes and their allowed values', () => {
  const vscode = JSON.parse(readFileSync(join(ROOT, 'vscode.html-custom-data.json'), 'utf8'));
  const webTypes = JSON.parse(readFileSync(join(ROOT, 'web-types.json'), 'utf8'));
  assert.deepEqual(vscode.tags.map((t) => t.name).sort(), TAGS.map((t) => `gm-${t}`).sort());
  const map = vscode.tags.find((t) => t.name === 'gm-map');
  assert.deepEqual(map.attributes.find((a) => a.name === 'theme').values.map((v) => v.name), ['light', 'dark', 'screen']);
  assert.ok(map.attributes.every((a) => a.description), 'every attribute described');
  const element = webTypes.contributions.html.elements.find((e) => e.name === 'gm-map');
  assert.ok(element.events.some((e) => e.name === 'gm-select'));
  assert.equal(webTypes.version, pkg.version);
  assert.equal(pkg['web-types'], './web-types.json');
});
