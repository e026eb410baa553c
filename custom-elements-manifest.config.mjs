// The custom-elements manifest (custom-elements.json) from the elements' JSDoc: what Storybook's
// controls and docs, IDEs and docs/reference.md read. `npm run build` writes it.

/**
 * Our elements register with `GmMap.define('gm-map')` (GmElement.define tolerates a second copy of
 * the library), which the analyzer does not know as a definition: this plugin records those calls
 * and marks the classes as custom elements with their tag names, as `customElements.define` would.
 */
function gmDefinePlugin() {
  const definitions = [];
  return {
    name: 'gm-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const [tag] = node.arguments;
      if (node.expression.name.text !== 'define' || !tag || !ts.isStringLiteral(tag) || !tag.text.startsWith('gm-')) return;
      definitions.push({ tag: tag.text, className: node.expression.expression.getText(), definedIn: moduleDoc.path });
    },
    packageLinkPhase({ customElementsManifest }) {
      // GmElement.emit(name, …) dispatches by a variable: the analyzer lists it as an event called "name".
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) if (d.events) d.events = d.events.filter((e) => e.name !== 'name');
      }
      for (const { tag, className, definedIn } of definitions) {
        for (const mod of customElementsManifest.modules) {
          const declaration = mod.declarations?.find((d) => d.kind === 'class' && d.name === className);
          if (!declaration) continue;
          declaration.tagName = tag;
          declaration.customElement = true;
          const definer = customElementsManifest.modules.find((m) => m.path === definedIn);
          (definer.exports ??= []).push({ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: mod.path } });
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  plugins: [gmDefinePlugin()],
};
