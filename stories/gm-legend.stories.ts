import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/components/legend/legend.js';
import { MAP_ARGS, MAP_ARG_TYPES, mapWith, type MapArgs } from './control-story.js';
import { find, readyMap, until } from './story-helpers.js';

const meta: Meta<MapArgs> = {
  title: 'Controls/gm-legend',
  component: 'gm-legend',
  args: MAP_ARGS,
  argTypes: MAP_ARG_TYPES,
  render: (args) => mapWith(args, html`<gm-legend slot="bottom-right"></gm-legend>`),
};
export default meta;
type Story = StoryObj<MapArgs>;

/** The statuses with the number of grids in each (for the selection, here the city) and the layers present. */
export const Counts: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const legend = await find(map, 'gm-legend');
    const counts = () => [...legend.shadowRoot!.querySelectorAll('[part~="count"]')];
    // The legend recounts at the frame after a change: at gm-ready it may still show '–'.
    await until(() => counts().length > 0 && counts().every((c) => /\d/.test(c.textContent!)), 'counts');
    const total = counts().reduce((n, c) => n + Number(c.textContent!.replace(/\D/g, '')), 0);
    await expect(total).toBe(710);
  },
};

/** Dark theme, in English. */
export const DarkEnglish: Story = { args: { theme: 'dark', lang: 'en' } };
