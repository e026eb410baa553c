import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/components/map/map.js';
import '../src/components/staff/staff.js';
import '../src/components/fences/fences.js';
import '../src/components/alert-list/alert-list.js';
import type { GmFenceDetail } from '../src/event-types.js';
import type { GmStaff } from '../src/components/staff/staff.component.js';
import type { Staff } from '../src/model/staff.js';
import { FENCES, FIXTURE_NOW, SAMPLE, find, readyMap, until } from './story-helpers.js';

const WALKER: Staff = { id: 'walker', name: '巡逻员', role: 'safety-officer', status: 'on-duty', lngLat: [106.55, 29.555], updatedAt: FIXTURE_NOW };

type Args = { theme: 'light' | 'dark' | 'screen'; raiseAlerts: boolean };

const meta: Meta<Args> = {
  title: 'Emergencies/gm-fences',
  component: 'gm-fences',
  args: { theme: 'light', raiseAlerts: true },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] } },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} selected="500103001">
      <gm-staff .items=${[WALKER]} .clock=${() => FIXTURE_NOW}></gm-staff>
      <gm-fences .items=${FENCES} .raiseAlerts=${args.raiseAlerts}></gm-fences>
      <gm-alert-list slot="top-right" .clock=${() => FIXTURE_NOW}></gm-alert-list>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** A restricted area (red) and a watch area (amber). */
export const Fences: Story = {};

/** Someone walks into the restricted area: `gm-fence` (enter), and an emergency alert is raised and listed. */
export const Intrusion: Story = {
  play: async ({ canvasElement }) => {
    const map = await readyMap(canvasElement);
    const staff = await find<GmStaff>(map, 'gm-staff');
    const crossings: GmFenceDetail[] = [];
    map.addEventListener('gm-fence', (e) => crossings.push(e.detail));
    staff.upsert([{ ...WALKER, lngLat: [106.5601, 29.5551], updatedAt: FIXTURE_NOW + 60_000 }]);
    await until(() => crossings.some((c) => c.fence.id === 'depot' && c.action === 'enter'), 'the entry');
    await until(() => map.alerts.some((a) => a.level === 'emergency'), 'an emergency alert');
    await expect(crossings[0].item.id).toBe('walker');
  },
};

/** Crossings are reported, but no alert is raised (`raise-alerts` off). */
export const WithoutAlerts: Story = { args: { raiseAlerts: false } };
