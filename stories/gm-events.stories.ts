import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/map/map.js';
import '../src/components/events/events.js';
import type { GmMap } from '../src/components/map/map.component.js';

/** The one-district sample of the fixture (渝中区): 28 events, times of its "now". */
const SAMPLE = '/fixtures/sample/';
const FIXTURE_NOW = Date.parse('2026-11-01T01:00:00.000Z');

type Args = { theme: GmMap['theme']; boards: string; warnBefore: number; hoursLater: number };

const meta: Meta<Args> = {
  title: 'Layers/gm-events',
  component: 'gm-events',
  args: { theme: 'light', boards: '', warnBefore: 60, hoursLater: 0 },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    hoursLater: { control: { type: 'range', min: 0, max: 72, step: 6 }, description: 'The clock, hours after the fixture’s time: lights turn amber, then red' },
  },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} boards=${args.boards}>
      <gm-events src=${`${SAMPLE}events.geojson`} warn-before=${args.warnBefore} .clock=${() => FIXTURE_NOW + args.hoursLater * 3_600_000}></gm-events>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Open events at the fixture's time, each with its overdue light. */
export const Events: Story = {};

/** A day later: most open events are overdue (red). */
export const ADayLater: Story = { args: { hoursLater: 24 } };

/** The safety board (平安法治) only. */
export const SafetyBoard: Story = { args: { boards: 'safety' } };
