import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { FENCES, find, readyMap, until } from './story-helpers.js';
import '../src/components/map/map.js';
import '../src/components/staff/staff.js';
import '../src/components/fences/fences.js';
import '../src/components/alert-list/alert-list.js';
import type { GmMap } from '../src/components/map/map.component.js';
import type { Alert } from '../src/model/alert.js';

/** The one-district sample of the fixture (渝中区). */
const SAMPLE = '/fixtures/sample/';
const FIXTURE_NOW = Date.parse('2026-11-01T01:00:00.000Z');
const MINUTE = 60_000;

/** Alerts on the sample's grids: an elderly person's heart-rate alarm (the seeds' red work order), a pinned flood watch and two more. */
const ALERTS: Alert[] = [
  { id: 'heart', level: 'emergency', board: 'livelihood', title: '独居老人心率异常报警', time: FIXTURE_NOW - 3 * MINUTE, gridCode: '50010300100601' },
  { id: 'flood', level: 'warning', board: 'safety', title: '防汛值守：低洼路段积水', time: FIXTURE_NOW - 95 * MINUTE, gridCode: '50010300500809', pinned: true },
  { id: 'gas', level: 'emergency', board: 'safety', title: '燃气泄漏报警', time: FIXTURE_NOW - 20 * MINUTE, gridCode: '50010300301302' },
  { id: 'stall', level: 'attention', board: 'economy', title: '占道经营', time: FIXTURE_NOW - 45 * MINUTE, lngLat: [106.5775, 29.5575] },
];


type Args = { theme: GmMap['theme']; lang: string; dispatch: boolean };

/** Raises the alerts once the map is drawn, and dispatches staff to the first. */
async function raise(event: Event, dispatch: boolean) {
  const map = event.currentTarget as GmMap;
  map.raiseAlert(ALERTS);
  if (dispatch) map.showDispatch('heart', { count: 3 });
}

const meta: Meta<Args> = {
  title: 'Emergencies/alerts, dispatch and fences',
  component: 'gm-alert-list',
  args: { theme: 'light', lang: 'zh-CN', dispatch: true },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    lang: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    dispatch: { description: 'Draw the nearest three staff and the 1/5/15-minute rings for the heart-rate alarm' },
  },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} lang=${args.lang}
      @gm-ready=${(e: Event) => raise(e, args.dispatch)}>
      <gm-staff src=${`${SAMPLE}staff.geojson`} .clock=${() => FIXTURE_NOW}></gm-staff>
      <gm-fences .items=${FENCES}></gm-fences>
      <gm-alert-list slot="top-right" .clock=${() => FIXTURE_NOW}></gm-alert-list>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Flashing grids and markers; the list keeps the pinned flood watch on top, then emergencies, newest first. */
export const Alerts: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const list = await find(map, 'gm-alert-list');
    await until(() => list.shadowRoot!.querySelectorAll('[part="row"]').length === ALERTS.length, 'every alert listed');
    const first = list.shadowRoot!.querySelector('[part="row"]')!;
    await expect(first.hasAttribute('data-pinned')).toBe(true);
  },
};

/** Acknowledged from the list: the grids stop flashing, the markers and rows stay (marked 已确认). */
export const Acknowledged: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const list = await find(map, 'gm-alert-list');
    await until(() => list.shadowRoot!.querySelectorAll('[part="acknowledge"]').length === ALERTS.length, 'every alert listed');
    for (const button of list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="acknowledge"]')) await userEvent.click(button);
    await until(() => map.alerts.every((a) => a.acknowledged), 'all acknowledged');
    await until(() => list.shadowRoot!.querySelectorAll('[data-acknowledged]').length === ALERTS.length, 'rows marked');
  },
};

/**
 * With the system's reduced-motion setting (emulated here for this story only): nothing flashes
 * or pulses, alerts are shown by their colour, and flying to one is a jump.
 */
export const ReducedMotion: Story = {
  loaders: [
    async () => {
      const original = window.matchMedia;
      window.matchMedia = (query: string) => (query.includes('prefers-reduced-motion') ? { ...original.call(window, query), matches: true, media: query, addEventListener() {}, removeEventListener() {} } as MediaQueryList : original.call(window, query));
      return {};
    },
  ],
};

/** A wall screen in English. */
export const WallScreen: Story = { args: { theme: 'screen', lang: 'en' } };

/** The list without the dispatch drawing. */
export const WithoutDispatch: Story = { args: { dispatch: false } };
