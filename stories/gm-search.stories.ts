import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import '../src/components/search/search.js';
import { MAP_ARGS, MAP_ARG_TYPES, mapWith, type MapArgs } from './control-story.js';
import { find, readyMap, until } from './story-helpers.js';

const meta: Meta<MapArgs> = {
  title: 'Controls/gm-search',
  component: 'gm-search',
  args: MAP_ARGS,
  argTypes: MAP_ARG_TYPES,
  render: (args) => mapWith(args, html`<gm-search slot="top-left"></gm-search>`),
};
export default meta;
type Story = StoryObj<MapArgs>;

/** By pinyin initials: "jfb" offers 解放碑街道; Enter selects it and flies there. */
export const PinyinInitials: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const search = await find(map, 'gm-search');
    await userEvent.type(search.shadowRoot!.querySelector<HTMLInputElement>('input')!, 'jfb');
    const option = await find<HTMLElement>(search.shadowRoot!, '[part="option"]');
    await expect(option.textContent).toContain('解放碑');
    await userEvent.keyboard('{Enter}');
    await until(() => map.selected !== '', 'an area selected');
  },
};

/** Nothing found: the list says so. */
export const NoHits: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const search = await find(map, 'gm-search');
    await userEvent.type(search.shadowRoot!.querySelector<HTMLInputElement>('input')!, 'zzzzzz');
    await until(() => !search.shadowRoot!.querySelector('[part="option"]'), 'no options');
  },
};

/** On the wall screen. */
export const WallScreen: Story = { args: { theme: 'screen' } };
