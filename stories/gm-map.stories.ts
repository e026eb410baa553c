import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/components/map/map.js';
import type { GmMap } from '../src/components/map/map.component.js';
import { BOARDS } from '../src/model/board.js';
import { GRID_STATUSES } from '../src/model/grid-status.js';
import { find } from './story-helpers.js';

/** The one-district sample of the fixture (渝中区: 11 towns, 80 communities, 710 grids). */
const SAMPLE = '/fixtures/sample/manifest.json';

type Args = Pick<GmMap, 'theme' | 'detail' | 'selected' | 'boards' | 'lang' | 'src'>;

const meta: Meta<Args> = {
  title: 'Map/gm-map',
  component: 'gm-map',
  args: { src: SAMPLE, theme: 'light', detail: 'auto', selected: '', boards: '', lang: 'zh-CN' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    detail: { control: 'inline-radio', options: ['auto', 'grid'] },
    lang: { control: 'inline-radio', options: ['zh-CN', 'en'] },
  },
  render: (args) => html`
    <gm-map
      style="display: block; height: 100vh;"
      src=${args.src}
      theme=${args.theme}
      detail=${args.detail}
      selected=${args.selected}
      boards=${args.boards}
      lang=${args.lang}
    ></gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

async function mapIn(canvas: HTMLElement): Promise<GmMap> {
  const el = await waitFor(() => {
    const found = canvas.querySelector<GmMap>('gm-map');
    if (!found) throw new Error('no <gm-map> yet');
    return found;
  });
  await el.ready;
  return el;
}

/** The light theme with the level of detail following the zoom: districts, then towns, communities, grids. */
export const Light: Story = {
  play: async ({ canvasElement }) => {
    const el = await mapIn(canvasElement);
    await expect(el.getMap()!.getSource('gm-grid')).toBeTruthy();
    // One Lit on the page: Storybook's renderer and the elements share it (each copy of lit-html
    // adds its version to this list, in production builds too).
    await expect((globalThis as { litHtmlVersions?: string[] }).litHtmlVersions).toHaveLength(1);
  },
};

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** A wall screen: dark, high contrast, larger labels, every grid's colour at once. */
export const WallScreen: Story = { args: { theme: 'screen', detail: 'grid' } };

/** A town selected: its communities are shown and its outline drawn; Escape goes up a level. */
export const TownSelected: Story = { args: { selected: '500103001' } };

/** Statuses changing: every second 40 random grids get a random status on a random board. */
export const LiveStatuses: Story = {
  args: { theme: 'screen', detail: 'grid' },
  play: async ({ canvasElement }) => {
    const el = await mapIn(canvasElement);
    const index = await (await fetch('/fixtures/sample/areas.json')).json();
    const codes: string[] = index.grid.codes;
    const tick = () =>
      el.setStatuses(
        Array.from({ length: 40 }, (_, i) => ({
          code: codes[Math.floor(Math.random() * codes.length)],
          status: GRID_STATUSES[Math.floor(Math.random() * GRID_STATUSES.length)],
          board: BOARDS[i % BOARDS.length],
        })),
      );
    tick();
    const timer = setInterval(() => (el.isConnected ? tick() : clearInterval(timer)), 1000);
  },
};

/** Only the safety board's statuses count. */
export const SafetyBoardOnly: Story = { args: { boards: 'safety', detail: 'grid' } };

/** A dead manifest URL: a polite message in the map and a gm-error event. */
export const DeadUrl: Story = {
  args: { src: '/fixtures/no-such/manifest.json' },
  play: async ({ canvasElement }) => {
    const el = await find<GmMap>(canvasElement, 'gm-map');
    await waitFor(() => expect(el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!.hidden).toBe(false), { timeout: 10000 });
  },
};

/** English UI text (area names stay as the data has them). */
export const English: Story = { args: { lang: 'en' } };

/** The whole city: 38 districts, 1,031 towns, 11,270 communities, 65,000 grids. The progress bar shows while it loads; outlines come first. */
export const FullCity: Story = {
  args: { src: '/fixtures/chongqing/manifest.json', theme: 'screen', detail: 'grid' },
  play: async ({ canvasElement }) => {
    const el = await find<GmMap>(canvasElement, 'gm-map');
    const progress: number[] = [];
    el.addEventListener('gm-progress', (e) => progress.push(e.detail.loaded));
    await el.ready;
    await expect(progress.length).toBeGreaterThan(0);
    const counts = el.statusCounts('')!;
    await expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(65000);
  },
};

/** Drill-down by keyboard: Enter selects the area at the centre (gm-select), Escape goes back up. */
export const KeyboardDrillDown: Story = {
  play: async ({ canvasElement }) => {
    const el = await mapIn(canvasElement);
    const selections: string[] = [];
    el.addEventListener('gm-select', (e) => selections.push(e.detail.kind === 'area' ? e.detail.code : ''));
    // MapLibre's canvas is the focusable part of the map (tabindex 0); keys bubble to the element's handler.
    el.getMap()!.getCanvas().focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(el.selected).not.toBe(''), { timeout: 10000 });
    const first = el.selected;
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(el.selected).not.toBe(first), { timeout: 10000 });
    await expect(selections[0]).toBe(first);
  },
};
