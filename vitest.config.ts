// The Storybook interaction tests: every story renders in the system Chromium (software WebGL)
// and its play function runs (@storybook/addon-vitest). `npm test` runs them; alone:
// `npx vitest run --project storybook`. A feed server (the sample fixture, loopback :5175) backs
// the live-feed stories during the run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
// @ts-expect-error -- a plain .mjs module without types
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';

const dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: {
          name: 'storybook',
          globalSetup: ['./stories/feed-setup.ts'],
          testTimeout: 60000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium', viewport: { width: 1000, height: 700 } }],
          },
        },
      },
    ],
  },
});
