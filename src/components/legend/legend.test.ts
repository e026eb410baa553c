import { expect } from 'chai';
import './legend.js';
import '../sites/sites.js';
import type { GmLegend } from './legend.component.js';
import { GRID_STATUSES, type GridStatus } from '../../model/grid-status.js';
import { cleanup, drawn, loadSampleIndex, mountMap } from '../../../test/harness/map-harness.js';

const counts = (el: GmLegend) =>
  Object.fromEntries([...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="status"]')].map((row) => [row.dataset.status, Number(row.querySelector('[part="count"]')!.textContent!.replace(/,/g, ''))]));
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

describe('<gm-legend>', () => {
  afterEach(cleanup);

  it('counts grids per status like a brute-force count, for the city and the selection, after updates', async () => {
    const map = await mountMap();
    map.id = 'legend-map';
    const legend = document.createElement('gm-legend');
    legend.htmlFor = 'legend-map';
    document.body.append(legend);
    const codes = (await loadSampleIndex()).grid.codes;
    const status = (i: number): GridStatus => GRID_STATUSES[(i * 7) % 5];
    map.setStatuses(codes.map((code, i) => ({ code, status: status(i) })));
    await drawn(map);
    await frame();
    await legend.updateComplete;
    const brute = (keep: (code: string) => boolean) => {
      const tally = Object.fromEntries(GRID_STATUSES.map((s) => [s, 0]));
      codes.forEach((code, i) => keep(code) && tally[status(i)]++);
      return tally;
    };
    expect(counts(legend)).to.deep.equal(brute(() => true));

    // A 30-grid update, then the selection of a town.
    map.setStatuses(codes.slice(0, 30).map((code) => ({ code, status: 'emergency' })));
    await drawn(map);
    await frame();
    await legend.updateComplete;
    const after = (i: number): GridStatus => (i < 30 ? 'emergency' : status(i));
    const bruteAfter = (keep: (code: string) => boolean) => {
      const tally = Object.fromEntries(GRID_STATUSES.map((s) => [s, 0]));
      codes.forEach((code, i) => keep(code) && tally[after(i)]++);
      return tally;
    };
    expect(counts(legend)).to.deep.equal(bruteAfter(() => true));
    const town = codes[200].slice(0, 9);
    map.selected = town;
    await new Promise((r) => setTimeout(r));
    await legend.updateComplete;
    expect(counts(legend)).to.deep.equal(bruteAfter((code) => code.startsWith(town)));
  });

  it('names the layers present, inside the map', async () => {
    const map = await mountMap();
    const legend = document.createElement('gm-legend');
    legend.slot = 'bottom-right';
    map.append(legend);
    await frame();
    await legend.updateComplete;
    expect(legend.shadowRoot!.querySelector('[part="layers"]')).to.be.null;
    const sites = document.createElement('gm-sites');
    sites.src = '/fixtures/out/sample/sites.geojson';
    map.append(sites);
    await drawn(map);
    await frame();
    await legend.updateComplete;
    expect(legend.shadowRoot!.querySelector('[part="layers"]')!.textContent).to.contain('重点场所');
  });
});
