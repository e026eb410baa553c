import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import './board-filter.js';
import '../events/events.js';
import '../sites/sites.js';
import '../alert-list/alert-list.js';
import type { GeoJSONSource } from 'maplibre-gl';
import type { GmBoardFilter } from './board-filter.component.js';
import type { GmBoardChangeDetail } from '../../event-types.js';
import { cleanup, drawn, labelOf, loadSampleIndex, mountMap, pixelAt, showFillsOnly, token } from '../../../test/harness/map-harness.js';

const toggles = (filter: GmBoardFilter) => [...filter.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="toggle"]')];
const toggle = (filter: GmBoardFilter, board: string) => toggles(filter).find((b) => b.dataset.board === board)!;

describe('<gm-board-filter>', () => {
  afterEach(cleanup);

  it('recolours grids whose statuses differ by board and hides other boards\' events', async () => {
    const map = await mountMap();
    const filter = document.createElement('gm-board-filter');
    filter.slot = 'top-left';
    const events = document.createElement('gm-events');
    events.src = '/fixtures/out/sample/events.geojson';
    map.append(filter, events);
    const grid = (await loadSampleIndex()).grid.codes[40];
    map.setStatuses([{ code: grid, status: 'normal' }, { code: grid, status: 'emergency', board: 'economy' }]);
    const m = map.getMap()!;
    const label = await labelOf(grid);
    m.jumpTo({ center: label, zoom: 15 });
    await drawn(map);
    showFillsOnly(m);
    for (const id of ['gm-events-icon', 'gm-events-dot']) m.setLayoutProperty(id, 'visibility', 'none');
    await drawn(map);
    expect(pixelAt(m, label)).to.deep.equal(token(map, '--gm-status-emergency'));
    expect(toggles(filter).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['true', 'true', 'true', 'true']);

    const changed = new Promise<GmBoardChangeDetail>((r) => filter.addEventListener('gm-board-change', (e) => r(e.detail), { once: true }));
    toggle(filter, 'economy').click();
    expect((await changed).boards).to.deep.equal(['party', 'livelihood', 'safety']);
    expect(map.boards).to.equal('party,livelihood,safety');
    await filter.updateComplete;
    expect(toggle(filter, 'economy').getAttribute('aria-pressed')).to.equal('false');
    await drawn(map);
    expect(pixelAt(m, label)).to.deep.equal(token(map, '--gm-status-normal'));

    // Events of the other boards leave the map.
    const all: { properties: { id: string; board: string } }[] = (await (await fetch('/fixtures/out/sample/events.geojson')).json()).features;
    const economy = new Set(all.filter((f) => f.properties.board === 'economy').map((f) => f.properties.id));
    m.setLayoutProperty('gm-events-icon', 'visibility', 'visible');
    m.fitBounds([106.4824, 29.5283, 106.5908, 29.5713], { duration: 0 });
    m.setZoom(Math.max(m.getZoom(), 11));
    await drawn(map);
    await drawn(map);
    const shown = () => new Set(m.querySourceFeatures('gm-events').map((f) => String(f.properties.id)));
    expect([...shown()].filter((id) => economy.has(id))).to.deep.equal([]);
    expect(shown().size).to.equal(all.length - economy.size);
  });

  it('works by keyboard and bound with `for` outside the map; turning every board off means all', async () => {
    const map = await mountMap();
    map.id = 'board-map';
    const filter = document.createElement('gm-board-filter');
    filter.htmlFor = 'board-map';
    document.body.append(filter);
    await filter.updateComplete;
    toggle(filter, 'party').focus();
    await sendKeys({ press: 'Enter' });
    expect(map.boards).to.equal('economy,livelihood,safety');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    expect(map.boards).to.equal('livelihood,safety');
    // Set by code: the toggles follow.
    map.boards = 'safety';
    await map.updateComplete;
    await new Promise((r) => setTimeout(r));
    await filter.updateComplete;
    expect(toggles(filter).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'false', 'true']);
    toggle(filter, 'safety').click();
    expect(map.boards).to.equal('');
  });

  it('hides other boards\' sites and alerts (markers and the alert list)', async () => {
    const map = await mountMap();
    const filter = document.createElement('gm-board-filter');
    filter.slot = 'top-left';
    const sites = document.createElement('gm-sites');
    sites.src = '/fixtures/out/sample/sites.geojson';
    const list = document.createElement('gm-alert-list');
    list.slot = 'top-right';
    map.append(filter, sites, list);
    const grids = (await loadSampleIndex()).grid.codes;
    map.raiseAlert([
      { id: 'eco', level: 'emergency', board: 'economy', title: '市场火情', time: Date.now(), gridCode: grids[5] },
      { id: 'safe', level: 'warning', board: 'safety', title: '防汛', time: Date.now(), gridCode: grids[6] },
    ]);
    await drawn(map);
    await drawn(map);
    const m = map.getMap()!;
    const markers = () => new Set(m.queryRenderedFeatures({ layers: ['gm-alert-marker'] }).map((f) => f.properties.id));
    const siteIds = async () => new Set(((await (m.getSource('gm-sites') as GeoJSONSource).getData()) as { features: { id: string }[] }).features.map((f) => String(f.id)));
    const all: { properties: { id: string; board: string } }[] = (await (await fetch('/fixtures/out/sample/sites.geojson')).json()).features;
    const economy = all.filter((f) => f.properties.board === 'economy').map((f) => f.properties.id);
    expect(economy.length).to.be.greaterThan(0);
    expect([...(await siteIds())].filter((id) => economy.includes(id))).to.have.length(economy.length);
    expect(markers()).to.deep.equal(new Set(['eco', 'safe']));

    toggle(filter, 'economy').click();
    await drawn(map);
    await drawn(map);
    await list.updateComplete;
    expect([...(await siteIds())].filter((id) => economy.includes(id))).to.deep.equal([]);
    expect((await siteIds()).size).to.equal(all.length - economy.length);
    expect(markers()).to.deep.equal(new Set(['safe']));
    expect([...list.shadowRoot!.querySelectorAll('li')].map((li) => li.querySelector('.title')!.textContent)).to.deep.equal(['预警防汛']);
    // Back on: everything returns.
    toggle(filter, 'economy').click();
    await drawn(map);
    await drawn(map);
    expect(markers()).to.deep.equal(new Set(['eco', 'safe']));
    expect((await siteIds()).size).to.equal(all.length);
  });
});
