import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/stats/stats.js';
import { MAP_ARGS, MAP_ARG_TYPES, mapWith, type MapArgs } from './control-story.js';
import { find, readyMap, until } from './story-helpers.js';

const meta: Meta<MapArgs> = {
  title: 'Controls/gm-stats',
  component: 'gm-stats',
  args: MAP_ARGS,
  argTypes: MAP_ARG_TYPES,
  render: (args) => mapWith(args, html`<gm-stats slot="bottom-left"></gm-stats>`),
};
export default meta;
type Story = StoryObj<MapArgs>;

/** 一屏统揽 for the city: grids by board and status, events, staff on duty, alerts. */
export const City: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const stats = await find(map, 'gm-stats');
    await until(() => Boolean(stats.shadowRoot!.querySelector('[part~="events"]')?.textContent?.match(/\d/)), 'the events line');
  },
};

/** For a selected town: the figures follow the selection. */
export const TownSelected: Story = { args: { selected: '500103001' } };

/** On the wall screen. */
export const WallScreen: Story = { args: { theme: 'screen' } };
