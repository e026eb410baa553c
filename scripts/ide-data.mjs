// IDE data from custom-elements.json (made by `cem analyze` from the JSDoc): web-types.json for
// JetBrains IDEs and vscode.html-custom-data.json for VS Code's HTML language service, so each
// gm- element, attribute (with its allowed values), event, slot, part and custom property
// completes and shows its description in HTML. Run by `npm run build`; both files are published.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));

/** Each element's declaration, with the module path it is declared in. */
export function elementsOf(cem) {
  return cem.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, path: m.path })));
}

/** The allowed values of a union of string literals (`'auto' | 'grid'`), else none. */
function valuesOf(type) {
  const parts = (type?.text ?? '').split('|').map((t) => t.trim());
  return parts.length > 1 && parts.every((t) => /^'[^']*'$/.test(t)) ? parts.map((t) => t.slice(1, -1)) : [];
}

const reference = (tag) => `docs/reference.md#${tag}`;

/** VS Code's custom HTML data (version 1.1). */
export function vscodeData(elements) {
  return {
    version: 1.1,
    tags: elements.map((d) => ({
      name: d.tagName,
      description: d.description ?? d.summary ?? '',
      attributes: (d.attributes ?? []).map((a) => {
        const values = valuesOf(a.type);
        return { name: a.name, description: a.description ?? '', ...(values.length ? { values: values.map((name) => ({ name })) } : {}) };
      }),
      references: [{ name: 'Reference', url: reference(d.tagName) }],
    })),
  };
}

/** JetBrains web-types (schema 2). */
export function webTypes(elements) {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'js-types-syntax': 'typescript',
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: elements.map((d) => ({
          name: d.tagName,
          description: d.description ?? '',
          'doc-url': reference(d.tagName),
          attributes: (d.attributes ?? []).map((a) => ({ name: a.name, description: a.description ?? '', value: { type: a.type?.text ?? 'string' } })),
          events: (d.events ?? []).filter((e) => e.name).map((e) => ({ name: e.name, description: e.description ?? '' })),
          slots: (d.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
          css: {
            parts: (d.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
            properties: (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          },
        })),
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const elements = elementsOf(manifest);
  writeFileSync(new URL('web-types.json', root), `${JSON.stringify(webTypes(elements), null, 2)}\n`);
  writeFileSync(new URL('vscode.html-custom-data.json', root), `${JSON.stringify(vscodeData(elements), null, 2)}\n`);
  console.log(`ide-data: web-types.json and vscode.html-custom-data.json for ${elements.length} elements`);
}
