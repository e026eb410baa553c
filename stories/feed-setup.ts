// vitest globalSetup for the Storybook interaction tests: the live-feed stories' server (the
// sample fixture on loopback :5175, as `npm run feed -- --fixture fixtures/out/sample --port 5175`).
// Any origin may read it: the Storybook test pages are served from a port chosen at run time.
// @ts-expect-error -- a plain .mjs module without types
import { startFeedServer } from '../server/feed-server.mjs';

export default async function setup(): Promise<() => Promise<void>> {
  const server = await startFeedServer({ fixture: 'fixtures/out/sample', port: 5175, allowedOrigins: ['*'], log: () => {}, rates: { statusPerSecond: 40, staffPerSecond: 20, eventsPerSecond: 0.5, alertEverySeconds: 20 } });
  return () => server.close();
}
