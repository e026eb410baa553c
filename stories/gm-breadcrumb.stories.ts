import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { userEvent } from 'storybook/test';
import '../src/components/breadcrumb/breadcrumb.js';
import { MAP_ARGS, MAP_ARG_TYPES, mapWith, type MapArgs } from './control-story.js';
import { find, readyMap, until } from './story-helpers.js';

const meta: Meta<MapArgs> = {
  title: 'Controls/gm-breadcrumb',
  component: 'gm-breadcrumb',
  args: MAP_ARGS,
  argTypes: MAP_ARG_TYPES,
  render: (args) => mapWith(args, html`<gm-breadcrumb slot="top-left"></gm-breadcrumb>`),
};
export default meta;
type Story = StoryObj<MapArgs>;

/** The city: one crumb. */
export const City: Story = {};

/** A town selected: city › district › town; the first crumb goes back to the city. */
export const TownSelected: Story = {
  args: { selected: '500103001' },
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const crumbs = await find(map, 'gm-breadcrumb');
    await until(() => crumbs.shadowRoot!.querySelectorAll('li').length === 3, 'three crumbs');
    await userEvent.click(crumbs.shadowRoot!.querySelector<HTMLButtonElement>('[part="crumb"]')!);
    await until(() => map.selected === '', 'back at the city');
  },
};

/** A grid selected, in English. */
export const GridSelectedEnglish: Story = { args: { selected: '50010300100301', lang: 'en' } };
