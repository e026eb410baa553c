import { expect } from 'chai';
import {
  cleanup, canvasAlphaAt, clickAt, createMap, drawn, hoverAt, showFillsOnly, idle, labelOf, loadSampleIndex, mountMap, nextEvent, pixelAt, renderedCodes, SAMPLE, token, nextAreaSelect } from '../../../test/harness/map-harness.js';
import { expectColor, flattenLines } from '../../../test/harness/map-test-helpers.js';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { pointToLineDistance, polygonToLine } from '@turf/turf';
import type { GmMap } from './map.component.js';

describe('<gm-map> grid mosaic', () => {
  afterEach(cleanup);

  describe('grid mosaic (the city view)', () => {
    /** Below the mosaic's maxzoom (the sample's is 11.5): grids are ~8 px, a mosaic pixel ~1 px. */
    const MOSAIC_ZOOM = 11.2;
    const STATUS_CYCLE = ['normal', 'attention', 'warning', 'emergency'] as const;

    /**
     * Grids whose label point is at least `metres` from their edge: at this scale a grid is a few
     * pixels across, and a probe must not read the neighbour's pixel next to a thin grid's label.
     */
    async function wellInside(count: number, metres = 60): Promise<number[]> {
      const grids: FeatureCollection<Polygon | MultiPolygon> = await (await fetch('/fixtures/out/sample/grids.geojson')).json();
      const labels = (await loadSampleIndex()).grid.labels;
      const picked: number[] = [];
      for (let i = 0; i < grids.features.length && picked.length < count; i++) {
        const edges = polygonToLine(grids.features[i]) as Feature<LineString | MultiLineString> | FeatureCollection<LineString | MultiLineString>;
        const lines = 'features' in edges ? edges.features : [edges];
        const label = [labels[2 * i], labels[2 * i + 1]];
        const distance = Math.min(...lines.flatMap((l) => flattenLines(l)).map((line) => pointToLineDistance(label, line, { units: 'meters' })));
        if (distance >= metres) picked.push(i);
      }
      return picked;
    }

    /** A map at the mosaic's zoom with every 4th grid in each status, labels and outlines hidden. */
    async function mosaicView(props: Partial<GmMap> & Record<string, unknown> = {}, size?: [number, number]) {
      const el = await mountMap({ detail: 'grid', ...props }, size);
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      if (!size) map.jumpTo({ center: await labelOf(index.district.codes[0]), zoom: MOSAIC_ZOOM });
      showFillsOnly(map);
      el.setStatuses(index.grid.codes.map((code, i) => ({ code, status: STATUS_CYCLE[i % 4] })));
      await drawn(el);
      return { el, map, index };
    }

    it('draws every grid from the mosaic, each in its own status colour, without loading a grid tile', async () => {
      // 400×300: the district fits at about z11.2, below the mosaic's maxzoom, from the start.
      const { el, map, index } = await mosaicView({}, [400, 300]);
      expect(map.getZoom()).to.be.below(11.5);
      expect(map.getLayer('gm-grid-mosaic')).to.exist;
      expect(map.querySourceFeatures('gm-grid', { sourceLayer: 'grids' }), 'no grid tile loaded').to.have.length(0);
      const probes = await wellInside(60);
      for (const i of probes) {
        expectColor(pixelAt(map, await labelOf(index.grid.codes[i])), token(el, `--gm-status-${STATUS_CYCLE[i % 4]}`), index.grid.codes[i]);
      }
      // Above the mosaic's maxzoom the tiles take over, in the same colours.
      const grid = probes[5];
      map.jumpTo({ center: await labelOf(index.grid.codes[grid]), zoom: 12.6 });
      await drawn(el);
      showFillsOnly(map);
      await drawn(el);
      expect(renderedCodes(map, 'grid').size).to.be.greaterThan(0);
      expectColor(pixelAt(map, await labelOf(index.grid.codes[grid])), token(el, `--gm-status-${STATUS_CYCLE[grid % 4]}`), 'tile fill');
    });

    it('hands the grid tiles their statuses only once they are drawn, and draws them current', async () => {
      const { el, map, index } = await mosaicView({}, [400, 300]);
      const grid = (await wellInside(12)).find((i) => i % 4 === 0)!;
      const code = index.grid.codes[grid];
      for (const status of ['emergency', 'attention', 'warning'] as const) {
        el.setStatuses([{ code, status }]);
        await drawn(el);
      }
      expectColor(pixelAt(map, await labelOf(code)), token(el, '--gm-status-warning'), 'the mosaic');
      // MapLibre merges feature-state only into sources it draws: below the mosaic's maxzoom the grid
      // source is not drawn, and 65,000 states written to it would wait there as objects.
      const state = () => map.getFeatureState({ source: 'gm-grid', sourceLayer: 'grids', id: Number(code) });
      expect(state().rank, 'no state for an undrawn source').to.be.undefined;
      map.jumpTo({ center: await labelOf(code), zoom: 12.6 });
      await drawn(el);
      showFillsOnly(map);
      await drawn(el);
      expect(renderedCodes(map, 'grid').has(code)).to.be.true;
      expect(state().rank).to.equal(3);
      expectColor(pixelAt(map, await labelOf(code)), token(el, '--gm-status-warning'), 'the tile fill, once drawn');
    });

    it('recolours exactly the updated grid, and recolours on a theme change', async () => {
      const { el, map, index } = await mosaicView({ theme: 'light' });
      const [first, ...others] = await wellInside(41);
      const target = index.grid.codes[first];
      el.setStatuses([{ code: target, status: first % 4 === 3 ? 'normal' : 'emergency' }]);
      await drawn(el);
      expectColor(pixelAt(map, await labelOf(target)), token(el, `--gm-status-${first % 4 === 3 ? 'normal' : 'emergency'}`), 'the updated grid');
      for (const i of others) {
        expectColor(pixelAt(map, await labelOf(index.grid.codes[i])), token(el, `--gm-status-${STATUS_CYCLE[i % 4]}`), `${index.grid.codes[i]} unchanged`);
      }
      const light = token(el, '--gm-status-attention');
      el.theme = 'dark';
      await el.updateComplete;
      await drawn(el);
      const attention = index.grid.codes[others.find((i) => i % 4 === 1)!];
      expect(token(el, '--gm-status-attention')).to.not.deep.equal(light);
      expectColor(pixelAt(map, await labelOf(attention)), token(el, '--gm-status-attention'), 'dark theme');
    });

    it('hovers grids and drills down from the mosaic', async () => {
      const { el, map, index } = await mosaicView();
      const grid = index.grid.codes[(await wellInside(30)).at(-1)!];
      const hovered = nextEvent(el, 'gm-hover');
      await hoverAt(map, await labelOf(grid));
      expect((await hovered).detail?.code).to.equal(grid);
      const selected = nextAreaSelect(el);
      await clickAt(map, await labelOf(grid));
      expect((await selected).detail).to.deep.equal({ kind: 'area', code: '500103', level: 'district', name: '渝中区' });
    });

    /** The mosaic images fetched since the resource timings were last cleared (their buffer holds 250), by file name. */
    const mosaicFetches = () =>
      performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()!).filter((n) => n.startsWith('grids.mosaic'));
    /** Resolves once a mosaic image uploaded after `since` is drawn. */
    async function mosaicUploaded(el: GmMap, since: number): Promise<void> {
      while (!performance.getEntriesByName('gm:mosaic-uploaded').some((m) => m.startTime >= since)) await new Promise((r) => setTimeout(r, 20));
      await drawn(el);
    }

    it('draws a far view from the overview that suits its zoom, and fetches the full image once zoomed in', async () => {
      // 200×150: the district fits at about z10.2, where the first overview (drawn up to z10.5) has
      // about one pixel per screen pixel, a quarter of the full image's.
      performance.clearResourceTimings();
      const { el, map, index } = await mosaicView({}, [200, 150]);
      expect(map.getZoom()).to.be.within(9.5, 10.5);
      expect(mosaicFetches(), 'only the overview').to.deep.equal(['grids.mosaic-1.png']);
      const probes = await wellInside(12, 150);
      expect(probes.length).to.be.greaterThan(5);
      for (const i of probes) {
        expectColor(pixelAt(map, await labelOf(index.grid.codes[i])), token(el, `--gm-status-${STATUS_CYCLE[i % 4]}`), `${index.grid.codes[i]} from the overview`);
      }
      const grid = index.grid.codes[probes[0]];
      const hovered = nextEvent(el, 'gm-hover');
      await hoverAt(map, await labelOf(grid));
      expect((await hovered).detail?.code, 'hit-tested in the overview').to.equal(grid);

      const zoomed = performance.now();
      performance.clearResourceTimings();
      map.jumpTo({ center: await labelOf(grid), zoom: MOSAIC_ZOOM });
      await mosaicUploaded(el, zoomed);
      expect(mosaicFetches(), 'the full image, once the view wants it').to.deep.equal(['grids.mosaic.png']);
      for (const i of await wellInside(30)) {
        const point = map.project(await labelOf(index.grid.codes[i]));
        if (point.x < 0 || point.y < 0 || point.x >= 200 || point.y >= 150) continue;
        expectColor(pixelAt(map, await labelOf(index.grid.codes[i])), token(el, `--gm-status-${STATUS_CYCLE[i % 4]}`), `${index.grid.codes[i]} from the full image`);
      }
      // Back out, the overview draws again: nothing more is fetched.
      performance.clearResourceTimings();
      map.jumpTo({ center: map.getCenter(), zoom: 10.2 });
      await drawn(el);
      expect(mosaicFetches()).to.deep.equal([]);
    });

    it('keeps drawing the overview, with gm-error, when the full image cannot be loaded', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href).href;
      const levels = structuredClone(manifest.levels);
      for (const level of Object.values(levels) as { pmtiles: string; geojson: string }[]) {
        level.pmtiles = new URL(level.pmtiles, base).href;
        level.geojson = new URL(level.geojson, base).href;
      }
      levels.grid.mosaic.image = new URL('no-such-mosaic.png', base).href;
      for (const o of levels.grid.mosaic.overviews) o.image = new URL(o.image, base).href;
      const el = await mountMap({ detail: 'grid', src: '', boundaries: { ...manifest, levels, index: new URL(manifest.index, base).href, data: {} } }, [200, 150]);
      const map = el.getMap()!;
      showFillsOnly(map);
      const error = nextEvent(el, 'gm-error');
      map.jumpTo({ center: map.getCenter(), zoom: MOSAIC_ZOOM });
      expect((await error).detail.reason).to.equal('mosaic-unreachable');
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic'), 'the overview still draws').to.exist;
      expect(map.querySourceFeatures('gm-grid', { sourceLayer: 'grids' }), 'no grid tile loaded').to.have.length(0);
      const grid = (await loadSampleIndex()).grid.codes[(await wellInside(1, 150))[0]];
      map.jumpTo({ center: await labelOf(grid), zoom: MOSAIC_ZOOM });
      await drawn(el);
      expect(canvasAlphaAt(map, await labelOf(grid)), 'the grids are drawn (in the no-data colour)').to.be.greaterThan(0);
    });

    it('falls back to the grid tiles when the mosaic is missing or broken, with gm-error', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href).href;
      for (const [image, reason] of [
        ['no-such-mosaic.png', 'mosaic-unreachable'],
        ['areas.json', 'mosaic-invalid'],
      ]) {
        const levels = structuredClone(manifest.levels);
        for (const level of Object.values(levels) as { pmtiles: string; geojson: string }[]) {
          level.pmtiles = new URL(level.pmtiles, base).href;
          level.geojson = new URL(level.geojson, base).href;
        }
        levels.grid.mosaic.image = new URL(image, base).href;
        const el = createMap({ detail: 'grid', src: '', boundaries: { ...manifest, levels, index: new URL(manifest.index, base).href, data: {} } });
        const error = nextEvent(el, 'gm-error');
        document.body.append(el);
        expect((await error).detail.reason).to.equal(reason);
        await el.ready;
        const map = el.getMap()!;
        map.jumpTo({ center: map.getCenter(), zoom: MOSAIC_ZOOM });
        await drawn(el);
        expect(map.getLayer('gm-grid-mosaic')).to.be.undefined;
        expect(renderedCodes(map, 'grid').size, `${reason}: tiles draw the grids`).to.be.greaterThan(100);
        expect(el.shadowRoot!.querySelector('[part="message"]')!.textContent).to.match(/grid|网格/);
        el.remove();
      }
    });

    it('takes the mosaic off the map when the next hierarchy has none', async () => {
      const { el, map } = await mosaicView();
      expect(map.getLayer('gm-grid-mosaic')).to.exist;
      // The sample's tiles and index without their mosaic (GeoJSON grids would get one drawn: map.geojson.test.ts).
      const manifest = await (await fetch(SAMPLE)).json();
      const base = new URL(SAMPLE, location.href).href;
      for (const level of Object.values(manifest.levels) as { pmtiles: string; mosaic?: unknown }[]) {
        level.pmtiles = new URL(level.pmtiles, base).href;
        delete level.mosaic;
      }
      const ready = nextEvent(el, 'gm-ready');
      el.src = '';
      el.boundaries = { ...manifest, index: new URL(manifest.index, base).href, data: {} };
      await ready;
      map.jumpTo({ center: map.getCenter(), zoom: MOSAIC_ZOOM });
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic')).to.be.undefined;
      expect(map.getLayer('gm-grid-fill')!.minzoom ?? 0).to.equal(0);
      expect(renderedCodes(map, 'grid').size, 'the grid tiles draw at every zoom').to.be.greaterThan(100);
    });

    it('draws the mosaic again after a re-connect', async () => {
      const { el, index } = await mosaicView();
      el.remove();
      document.body.append(el);
      await el.updateComplete;
      const map = el.getMap()!;
      await new Promise((r) => map.once('load', r));
      await idle(map);
      const grid = (await wellInside(1))[0];
      map.jumpTo({ center: await labelOf(index.grid.codes[grid]), zoom: MOSAIC_ZOOM });
      showFillsOnly(map);
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic')).to.exist;
      expectColor(pixelAt(map, await labelOf(index.grid.codes[grid])), token(el, `--gm-status-${STATUS_CYCLE[grid % 4]}`));
    });
  });
});
