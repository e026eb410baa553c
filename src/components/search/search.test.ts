import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import './search.js';
import '../sites/sites.js';
import type { GmSearch } from './search.component.js';
import { cleanup, drawn, loadSampleIndex, mountMap } from '../../../test/harness/map-harness.js';

const options = (el: GmSearch) => [...el.shadowRoot!.querySelectorAll('[role="option"]')].map((o) => o.querySelector('.name')!.textContent);

describe('<gm-search>', () => {
  afterEach(cleanup);

  it('finds a community by name and by code, and a town by pinyin initials, with the parent path', async () => {
    const map = await mountMap();
    const search = document.createElement('gm-search');
    search.slot = 'top-left';
    const sites = document.createElement('gm-sites');
    sites.src = '/fixtures/out/sample/sites.geojson';
    map.append(search, sites);
    await drawn(map);
    const index = await loadSampleIndex();
    const [name, code] = [index.community.names[3], index.community.codes[3]];

    const byName = await search.search(name);
    expect(byName[0]).to.include({ kind: 'community', id: code, name, score: 0 });
    await search.updateComplete;
    const town = index.town.names[index.town.codes.indexOf(code.slice(0, 9))];
    expect(search.shadowRoot!.querySelector('[role="option"] .path')!.textContent).to.equal(`渝中区 › ${town}`);
    expect(search.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('村社区');

    expect((await search.search(code)).some((h) => h.kind === 'community' && h.id === code)).to.be.true;
    const jfb = await search.search('JFB');
    expect(jfb[0]).to.include({ kind: 'town', name: '解放碑街道' });
    // Sites are found by name too.
    const site = (await (await fetch('/fixtures/out/sample/sites.geojson')).json()).features[0].properties;
    expect((await search.search(site.name)).some((h) => h.kind === 'site' && h.id === site.id)).to.be.true;
  });

  it('is used by keyboard bound with `for`: type, arrows, Enter selects and flies', async () => {
    const map = await mountMap();
    map.id = 'search-map';
    const search = document.createElement('gm-search');
    search.htmlFor = 'search-map';
    document.body.append(search);
    await search.updateComplete;
    search.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: 'dpjd' });
    await search.search('dpjd');
    await search.updateComplete;
    expect(options(search)).to.deep.equal(['大坪街道']);
    const input = search.shadowRoot!.querySelector('input')!;
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    expect(input.getAttribute('aria-activedescendant')).to.equal('hit-0');
    const moved = new Promise((r) => map.getMap()!.once('moveend', r));
    await sendKeys({ press: 'Enter' });
    await moved;
    const index = await loadSampleIndex();
    expect(map.selected).to.equal(index.town.codes[index.town.names.indexOf('大坪街道')]);
  });
});
