import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The fixture's sample (one district) is served beside the stories, offline.
  staticDirs: [{ from: '../fixtures/out/sample', to: '/fixtures/sample' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};
export default config;
