import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import './breadcrumb.js';
import type { GmBreadcrumb } from './breadcrumb.component.js';
import { cleanup, idle, labelOf, loadSampleIndex, mountMap, nextAreaSelect } from '../../../test/harness/map-harness.js';

const crumbs = (el: GmBreadcrumb) => [...el.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent!.trim());
const settle = async (el: GmBreadcrumb) => {
  await new Promise((r) => setTimeout(r));
  await el.updateComplete;
};

describe('<gm-breadcrumb>', () => {
  afterEach(cleanup);

  it('follows drill-down to a grid and goes back up by click and keyboard', async () => {
    const map = await mountMap();
    const bar = document.createElement('gm-breadcrumb');
    bar.slot = 'top-left';
    map.append(bar);
    await settle(bar);
    expect(crumbs(bar)).to.deep.equal(['渝中区']);
    const index = await loadSampleIndex();
    const grid = index.grid.codes[100];
    const name = (level: string, code: string) => index[level].names[index[level].codes.indexOf(code)];
    map.selected = grid;
    await settle(bar);
    expect(crumbs(bar)).to.deep.equal(['渝中区', name('district', grid.slice(0, 6)), name('town', grid.slice(0, 9)), name('community', grid.slice(0, 12)), name('grid', grid)]);
    expect(bar.shadowRoot!.querySelector('[aria-current="location"]')!.textContent).to.equal(name('grid', grid));

    // Click the town crumb: the map selects the town.
    bar.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="crumb"]')[2].click();
    await settle(bar);
    expect(map.selected).to.equal(grid.slice(0, 9));
    expect(crumbs(bar)).to.have.length(3);

    // Keyboard: focus the city crumb, Enter.
    bar.shadowRoot!.querySelector<HTMLButtonElement>('[part="crumb"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(bar);
    expect(map.selected).to.equal('');
    expect(crumbs(bar)).to.deep.equal(['渝中区']);
  });

  it('follows the user\'s drill-down bound with `for` outside the map', async () => {
    const map = await mountMap();
    map.id = 'crumb-map';
    const bar = document.createElement('gm-breadcrumb');
    bar.htmlFor = 'crumb-map';
    document.body.append(bar);
    await settle(bar);
    const m = map.getMap()!;
    m.jumpTo({ center: await labelOf((await loadSampleIndex()).town.codes[0]), zoom: 7.5 });
    await idle(m);
    m.getCanvas().focus();
    const selected = nextAreaSelect(map);
    await sendKeys({ press: 'Enter' });
    const { detail } = await selected;
    await settle(bar);
    expect(crumbs(bar).at(-1)).to.equal(detail.name);
  });
});

describe('<gm-breadcrumb> follows where the map looks', () => {
  afterEach(cleanup);

  it('after flyToAlert and a search hit for a person: the focused grid, with the stats on it too', async () => {
    await import('../stats/stats.js');
    const map = await mountMap();
    const bar = document.createElement('gm-breadcrumb');
    const stats = document.createElement('gm-stats');
    map.append(bar, stats);
    await settle(bar);
    const index = await loadSampleIndex();
    const grid = index.grid.codes[40];
    const name = (level: string, code: string) => index[level].names[index[level].codes.indexOf(code)];
    const [lng, lat] = [index.grid.labels[80], index.grid.labels[81]];
    map.raiseAlert({ id: 'a1', level: 'emergency', board: 'safety', title: '火情报警', time: Date.now(), gridCode: grid, lngLat: [lng, lat] });
    const selected = nextAreaSelect(map);
    expect(map.flyToAlert('a1')).to.equal(true);
    expect((await selected).detail, 'gm-select for the focused grid').to.include({ code: grid });
    await settle(bar);
    expect(map.selected).to.equal(grid);
    expect(crumbs(bar).at(-1)).to.equal(name('grid', grid));
    await new Promise((r) => requestAnimationFrame(r));
    await stats.updateComplete;
    expect(stats.shadowRoot!.textContent, 'the stats name the focused grid').to.contain(name('grid', grid));

    // A search hit for a person: the map flies to them, and their grid is the selection.
    await import('../search/search.js');
    const other = index.grid.codes[7];
    const search = document.createElement('gm-search');
    map.append(search);
    await search.updateComplete;
    search.choose({ kind: 'staff', id: 'p9', name: '网格员乙', code: other, lngLat: [index.grid.labels[14], index.grid.labels[15]], score: 0 });
    await settle(bar);
    expect(map.selected).to.equal(other);
    expect(crumbs(bar).at(-1)).to.equal(name('grid', other));
  });
});
