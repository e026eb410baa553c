import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/components/map/map.js';
import '../src/components/sites/sites.js';
import type { GmMap } from '../src/components/map/map.component.js';
import type { GmSites } from '../src/components/sites/sites.component.js';

/** The one-district sample of the fixture (渝中区): 103 key sites. */
const SAMPLE = '/fixtures/sample/';

type Args = { theme: GmMap['theme']; boards: string; categories: string };

const meta: Meta<Args> = {
  title: 'Layers/gm-sites',
  component: 'gm-sites',
  args: { theme: 'light', boards: '', categories: '' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] } },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} boards=${args.boards}>
      <gm-sites src=${`${SAMPLE}sites.geojson`} categories=${args.categories}>
        <button slot="popup" type="button">派单</button>
      </gm-sites>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

async function sitesIn(canvas: HTMLElement): Promise<{ map: GmMap; sites: GmSites }> {
  const map = await waitFor(() => canvas.querySelector<GmMap>('gm-map') ?? Promise.reject(new Error('no map yet')));
  await map.ready;
  return { map, sites: map.querySelector('gm-sites')! };
}

/** Clustered with counts at the district view; zoom in or click a cluster to split it, click a site for its popup. */
export const Clustered: Story = {
  play: async ({ canvasElement }) => {
    const { map } = await sitesIn(canvasElement);
    await waitFor(() => expect(map.getMap()!.getSource('gm-sites')).toBeTruthy());
  },
};

/** Only schools and hospitals. */
export const Categories: Story = { args: { categories: 'school,hospital' } };

/** The safety board (平安法治) only: sites of other boards are hidden. */
export const SafetyBoard: Story = { args: { boards: 'safety' } };

/** The wall screen's theme. */
export const WallScreen: Story = { args: { theme: 'screen' } };
