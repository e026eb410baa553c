import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import './sites.js';
import '../staff/staff.js';
import type { GmSites } from './sites.component.js';
import type { GmMap } from '../map/map.component.js';
import type { Site } from '../../model/site.js';
import type { GmErrorDetail } from '../../event-types.js';
import { cleanup, clickAt, drawn, labelOf, loadSampleIndex, mountLayer, nextEvent, pixelsAround, sampleItems, token } from '../../../test/harness/map-harness.js';

const SITES_URL = '/fixtures/out/sample/sites.geojson';

/** The sample's sites as items (ground truth, read independently of the element). */
const sampleSites = () => sampleItems<Site>('sites.geojson');


/** Sites drawn in the view: single ids, and how many the clusters hold (deduplicated across tiles). */
function drawnSites(map: MaplibreMap): { singles: Set<string>; clustered: number; clusters: number } {
  const singles = new Set(map.queryRenderedFeatures({ layers: ['gm-sites-icon'] }).map((f) => String(f.properties.id)));
  const clusters = new Map(map.queryRenderedFeatures({ layers: ['gm-sites-cluster'] }).map((f) => [f.properties.cluster_id, f.properties.point_count as number]));
  return { singles, clustered: [...clusters.values()].reduce((a, b) => a + b, 0), clusters: clusters.size };
}

async function mountSites(props: Partial<GmSites> = {}, mapProps: Partial<GmMap> = {}): Promise<{ map: GmMap; sites: GmSites }> {
  const { map, layer } = await mountLayer('gm-sites', props, mapProps);
  return { map, sites: layer };
}

describe('<gm-sites>', () => {
  it('never hides a district name under a marker or a bubble at the city view: the names are drawn over them', async () => {
    const index = await loadSampleIndex();
    const [code] = index.district.codes;
    const label = await labelOf(code);
    // 40 sites around the district's name: a bubble right on it.
    const crowd: Site[] = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `点${i}`, category: 'school', board: 'livelihood', lngLat: [label[0] + ((i % 8) - 4) * 0.002, label[1] + (Math.floor(i / 8) - 2) * 0.002] }));
    const { map, layer } = await mountLayer('gm-sites', { items: crowd });
    const m = map.getMap()!;
    m.jumpTo({ center: label, zoom: 8 });
    await drawn(map);
    expect(m.queryRenderedFeatures({ layers: ['gm-district-label'] }).map((f) => String(f.id)), 'the name is placed').to.include(code);
    expect(m.queryRenderedFeatures({ layers: ['gm-sites-cluster'] }).length, 'a bubble under it').to.be.greaterThan(0);
    const box = () => pixelsAround(m, [label], 30)[0].map(String);
    const withMarkers = box();
    layer.hidden = true;
    m.setLayoutProperty('gm-sites-cluster', 'visibility', 'none');
    m.setLayoutProperty('gm-sites-cluster-count', 'visibility', 'none');
    m.setLayoutProperty('gm-sites-icon', 'visibility', 'none');
    await drawn(map);
    const namesOnly = box();
    m.setLayoutProperty('gm-district-label', 'visibility', 'none');
    await drawn(map);
    const neither = box();
    // The name's glyphs (its pixels in the label colour, where the name changes the picture) are the
    // same with the markers under them (only the halo's soft outer edge lets them through).
    const far = (a: string, b: string) => a.split(',').reduce((sum, v, k) => sum + Math.abs(Number(v) - Number(b.split(',')[k])), 0);
    const glyph = token(map, '--gm-label-color').join(',');
    const core = namesOnly.flatMap((p, i) => (far(p, neither[i]) > 30 && far(p, glyph) <= 60 ? [i] : []));
    expect(core.length, "pixels of the name").to.be.greaterThan(10);
    // (A glyph's antialiased edge may shift by a few levels; a covered pixel changes by far more.)
    const hidden = core.filter((i) => far(withMarkers[i], namesOnly[i]) > 90);
    expect(hidden.length, `the name's pixels covered by a marker: ${hidden.length} of ${core.length}: ${hidden.map((i) => `${namesOnly[i]}→${withMarkers[i]}`).join(" ")}`).to.equal(0);
  });

  afterEach(cleanup);

  it('draws every site of `src`, clustered with counts at the district view', async () => {
    const { map } = await mountSites({ src: SITES_URL });
    const all = await sampleSites();
    const { singles, clustered, clusters } = drawnSites(map.getMap()!);
    expect(clusters, 'clusters at the district view').to.be.greaterThan(0);
    expect(singles.size + clustered).to.equal(all.length);
  });

  it('splits the clusters when zooming in', async () => {
    const { map } = await mountSites({ src: SITES_URL });
    const m = map.getMap()!;
    const all = await sampleSites();
    const site = all[0];
    m.jumpTo({ center: site.lngLat, zoom: 15 });
    await drawn(map);
    const { singles, clusters } = drawnSites(m);
    expect(clusters).to.equal(0);
    expect(singles).to.include(site.id);
  });

  it('filters by the map’s boards and its own categories', async () => {
    const { map, sites } = await mountSites({ src: SITES_URL });
    const all = await sampleSites();
    map.boards = 'safety';
    await map.updateComplete;
    await drawn(map);
    let view = drawnSites(map.getMap()!);
    expect(view.singles.size + view.clustered).to.equal(all.filter((s) => s.board === 'safety').length);
    map.boards = '';
    sites.categories = 'school,hospital';
    await sites.updateComplete;
    await drawn(map);
    view = drawnSites(map.getMap()!);
    expect(view.singles.size + view.clustered).to.equal(all.filter((s) => s.category === 'school' || s.category === 'hospital').length);
  });

  it('moves a site with upsert and takes it away with remove, at the next frame', async () => {
    const all = await sampleSites();
    const { map, sites } = await mountSites({ items: all.slice(0, 3) });
    const m = map.getMap()!;
    m.jumpTo({ center: all[0].lngLat, zoom: 15 });
    await drawn(map);
    const moved = { ...all[0], lngLat: [all[0].lngLat[0] + 0.002, all[0].lngLat[1]] as [number, number] };
    sites.upsert([moved]);
    await drawn(map);
    const at = (lngLat: [number, number]) => m.queryRenderedFeatures(m.project(lngLat), { layers: ['gm-sites-icon'] }).map((f) => f.properties.id);
    expect(at(moved.lngLat)).to.include(moved.id);
    expect(at(all[0].lngLat)).to.not.include(moved.id);
    sites.remove([moved.id]);
    await drawn(map);
    expect(at(moved.lngLat)).to.not.include(moved.id);
    expect(sites.isConnected, 'remove(ids) is not the DOM remove()').to.be.true;
  });

  it('skips invalid items with one gm-error naming them, and draws the rest', async () => {
    const all = await sampleSites();
    const { map, sites } = await mountSites();
    const errors: GmErrorDetail[] = [];
    sites.addEventListener('gm-error', (e) => errors.push(e.detail));
    const bad = [
      { ...all[1], id: '' },
      { ...all[2], id: 'nan', lngLat: [Number.NaN, 29.5] },
      { ...all[3], id: 'far', lngLat: [200, 29.5] },
      { ...all[4], id: 'kind', category: 'castle' },
    ];
    sites.upsert([all[0], ...(bad as Site[])]);
    await drawn(map);
    expect(errors).to.have.length(1);
    expect(errors[0].reason).to.equal('items-invalid');
    expect(errors[0].detail.count).to.equal(4);
    expect(String(errors[0].detail.items)).to.contain('nan').and.contain('far').and.contain('kind');
    const m = map.getMap()!;
    m.jumpTo({ center: all[0].lngLat, zoom: 15 });
    await drawn(map);
    expect(drawnSites(m).singles).to.include(all[0].id);
    expect(map.shadowRoot!.querySelector('[part="message"]')!.hasAttribute('hidden')).to.be.false;
  });

  it('selects a site by click: gm-select and a popup with its name as text and the host’s slot', async () => {
    const all = await sampleSites();
    const site = { ...all[0], name: '<script>window.injected = 1</script><b>学校</b>' };
    const { map, sites } = await mountSites({ items: [site] });
    const extra = document.createElement('button');
    extra.slot = 'popup';
    extra.textContent = '派单';
    sites.append(extra);
    const m = map.getMap()!;
    m.jumpTo({ center: site.lngLat, zoom: 15 });
    await drawn(map);
    const selected = nextEvent(sites, 'gm-select');
    await clickAt(m, site.lngLat);
    const { detail } = await selected;
    expect(detail).to.deep.include({ kind: 'site', id: site.id });
    expect('item' in detail, 'an item, not an area').to.be.true;
    if ('item' in detail) expect((detail.item as Site).name).to.equal(site.name);
    await sites.updateComplete;
    const popup = sites.shadowRoot!.querySelector('[part="popup"]')!;
    expect(popup.querySelector('[part="popup-title"]')!.textContent).to.equal(site.name);
    expect(popup.querySelector('script, b'), 'names are text, never HTML').to.be.null;
    expect((window as { injected?: number }).injected).to.be.undefined;
    expect(popup.querySelector('slot')!.assignedElements()).to.deep.equal([extra]);
    (popup.querySelector('[part="popup-close"]') as HTMLElement).click();
    await sites.updateComplete;
    expect(sites.shadowRoot!.querySelector('[part="popup"]')).to.be.null;
  });
});

describe('one click, one thing', () => {
  afterEach(cleanup);

  it('a click on an item opens its popup only: the selection and the camera stay; one popup at a time; a click on an area closes it', async () => {
    const [site] = await sampleSites();
    const { map, sites } = await mountSites({ items: [site] });
    const m = map.getMap()!;
    m.jumpTo({ center: site.lngLat, zoom: 15 });
    await drawn(map);
    // A person 120 px east of the site, on the other data layer.
    const east = m.unproject([m.project(site.lngLat).x + 120, m.project(site.lngLat).y]);
    const person = { id: 'p1', name: '网格员甲', role: 'grid-worker', status: 'on-duty', lngLat: [east.lng, east.lat] as [number, number], updatedAt: new Date().toISOString() };
    const staff = document.createElement('gm-staff');
    staff.items = [person];
    map.append(staff);
    await drawn(map);
    await drawn(map);
    const camera = () => ({ center: m.getCenter().toArray().map((v) => v.toFixed(6)), zoom: m.getZoom().toFixed(4) });
    const before = camera();
    const areaSelects: unknown[] = [];
    map.addEventListener('gm-select', (e) => e.detail.kind === 'area' && areaSelects.push(e.detail));

    await clickAt(m, site.lngLat);
    await sites.updateComplete;
    await new Promise((r) => setTimeout(r, 1000)); // a fly-to would have started by now
    expect(sites.shadowRoot!.querySelector('[part="popup"]'), 'the site’s popup').not.to.be.null;
    expect(map.selected, 'no area selected').to.equal('');
    expect(areaSelects, 'no area gm-select').to.deep.equal([]);
    expect(camera(), 'the camera stayed').to.deep.equal(before);

    await clickAt(m, person.lngLat);
    await staff.updateComplete;
    await sites.updateComplete;
    expect(staff.shadowRoot!.querySelector('[part="popup"]'), 'the person’s popup').not.to.be.null;
    expect(sites.shadowRoot!.querySelector('[part="popup"]'), 'the site’s closed: one at a time').to.be.null;
    expect(map.selected).to.equal('');

    // A click on the map away from both: the area is selected and the popup closes.
    await clickAt(m, m.unproject([m.project(site.lngLat).x - 150, m.project(site.lngLat).y + 80]));
    await staff.updateComplete;
    expect(staff.shadowRoot!.querySelector('[part="popup"]'), 'closed by a click on an area').to.be.null;
    expect(areaSelects.length, 'that click selected an area').to.equal(1);
  });
});
