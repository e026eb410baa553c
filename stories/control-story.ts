// The map every control story sits on: the sample with its data layers, the control under test in
// a corner (or beside the map with `for`).
import { html, type TemplateResult } from 'lit';
import '../src/components/map/map.js';
import '../src/components/sites/sites.js';
import '../src/components/staff/staff.js';
import '../src/components/events/events.js';
import type { GmMap } from '../src/components/map/map.component.js';
import { FIXTURE_NOW, SAMPLE } from './story-helpers.js';

export interface MapArgs {
  theme: GmMap['theme'];
  lang: string;
  selected: string;
}

export const MAP_ARGS: MapArgs = { theme: 'light', lang: 'zh-CN', selected: '' };
export const MAP_ARG_TYPES = {
  theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
  lang: { control: 'inline-radio', options: ['zh-CN', 'en'] },
} as const;

/** The sample map with sites, staff and events, and `control` inside it. */
export function mapWith(args: MapArgs, control: TemplateResult): TemplateResult {
  return html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} lang=${args.lang} selected=${args.selected}>
      ${control}
      <gm-sites src=${`${SAMPLE}sites.geojson`}></gm-sites>
      <gm-staff src=${`${SAMPLE}staff.geojson`} .clock=${() => FIXTURE_NOW}></gm-staff>
      <gm-events src=${`${SAMPLE}events.geojson`} .clock=${() => FIXTURE_NOW}></gm-events>
    </gm-map>
  `;
}
