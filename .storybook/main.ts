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
};
export default config;
