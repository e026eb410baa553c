import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import '../src/components/map/map.js';
import '../src/components/sites/sites.js';
import '../src/components/staff/staff.js';
import '../src/components/events/events.js';
import '../src/components/board-filter/board-filter.js';
import '../src/components/breadcrumb/breadcrumb.js';
import '../src/components/legend/legend.js';
import '../src/components/stats/stats.js';
import '../src/components/search/search.js';
import type { GmMap } from '../src/components/map/map.component.js';
import { FIXTURE_NOW, SAMPLE, find, readyMap, until } from './story-helpers.js';

type Args = { theme: GmMap['theme']; lang: string; selected: string };

const meta: Meta<Args> = {
  title: 'Controls/gm-board-filter (and all controls together)',
  component: 'gm-board-filter',
  args: { theme: 'light', lang: 'zh-CN', selected: '' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    lang: { control: 'inline-radio', options: ['zh-CN', 'en'] },
  },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} lang=${args.lang} selected=${args.selected}>
      <gm-search slot="top-left"></gm-search>
      <gm-breadcrumb slot="top-left"></gm-breadcrumb>
      <gm-board-filter slot="top-left"></gm-board-filter>
      <gm-stats slot="bottom-left"></gm-stats>
      <gm-legend slot="bottom-right"></gm-legend>
      <gm-sites src=${`${SAMPLE}sites.geojson`}></gm-sites>
      <gm-staff src=${`${SAMPLE}staff.geojson`} .clock=${() => FIXTURE_NOW}></gm-staff>
      <gm-events src=${`${SAMPLE}events.geojson`} .clock=${() => FIXTURE_NOW}></gm-events>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Every control in the map's corners. Toggling a board filters statuses, sites, staff and events. */
export const InTheCorners: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const filter = await find(map, 'gm-board-filter');
    const safety = await find<HTMLButtonElement>(filter.shadowRoot!, 'button[data-board="safety"]');
    await userEvent.click(safety);
    await until(() => map.getAttribute('boards') === 'party,economy,livelihood', 'safety off');
    await expect(safety.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(safety);
    await until(() => map.getAttribute('boards') === '', 'all boards again');
  },
};

/** The wall-screen theme, in English. */
export const WallScreenEnglish: Story = {
  args: { theme: 'screen', lang: 'en' },
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const legend = await find(map, 'gm-legend');
    await until(() => legend.shadowRoot!.textContent!.includes('Normal'), 'the legend in English');
  },
};

/** Controls outside the map, tied to it with `for` (a portal's side panel). */
export const OutsideTheMap: Story = {
  render: (args) => html`
    <div style="display: grid; grid-template-columns: 280px 1fr; height: 100vh;">
      <aside style="display: flex; flex-direction: column; gap: 8px; padding: 8px; overflow: auto;">
        <gm-breadcrumb for="side-map"></gm-breadcrumb>
        <gm-board-filter for="side-map"></gm-board-filter>
        <gm-stats for="side-map"></gm-stats>
        <gm-legend for="side-map"></gm-legend>
      </aside>
      <gm-map id="side-map" src=${`${SAMPLE}manifest.json`} theme=${args.theme} lang=${args.lang}></gm-map>
    </div>
  `,
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const stats = await find(canvasElement, 'gm-stats');
    await until(() => /710|正常/.test(stats.shadowRoot!.textContent!), 'the stats of the city');
    map.selected = '500103001';
    const crumbs = await find(canvasElement, 'gm-breadcrumb');
    await until(() => crumbs.shadowRoot!.querySelectorAll('li').length === 3, 'the breadcrumb follows the map');
  },
};
