import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/components/map/map.js';
import '../src/components/staff/staff.js';
import '../src/components/events/events.js';
import '../src/components/alert-list/alert-list.js';
import '../src/components/live/live.js';
import type { GmLive } from '../src/components/live/live.component.js';
import type { GmMap } from '../src/components/map/map.component.js';
import { SAMPLE, find, readyMap, until } from './story-helpers.js';

/**
 * The feed server these stories read: `npm run feed -- --fixture fixtures/out/sample --port 5175`
 * (the interaction tests start it themselves). Without it, "Connected" shows what a screen shows
 * when its feed is down: reconnecting, then offline.
 */
const FEED = 'http://127.0.0.1:5175/live';

type Args = { src: string; theme: GmMap['theme']; maxBackoff: number };

const meta: Meta<Args> = {
  title: 'Live/gm-live',
  component: 'gm-live',
  args: { src: `${FEED}/sse`, theme: 'light', maxBackoff: 30 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] } },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} detail="grid">
      <gm-staff></gm-staff>
      <gm-events></gm-events>
      <gm-alert-list slot="top-right"></gm-alert-list>
      <gm-live src=${args.src} max-backoff=${args.maxBackoff}></gm-live>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

const badge = (live: GmLive) => live.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ');

/** Connected over Server-Sent Events: statuses, staff, events and alarms follow the server; the badge says live and when. */
export const Connected: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const live = await find<GmLive>(map, 'gm-live');
    await until(() => live.state === 'connected' && live.stats.applied > 3, 'connected, with updates applied', 20000);
    await expect(map.querySelector('gm-staff')!.all().length).toBeGreaterThan(0);
    await until(() => /实时 更新于 \d\d:\d\d:\d\d/.test(badge(live)), 'the badge with the time of the last update');
  },
};

/** The same feed over WebSocket (a `ws:` URL). */
export const WebSocket: Story = {
  args: { src: `${FEED.replace('http', 'ws')}/ws` },
  play: async ({ canvasElement }) => {
    const live = await find<GmLive>(await readyMap(canvasElement), 'gm-live');
    await until(() => live.state === 'connected' && live.stats.snapshots === 1, 'connected with a snapshot', 20000);
  },
};

/** A feed that cannot be reached: the badge says reconnecting (then offline after 5 tries) and the map shows a polite message. */
export const Reconnecting: Story = {
  args: { src: 'http://127.0.0.1:9/live/sse', maxBackoff: 2 },
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const live = await find<GmLive>(map, 'gm-live');
    await until(() => live.state === 'reconnecting', 'reconnecting');
    await until(() => badge(live).includes('重连中'), 'the badge says reconnecting');
    const message = map.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
    await until(() => !message.hidden && message.textContent!.includes('实时数据连接中断'), 'the polite message');
  },
};
