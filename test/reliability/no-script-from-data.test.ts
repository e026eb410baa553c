// No script from data: names and titles carrying markup and script go into every text field the
// elements show (area and city names, sites, staff, events, alerts, fences), and every place they
// appear is visited — breadcrumb, search results, stats, legend, popups, the alert list, gm-select.
// None may run, and none may become markup: each shows as the text it is.
import { expect } from 'chai';
import '../../src/components/sites/sites.js';
import '../../src/components/staff/staff.js';
import '../../src/components/events/events.js';
import '../../src/components/fences/fences.js';
import '../../src/components/alert-list/alert-list.js';
import '../../src/components/breadcrumb/breadcrumb.js';
import '../../src/components/search/search.js';
import '../../src/components/stats/stats.js';
import '../../src/components/legend/legend.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmSelectDetail } from '../../src/event-types.js';
import type { Site } from '../../src/model/site.js';
import type { Staff } from '../../src/model/staff.js';
import type { GridEvent } from '../../src/model/grid-event.js';
import { SAMPLE, cleanup, clickAt, createMap, drawn, nextEvent, sampleItems } from '../harness/map-harness.js';

declare global {
  interface Window {
    xss?: string[];
  }
}

/** Each payload records its own name in window.xss if it ever runs. */
const PAYLOADS = [
  `<img src=x onerror="(window.xss=window.xss||[]).push('img')">`,
  `<script>(window.xss=window.xss||[]).push('script')</script>`,
  `"><svg onload="(window.xss=window.xss||[]).push('svg')">`,
  `<iframe srcdoc="<script>parent.xss=(parent.xss||[]).concat('iframe')</script>"></iframe>`,
];
const evil = (i: number, plain: string) => `${plain}${PAYLOADS[i % PAYLOADS.length]}`;

/** Every element under `root`, through shadow roots. */
function allElements(root: Document | ShadowRoot | Element, out: Element[] = []): Element[] {
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) allElements(el.shadowRoot, out);
  }
  return out;
}

/** Text of an element including its shadow root. */
function deepText(el: Element): string {
  return (el.shadowRoot ? [...el.shadowRoot.childNodes].map((n) => (n instanceof Element ? deepText(n) : n.textContent ?? '')).join('') : '') + (el.textContent ?? '');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('no script from data', function () {
  this.timeout(90000);
  after(cleanup);

  it('names and titles with markup show as text everywhere, and nothing runs', async () => {
    const manifest = await (await fetch(SAMPLE)).json();
    const base = new URL(SAMPLE, location.href);
    const levels: Record<string, object> = {};
    for (const [level, spec] of Object.entries(manifest.levels) as [string, { geojson: string }][]) {
      const collection = await (await fetch(new URL(spec.geojson, base))).json();
      // The district and the first town are named with payloads (they show in the breadcrumb, stats, search).
      collection.features.slice(0, 1).forEach((f: { properties: { name: string } }, i: number) => (f.properties.name = evil(i, f.properties.name)));
      levels[level] = { ...spec, pmtiles: undefined, tiles: undefined, mosaic: undefined, geojson: collection };
    }
    const el: GmMap = createMap({ src: '', boundaries: { ...manifest, name: evil(1, '重庆市'), levels, index: undefined, data: {} } });
    el.innerHTML = `
      <gm-breadcrumb slot="top-left"></gm-breadcrumb><gm-search slot="top-left"></gm-search>
      <gm-stats slot="bottom-left"></gm-stats><gm-legend slot="bottom-right"></gm-legend>
      <gm-alert-list slot="top-right"></gm-alert-list>
      <gm-sites></gm-sites><gm-staff></gm-staff><gm-events></gm-events><gm-fences></gm-fences>`;
    document.body.append(el);
    await el.ready;

    const [sites, staff, events] = await Promise.all([sampleItems<Site>('sites.geojson'), sampleItems<Staff>('staff.geojson'), sampleItems<GridEvent>('events.geojson')]);
    const site = { ...sites[20], name: evil(0, '学校') };
    const person = { ...staff[40], name: evil(2, '张三') };
    const event = { ...events[10], title: evil(3, '事件') };
    el.querySelector('gm-sites')!.items = [site];
    el.querySelector('gm-staff')!.items = [person];
    el.querySelector('gm-events')!.items = [event];
    el.querySelector('gm-fences')!.items = [{ id: 'f', name: evil(1, '围栏'), kind: 'watch', geometry: { type: 'Polygon', coordinates: [[[106.55, 29.55], [106.56, 29.55], [106.56, 29.56], [106.55, 29.56], [106.55, 29.55]]] } }];
    el.raiseAlert({ id: 'a', level: 'emergency', board: 'safety', title: evil(0, '报警'), time: Date.now(), gridCode: '50010301400101' });
    await drawn(el);

    // Breadcrumb and stats: the district selected, its name in both.
    const district = manifest.code ? '500103' : '500103';
    el.selected = district;
    await el.updateComplete;
    await drawn(el);
    const breadcrumb = el.querySelector('gm-breadcrumb')!;
    await breadcrumb.updateComplete;
    expect(deepText(breadcrumb)).to.contain(PAYLOADS[0]);
    expect(deepText(el.querySelector('gm-stats')!)).to.contain(PAYLOADS[0]);

    // Search: the payload-named site among the results.
    const search = el.querySelector('gm-search')!;
    await search.search('学校');
    await search.updateComplete;
    expect(deepText(search)).to.contain(PAYLOADS[0]);

    // The alert list.
    const list = el.querySelector('gm-alert-list')!;
    await list.updateComplete;
    expect(deepText(list)).to.contain(PAYLOADS[0]);

    // Popups: each item clicked on the map, close up.
    const map = el.getMap()!;
    for (const [tag, item, text] of [['gm-sites', site, site.name], ['gm-staff', person, person.name], ['gm-events', event, event.title]] as const) {
      map.jumpTo({ center: item.lngLat, zoom: 17 });
      await drawn(el);
      const layer = el.querySelector(tag)!;
      const selected = nextEvent(layer, 'gm-select');
      await clickAt(map, item.lngLat);
      const detail = (await selected).detail as { item: { name?: string; title?: string } };
      expect(detail.item.name ?? detail.item.title).to.equal(text);
      await layer.updateComplete;
      expect(layer.shadowRoot!.querySelector('[part="popup-title"]')!.textContent).to.equal(text);
      (layer as unknown as { closePopup(): void }).closePopup();
    }

    // An area clicked: gm-select's name is the text as given.
    el.selected = '';
    await el.updateComplete;
    await drawn(el);
    map.jumpTo({ center: [106.5, 29.555], zoom: 11 });
    await drawn(el);
    const areaSelected = nextEvent(el, 'gm-select');
    await clickAt(map, [106.5, 29.555]);
    const area = (await areaSelected).detail as GmSelectDetail;
    expect(area.name).to.be.a('string');

    await sleep(500);
    expect(window.xss, 'no payload ran').to.equal(undefined);
    const injected = allElements(document).filter((e) => (e.localName === 'img' && e.getAttribute('src') === 'x') || e.localName === 'iframe' || (e.localName === 'svg' && e.hasAttribute('onload')) || (e.localName === 'script' && e.textContent!.includes('xss')));
    expect(injected.map((e) => e.outerHTML.slice(0, 60)), 'no payload became markup').to.deep.equal([]);
  });
});
