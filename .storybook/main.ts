import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  // Docs pages from the stories and custom-elements.json; the stories' play functions run as
  // interaction tests in `npm test` (vitest.config.ts).
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The fixture, served beside the stories, offline: the one-district sample and the whole city.
  staticDirs: [
    { from: '../fixtures/out/sample', to: '/fixtures/sample' },
    { from: '../fixtures/out/chongqing', to: '/fixtures/chongqing' },
  ],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // One Lit: Storybook's renderer imports Lit from its own pre-bundled dependency while the elements
  // import it from the source graph; pre-bundled once, together, and resolved to one copy, both
  // share it (two copies broke nothing visible but double Lit's code and log "Multiple versions").
  viteFinal: async (config) => {
    const { mergeConfig } = await import('vite');
    return mergeConfig(config, {
      optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directive-helpers.js', 'lit-html', '@lit/context', '@storybook/web-components'] },
      resolve: { dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] },
    });
  },
};
export default config;
