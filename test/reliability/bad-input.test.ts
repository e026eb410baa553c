// Bad input at every entry point: the manifest and its files, setStatuses(), the layers' items and
// `src`, alerts, fences, attributes and the live feed. Each case asserts the gm-error and its
// reason, the polite message where a person needs one, the last good state still drawn (rendered
// features and statuses), and that good input after it is still applied.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/sites/sites.js';
import '../../src/components/staff/staff.js';
import '../../src/components/events/events.js';
import '../../src/components/fences/fences.js';
import '../../src/components/live/live.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmErrorDetail, GmErrorReason } from '../../src/event-types.js';
import type { Site } from '../../src/model/site.js';
import type { Staff } from '../../src/model/staff.js';
import type { GridEvent } from '../../src/model/grid-event.js';
import type { Fence } from '../../src/model/fence.js';
import { SAMPLE, cleanup, createMap, drawn, loadSampleIndex, mountMap, sampleItems } from '../harness/map-harness.js';

const TEN_MB = 'x'.repeat(10 * 2 ** 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every gm-error the element (and what is inside it) fires from now on. */
function errorsOf(el: HTMLElement): GmErrorDetail[] {
  const list: GmErrorDetail[] = [];
  el.addEventListener('gm-error', (e) => list.push(e.detail));
  return list;
}

/** Waits (up to `ms`) for a gm-error with this reason among `errors`. */
async function reported(errors: GmErrorDetail[], reason: GmErrorReason, ms = 10000): Promise<GmErrorDetail> {
  const end = performance.now() + ms;
  for (;;) {
    const found = errors.find((e) => e.reason === reason);
    if (found) return found;
    if (performance.now() > end) throw new Error(`no gm-error ${reason}; got ${errors.map((e) => e.reason).join(', ') || 'none'}`);
    await sleep(50);
  }
}

/** Codes of the areas drawn now, at every level (fills and outlines). */
function drawnAreas(el: GmMap): Set<string> {
  const layers = ['district', 'town', 'community', 'grid'].flatMap((l) => [`gm-${l}-fill`, `gm-${l}-line`]);
  return new Set(el.getMap()!.queryRenderedFeatures({ layers }).map((f) => String(f.id)));
}

/** The map's polite message, if shown. */
function message(el: GmMap): string {
  const box = el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
  return box.hidden ? '' : box.textContent!.trim();
}

describe('bad input', function () {
  this.timeout(60000);

  describe('manifest and files (a good city is drawn first, and stays)', () => {
    let el: GmMap;
    let errors: GmErrorDetail[];
    let drawnBefore: number;
    before(async () => {
      el = await mountMap({ loadTimeout: 2 });
      drawnBefore = drawnAreas(el).size;
      expect(drawnBefore).to.be.greaterThan(0);
    });
    beforeEach(() => {
      errors = errorsOf(el);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="message"] button')!.click();
    });
    after(cleanup);

    /** After a bad src: the error, the message, the old city still drawn; then the good src loads again. */
    async function badSource(src: string | object, reason: GmErrorReason) {
      if (typeof src === 'string') el.src = src;
      else Object.assign(el, { src: '', boundaries: src });
      const error = await reported(errors, reason);
      await el.updateComplete;
      expect(message(el), 'a polite message').to.not.equal('');
      await drawn(el);
      const still = drawnAreas(el).size;
      expect(still, 'the last good city is still drawn').to.be.greaterThan(0);
      return error;
    }

    afterEach(async () => {
      // Good input after the bad is applied.
      el.boundaries = undefined;
      el.src = SAMPLE;
      await el.ready;
      expect(el.statusOf('500103001')).to.be.a('string');
    });

    it('a manifest URL that answers 404', async () => {
      const error = await badSource('/fixtures/out/sample/no-such-manifest.json', 'manifest-unreachable');
      expect(String(error.detail.message)).to.contain('404');
    });
    it('a manifest that is not JSON', () => badSource('/fixtures/out/sample/grids.mosaic.png', 'manifest-invalid-json'));
    it('a truncated manifest', () => badSource('/test-hooks/truncated/fixtures/out/sample/manifest.json', 'manifest-invalid-json'));
    it('a manifest of the wrong shape (a statuses file)', () => badSource('/fixtures/out/sample/statuses.json', 'manifest-invalid'));
    it('a manifest server that never answers (load-timeout)', async () => {
      const error = await badSource('/test-hooks/stall', 'manifest-unreachable');
      expect(String(error.detail.message)).to.contain('no answer within 2 s');
    });
    it('boundaries that answer 404', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href);
      const levels = Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { ...(spec as object), pmtiles: undefined, tiles: undefined, geojson: new URL((spec as { geojson: string }).geojson, base).href }]));
      levels.town = { ...levels.town, geojson: '/fixtures/out/sample/no-such-towns.geojson' };
      await badSource({ ...manifest, levels, index: new URL(manifest.index, base).href, data: {} }, 'boundaries-unreachable');
    });
    it('boundaries that are not a FeatureCollection (a Point)', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href);
      const levels: Record<string, object> = Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { ...(spec as object), pmtiles: undefined, tiles: undefined, geojson: new URL((spec as { geojson: string }).geojson, base).href }]));
      levels.district = { ...levels.district, geojson: { type: 'Point', coordinates: [106.5, 29.5] } };
      await badSource({ ...manifest, levels, index: new URL(manifest.index, base).href, data: {} }, 'boundaries-invalid');
    });
    for (const file of ['areas.json', 'areas.bin']) {
      it(`a truncated area index (${file})`, async () => {
        const manifest = await (await fetch(SAMPLE)).json();
        const base = new URL(SAMPLE, location.href);
        const resolved = { ...manifest, levels: Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { ...(spec as object), pmtiles: new URL((spec as { pmtiles: string }).pmtiles, base).href, geojson: undefined, mosaic: undefined }])), index: `/test-hooks/truncated/fixtures/out/sample/${file}`, data: {} };
        const error = await badSource(resolved, 'index-invalid');
        if (file === 'areas.bin') expect(String(error.detail.message)).to.match(/area index file's .* lie outside the file/);
      });
    }
    it('a truncated statuses file', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href);
      const resolved = { ...manifest, levels: Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { ...(spec as object), pmtiles: new URL((spec as { pmtiles: string }).pmtiles, base).href, geojson: undefined, mosaic: undefined }])), index: new URL(manifest.index, base).href, data: { statuses: '/test-hooks/truncated/fixtures/out/sample/statuses.json' } };
      el.boundaries = resolved;
      el.src = '';
      await reported(errors, 'statuses-invalid');
    });
  });

  describe('boundaries given as GeoJSON: bad features are skipped, the rest drawn', () => {
    afterEach(cleanup);

    async function withDistricts(extra: object[]) {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href);
      const geo = async (file: string) => (await fetch(new URL(file, base))).json();
      const levels: Record<string, object> = {};
      for (const [level, spec] of Object.entries(manifest.levels) as [string, { geojson: string }][]) {
        const collection = await geo(spec.geojson);
        if (level === 'district') collection.features.push(...extra);
        levels[level] = { ...spec, pmtiles: undefined, tiles: undefined, mosaic: undefined, geojson: collection };
      }
      const el = createMap({ src: '', boundaries: { ...manifest, levels, index: undefined, data: {} } });
      const errors = errorsOf(el);
      document.body.append(el);
      await el.ready;
      await drawn(el);
      return { el, errors };
    }

    it('empty polygons, NaN and out-of-range coordinates, unknown and duplicate codes', async () => {
      const feature = (code: string, coordinates: unknown) => ({ type: 'Feature', properties: { code, name: code }, geometry: { type: 'Polygon', coordinates } });
      const square = [[[106.5, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.5]]];
      const { el, errors } = await withDistricts([
        feature('500199', []),
        feature('500198', [[[106.5, NaN], [106.51, 29.5], [106.51, 29.51], [106.5, NaN]]]),
        feature('500197', [[[106.5, 95], [106.51, 29.5], [106.51, 29.51], [106.5, 95]]]),
        feature('999', square),
        feature('500103', square),
      ]);
      const error = await reported(errors, 'boundaries-invalid');
      expect(error.detail.count).to.equal(5);
      expect(drawnAreas(el).has('500103'), 'the real district still drawn').to.equal(true);
      el.setStatuses([{ code: '50010300100301', status: 'warning' }]);
      expect(el.statusOf('50010300100301', 'party')).to.equal('warning');
    });

    it('a self-intersecting (bow-tie) polygon is drawn as given, without breaking the map', async () => {
      // Lobes of unequal size: a symmetric bow-tie has no net area, and the tiler drops rings without area.
      const bowTie = { type: 'Feature', properties: { code: '500196', name: '蝴蝶结' }, geometry: { type: 'Polygon', coordinates: [[[106.48, 29.53], [106.5, 29.56], [106.5, 29.53], [106.48, 29.545], [106.48, 29.53]]] } };
      const { el, errors } = await withDistricts([bowTie]);
      expect(errors, 'real city data has such outlines; they are not errors').to.deep.equal([]);
      expect(drawnAreas(el).has('500196'), `drawn: ${[...drawnAreas(el)].filter((c) => c.length === 6).join()}`).to.equal(true);
      expect(el.flyToArea('500196'), 'flies to it').to.equal(true);
    });
  });

  describe('setStatuses() and attributes on a drawn map', () => {
    let el: GmMap;
    let errors: GmErrorDetail[];
    let grids: string[];
    before(async () => {
      el = await mountMap({ detail: 'grid' });
      grids = (await loadSampleIndex()).grid.codes;
    });
    beforeEach(() => (errors = errorsOf(el)));
    after(cleanup);

    /** A bad call reports `reason`; a good grid in the same call and the next call are applied. */
    async function badUpdate(bad: unknown, reason: GmErrorReason) {
      el.setStatuses([bad as never, { code: grids[1], status: 'attention', board: 'economy' }]);
      const error = await reported(errors, reason);
      expect(el.statusOf(grids[1], 'economy'), 'the good update in the same call').to.equal('attention');
      el.setStatuses([{ code: grids[1], status: 'normal', board: 'economy' }]);
      expect(el.statusOf(grids[1], 'economy'), 'the next call').to.equal('normal');
      await el.updateComplete;
      expect(message(el)).to.not.equal('');
      return error;
    }

    it('an unknown grid code', () => badUpdate({ code: '99999999999999', status: 'warning' }, 'unknown-code'));
    it('an unknown status', () => badUpdate({ code: grids[0], status: 'burning' }, 'invalid-status'));
    it('an unknown board', () => badUpdate({ code: grids[0], status: 'warning', board: 'sports' }, 'invalid-board'));
    it('null, a number and a string instead of updates', async () => {
      el.setStatuses([null, 42, 'x'] as never);
      expect((await reported(errors, 'invalid-update')).detail.count).to.equal(3);
    });
    it('NaN and Infinity as codes and statuses', async () => {
      el.setStatuses([{ code: NaN, status: 'warning' }, { code: grids[0], status: Infinity }] as never);
      await reported(errors, 'invalid-update');
      await reported(errors, 'invalid-status');
    });
    it('a 10 MB code is refused, and reported in 80 characters', async () => {
      const error = await badUpdate({ code: TEN_MB, status: 'warning' }, 'unknown-code');
      expect(String((error.detail.items as string[])[0]).length).to.be.at.most(81);
    });
    it('duplicate codes in one call: the last wins, no error', async () => {
      el.setStatuses([{ code: grids[2], status: 'emergency', board: 'safety' }, { code: grids[2], status: 'attention', board: 'safety' }]);
      expect(el.statusOf(grids[2], 'safety')).to.equal('attention');
      await sleep(50);
      expect(errors).to.deep.equal([]);
    });
    it('100,000 updates in one call are applied (the last per grid wins)', async () => {
      const statuses = ['normal', 'attention', 'warning', 'emergency', 'unknown'] as const;
      const updates = Array.from({ length: 100000 }, (_, i) => ({ code: grids[i % grids.length], status: statuses[i % 5], board: 'party' as const }));
      el.setStatuses(updates);
      for (const g of [0, 1, grids.length - 1]) {
        expect(el.statusOf(grids[g], 'party'), grids[g]).to.equal(updates.filter((u) => u.code === grids[g]).at(-1)!.status);
      }
      await drawn(el);
      expect(errors).to.deep.equal([]);
    });
    it('an unknown theme: reported, the previous theme kept', async () => {
      el.theme = 'neon' as never;
      await reported(errors, 'invalid-attribute');
      await el.updateComplete;
      expect(el.theme).to.equal('light');
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      el.theme = 'light';
    });
    it('an unknown detail: reported, the previous one kept', async () => {
      el.detail = 'everything' as never;
      await reported(errors, 'invalid-attribute');
      await el.updateComplete;
      expect(el.detail).to.equal('grid');
    });
    it('boards with an unknown name: reported, the known ones applied', async () => {
      el.boards = 'sports,safety';
      await reported(errors, 'invalid-board');
      expect(el.activeBoards).to.deep.equal(['safety']);
      el.boards = '';
    });
    it('selected set to an unknown code: reported, the selection unchanged', async () => {
      el.selected = '500103001';
      await el.updateComplete;
      el.selected = '12345';
      await reported(errors, 'unknown-code');
      el.selected = '';
    });
  });

  describe('layers, alerts and fences', () => {
    let el: GmMap;
    let errors: GmErrorDetail[];
    let sites: Site[];
    let staff: Staff[];
    let events: GridEvent[];
    before(async () => {
      el = await mountMap({ loadTimeout: 2 });
      el.append(document.createElement('gm-sites'), document.createElement('gm-staff'), document.createElement('gm-events'), document.createElement('gm-fences'));
      [sites, staff, events] = await Promise.all([sampleItems<Site>('sites.geojson'), sampleItems<Staff>('staff.geojson'), sampleItems<GridEvent>('events.geojson')]);
      el.querySelector('gm-sites')!.items = sites;
      el.querySelector('gm-staff')!.items = staff;
      el.querySelector('gm-events')!.items = events;
      await drawn(el);
    });
    beforeEach(() => (errors = errorsOf(el)));
    after(cleanup);

    /** A bad item is refused and reported; the others of the call and everything before stay. */
    async function badItem<K extends 'gm-sites' | 'gm-staff' | 'gm-events'>(tag: K, bad: unknown, good: NonNullable<HTMLElementTagNameMap[K]['items']>[number]) {
      const layer = el.querySelector(tag)! as HTMLElementTagNameMap[K];
      const before = layer.all().length;
      (layer.upsert as (items: unknown[]) => void)([bad, good]);
      const error = await reported(errors, 'items-invalid');
      expect(layer.get(String((good as { id: string }).id)), 'the good item of the call').to.not.equal(undefined);
      expect(layer.all().length, 'nothing lost').to.be.at.least(before);
      return error;
    }

    it('a site without an id', () => badItem('gm-sites', { ...sites[0], id: undefined }, { ...sites[1], name: '好的' }));
    it('a site at NaN', () => badItem('gm-sites', { ...sites[0], id: 'nan-site', lngLat: [NaN, 29.5] }, sites[2]));
    it('a site of an unknown category', () => badItem('gm-sites', { ...sites[0], id: 'odd', category: 'spaceport' }, sites[3]));
    it('a person at latitude 95 and one at Infinity', async () => {
      const error = await badItem('gm-staff', { ...staff[0], id: 'north', lngLat: [106.5, 95] }, staff[1]);
      expect(String((error.detail.items as string[])[0])).to.contain('bad-position');
      errors.length = 0;
      el.querySelector('gm-staff')!.upsert([{ ...staff[0], id: 'inf', lngLat: [Infinity, 29.5] }]);
      await reported(errors, 'items-invalid');
      expect(el.querySelector('gm-staff')!.get('inf')).to.equal(undefined);
    });
    it('a person of an unknown role', () => badItem('gm-staff', { ...staff[0], id: 'odd', role: 'wizard' }, staff[2]));
    it('an event of an unknown status', () => badItem('gm-events', { ...events[0], id: 'odd', status: 'lost' }, events[1]));
    it('a 10 MB name is refused (text-too-long), not laid out', async () => {
      const error = await badItem('gm-sites', { ...sites[0], id: 'huge', name: TEN_MB }, sites[4]);
      expect(JSON.stringify(error.detail).length, 'the report stays small').to.be.below(2000);
      expect(String((error.detail.items as string[])[0])).to.contain('text-too-long');
    });
    it('duplicate ids in one call: one item, the last', async () => {
      const layer = el.querySelector('gm-sites')!;
      layer.upsert([{ ...sites[5], name: '第一' }, { ...sites[5], name: '第二' }]);
      expect(layer.get(sites[5].id)!.name).to.equal('第二');
      expect(errors).to.deep.equal([]);
    });
    it('a layer src that answers 404: items-unreachable, the items kept', async () => {
      const layer = el.querySelector('gm-staff')!;
      const before = layer.all().length;
      layer.src = '/fixtures/out/sample/no-such-staff.geojson';
      await reported(errors, 'items-unreachable');
      expect(layer.all().length).to.equal(before);
    });
    it('a layer src that is truncated: items-invalid', async () => {
      el.querySelector('gm-events')!.src = '/test-hooks/truncated/fixtures/out/sample/events.geojson';
      await reported(errors, 'items-invalid');
    });
    it('a layer src that never answers: items-unreachable after the map’s load-timeout', async () => {
      el.querySelector('gm-sites')!.src = '/test-hooks/stall';
      const error = await reported(errors, 'items-unreachable', 8000);
      expect(String(error.detail.message)).to.contain('no answer');
    });
    it('alerts with an unknown level, a NaN position or an unknown grid', async () => {
      el.raiseAlert([
        { id: 'a1', level: 'apocalypse', board: 'safety', title: 'x', time: Date.now(), gridCode: '50010300100301' } as never,
        { id: 'a2', level: 'warning', board: 'safety', title: 'x', time: Date.now(), lngLat: [NaN, 1] },
        { id: 'a3', level: 'warning', board: 'safety', title: 'x', time: Date.now(), gridCode: '99999999999999' },
        { id: 'ok', level: 'warning', board: 'safety', title: '好的', time: Date.now(), gridCode: '50010300100301' },
      ]);
      expect((await reported(errors, 'invalid-alert')).detail.count).to.equal(2);
      await reported(errors, 'unknown-code');
      expect(el.alerts.map((a) => a.id)).to.deep.equal(['ok']);
      el.resolveAlert('ok');
    });
    it('acknowledging or resolving an unknown alert', async () => {
      expect(el.acknowledgeAlert('nope')).to.equal(false);
      expect(el.resolveAlert('nope')).to.equal(false);
      await reported(errors, 'unknown-alert');
    });
    it('a fence whose outline crosses itself, and one without a name', async () => {
      const fences = el.querySelector('gm-fences')!;
      const bowTie: Fence['geometry'] = { type: 'Polygon', coordinates: [[[106.5, 29.55], [106.51, 29.56], [106.51, 29.55], [106.5, 29.56], [106.5, 29.55]]] };
      const square: Fence['geometry'] = { type: 'Polygon', coordinates: [[[106.5, 29.55], [106.51, 29.55], [106.51, 29.56], [106.5, 29.56], [106.5, 29.55]]] };
      fences.items = [
        { id: 'cross', name: '交叉', kind: 'restricted', geometry: bowTie },
        { id: 'anon', kind: 'watch', geometry: square } as never,
        { id: 'ok', name: '好的', kind: 'watch', geometry: square },
      ];
      const error = await reported(errors, 'invalid-fence');
      expect(error.detail.count).to.equal(2);
      expect(fences.fences.map((f) => f.id)).to.deep.equal(['ok']);
    });
  });

  describe('the live feed', () => {
    afterEach(async () => {
      cleanup();
      await executeServerCommand('feed-stop-all');
    });

    it('a dead feed URL: live-unreachable once, a polite message, the map as it was', async () => {
      const el = await mountMap({ detail: 'grid' });
      const errors = errorsOf(el);
      el.setStatuses([{ code: '50010300100301', status: 'warning' }]);
      const live = document.createElement('gm-live');
      live.src = 'http://127.0.0.1:9/live/sse';
      el.append(live);
      await reported(errors, 'live-unreachable');
      await el.updateComplete;
      expect(message(el)).to.contain('实时数据连接中断');
      expect(el.statusOf('50010300100301', 'party')).to.equal('warning');
    });

    it('status messages with unknown codes and statuses: the map reports them, applies the rest, the feed goes on', async () => {
      const feed = await executeServerCommand<{ url: string }, object>('feed-start', { args: ['--tick', '0'] });
      const el = await mountMap({ detail: 'grid' });
      const errors = errorsOf(el);
      const live = document.createElement('gm-live');
      live.src = `${feed.url}/live/sse`;
      el.append(live);
      for (let i = 0; i < 100 && !live.stats.snapshots; i++) await sleep(100);
      const seq = live.lastSeq!;
      const message = { seq: seq + 1, type: 'status', updates: [{ code: '99999999999999', status: 'warning' }, { code: '50010300100302', status: 'purple' }, { code: '50010300100303', status: 'emergency' }] };
      await fetch(`${feed.url}/live/inject`, { method: 'POST', body: JSON.stringify(message) });
      await reported(errors, 'unknown-code');
      await reported(errors, 'invalid-status');
      expect(el.statusOf('50010300100303', 'party')).to.equal('emergency');
    });
  });
});
