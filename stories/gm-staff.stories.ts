import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/map/map.js';
import '../src/components/staff/staff.js';
import type { GmMap } from '../src/components/map/map.component.js';

/** The one-district sample of the fixture (渝中区): 202 staff, positions of its "now". */
const SAMPLE = '/fixtures/sample/';
const FIXTURE_NOW = Date.parse('2026-11-01T01:00:00.000Z');

type Args = { theme: GmMap['theme']; staleAfter: number; minutesLater: number };

const meta: Meta<Args> = {
  title: 'Layers/gm-staff',
  component: 'gm-staff',
  args: { theme: 'light', staleAfter: 10, minutesLater: 0 },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    minutesLater: { control: { type: 'range', min: 0, max: 60, step: 5 }, description: 'The clock, minutes after the fixture’s time' },
  },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme}>
      <gm-staff src=${`${SAMPLE}staff.geojson`} stale-after=${args.staleAfter} .clock=${() => FIXTURE_NOW + args.minutesLater * 60_000}></gm-staff>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Staff at the fixture's time: those not updated for 10 minutes are faded. */
export const Staff: Story = {};

/** Half an hour later with no new positions: almost everyone is stale. */
export const HalfAnHourLater: Story = { args: { minutesLater: 30 } };

/** The wall screen's theme. */
export const WallScreen: Story = { args: { theme: 'screen' } };
