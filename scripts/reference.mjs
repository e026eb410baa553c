#!/usr/bin/env node
// npm run reference: docs/reference.md — every element's attributes, properties, methods, events,
// slots, parts and CSS custom properties, generated from custom-elements.json (the elements'
// JSDoc). `npm run build` writes the manifest first; the package test checks the page is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ORDER = ['gm-map', 'gm-sites', 'gm-staff', 'gm-events', 'gm-fences', 'gm-live', 'gm-alert-list', 'gm-board-filter', 'gm-breadcrumb', 'gm-legend', 'gm-search', 'gm-stats', 'gm-work-orders'];

/** The reference page's markdown for a manifest. */
export function referencePage(manifest) {
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  elements.sort((a, b) => ORDER.indexOf(a.tagName) - ORDER.indexOf(b.tagName));
  const cell = (text = '') => String(text).replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
  const code = (text) => (text ? `\`${cell(text)}\`` : '');
  const out = [
    '# Reference',
    '',
    'Generated from `custom-elements.json` (the elements\' JSDoc) by `npm run reference`; do not edit by hand.',
    'Guides: [map](map.md), [layers](layers.md), [emergencies](emergencies.md), [controls](controls.md), [live feed](live-protocol.md), [theming](theming.md).',
    '',
    ...elements.map((d) => `- [\`<${d.tagName}>\`](#${d.tagName})`),
    '',
  ];
  for (const d of elements) {
    out.push(`## \`<${d.tagName}>\``, '', `<a id="${d.tagName}"></a>`, '');
    if (d.summary) out.push(cell(d.summary), '');
    if (d.description && d.description !== d.summary) out.push(d.description.trim(), '');
    const table = (title, head, rows) => {
      if (!rows.length) return;
      out.push(`**${title}**`, '', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
    };
    const members = (d.members ?? []).filter((m) => !m.privacy && !m.static && m.name !== 'emit');
    table('Attributes', ['attribute', 'property', 'type', 'default', ''], (d.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), cell(a.description)]));
    table('Properties', ['property', 'type', ''], members.filter((m) => m.kind === 'field').map((m) => [code(m.name) + (m.readonly ? ' (read-only)' : ''), code(m.type?.text), cell(m.description)]));
    table('Methods', ['method', 'returns', ''], members.filter((m) => m.kind === 'method').map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.optional || p.default ? '?' : ''}`).join(', ')})`), code(m.return?.type?.text), cell(m.description)]));
    table('Events', ['event', 'detail', ''], (d.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]));
    table('Slots', ['slot', ''], (d.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]));
    table('CSS parts', ['part', ''], (d.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]));
    table('CSS custom properties', ['property', ''], (d.cssProperties ?? []).map((p) => [code(p.name), cell(p.description)]));
  }
  return `${out.join('\n').trim()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  writeFileSync('docs/reference.md', referencePage(manifest));
  console.log('docs/reference.md written');
}
