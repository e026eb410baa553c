import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import {
  cleanup, clickAt, drawn, hideLabels, hoverAt, idle, labelOf, loadSampleIndex, mountMap, nextEvent, pixelAt, renderedCodes, rgb, token, nextAreaSelect, until } from '../../../test/harness/map-harness.js';
import { errorsOf } from '../../../test/harness/map-test-helpers.js';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource } from 'maplibre-gl';
import type { GmMap } from './map.component.js';

describe('<gm-map> selection and bad input', () => {
  afterEach(cleanup);

  describe('selection and drill-down', () => {
    it('selects a town by click, fires gm-select, reflects `selected` and shows its communities', async () => {
      const el = await mountMap();
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      map.jumpTo({ center: await labelOf(index.district.codes[0]), zoom: 7.5 });
      await idle(map);
      const town = index.town.codes[3];
      const selected = nextAreaSelect(el);
      await clickAt(map, await labelOf(town));
      const { detail } = await selected;
      expect(detail).to.deep.equal({ kind: 'area', code: town, level: 'town', name: index.town.names[3] });
      await el.updateComplete;
      expect(el.getAttribute('selected')).to.equal(town);
      await new Promise((r) => map.once('moveend', r));
      await idle(map);
      expect(map.getLayoutProperty('gm-community-fill', 'visibility')).to.equal('visible');
      const communities = renderedCodes(map, 'community');
      expect([...communities].some((c) => c.startsWith(town))).to.be.true;
      // The town's outline is drawn in the selected colour, in one piece (tile pieces joined).
      expect(map.queryRenderedFeatures({ layers: ['gm-highlight-selected'] })).to.have.length.greaterThan(0);
      const outline = (await (map.getSource('gm-highlight') as GeoJSONSource).getData()) as FeatureCollection;
      const selectedOutline = outline.features.filter((f) => f.properties!.kind === 'selected');
      expect(selectedOutline.map((f) => f.geometry.type)).to.deep.equal(['Polygon']);
      expect(rgb(String(map.getPaintProperty('gm-highlight-selected', 'line-color')))).to.deep.equal(token(el, '--gm-selected'));
    });

    it('drills down one level per click with detail="grid" (district, town, community, grid)', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const grid = index.grid.codes[100];
      const levels: string[] = [];
      for (const expected of [grid.slice(0, 6), grid.slice(0, 9), grid.slice(0, 12), grid]) {
        const selected = nextAreaSelect(el);
        await clickAt(map, await labelOf(grid));
        const { detail } = await selected;
        expect(detail.code).to.equal(expected);
        levels.push(detail.level!);
        await new Promise((r) => map.once('moveend', r));
        await idle(map);
      }
      expect(levels).to.deep.equal(['district', 'town', 'community', 'grid']);
    });

    it('asks for no area tiles while a drill-down flies, and for the view it lands on at once', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const grid = index.grid.codes[100];
      const click = async () => {
        const selected = nextAreaSelect(el);
        await clickAt(map, await labelOf(grid));
        await selected;
        await new Promise((r) => map.once('moveend', r));
      };
      await click(); // the district: the city view of the one-district sample, little to fly
      await idle(map);
      const asked: { z: number; moving: boolean }[] = [];
      let flightFrames = 0;
      map.on('render', () => map.isMoving() && flightFrames++);
      map.on('dataloading', (e) => {
        const tile = (e as unknown as { tile?: { tileID: { overscaledZ: number } } }).tile;
        if (tile && /^gm-(district|town|community|grid)$/.test(String((e as { sourceId?: string }).sourceId))) asked.push({ z: tile.tileID.overscaledZ, moving: map.isMoving() });
      });
      await click(); // the town: a flight in by a zoom or more
      expect(flightFrames, 'the camera flew').to.be.greaterThan(0);
      expect(asked.filter((a) => a.moving), 'no tiles asked for on the way').to.deep.equal([]);
      await idle(map);
      expect(asked.length, 'the landing view\'s tiles asked for').to.be.greaterThan(0);
      expect(new Set(asked.map((a) => a.z)).size, `one zoom: ${JSON.stringify(asked)}`).to.equal(1);
      expect(renderedCodes(map, 'grid').size, 'its grids drawn').to.be.greaterThan(0);
      // Going up flies out, past the tiles in view: those of the views on the way are asked for.
      const paused: boolean[] = [];
      const managers = (map.style as unknown as { tileManagers: Record<string, { _paused?: boolean }> }).tileManagers;
      map.on('render', () => map.isMoving() && paused.push(Object.keys(managers).some((id) => id.startsWith('gm-') && managers[id]._paused)));
      const up = nextAreaSelect(el);
      el.shadowRoot!.querySelector('[part="map"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      expect((await up).detail.level).to.equal('district');
      await new Promise((r) => map.once('moveend', r));
      expect(paused.length, 'the camera flew out').to.be.greaterThan(0);
      expect(paused.filter(Boolean), 'no source paused on the way out').to.deep.equal([]);
    });

    it('drills down with Enter and goes up with Escape, by keyboard only', async () => {
      const el = await mountMap({ detail: 'auto' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const town = index.town.codes[0];
      map.jumpTo({ center: await labelOf(town), zoom: 7.5 });
      await idle(map);
      map.getCanvas().focus();
      const down = nextAreaSelect(el);
      await sendKeys({ press: 'Enter' });
      expect((await down).detail.level).to.equal('town');
      expect(el.selected).to.equal((await down).detail.code);
      const up = nextAreaSelect(el);
      await sendKeys({ press: 'Escape' });
      expect((await up).detail).to.deep.equal({ kind: 'area', code: '500103', level: 'district', name: '渝中区' });
      const top = nextAreaSelect(el);
      await sendKeys({ press: 'Escape' });
      expect((await top).detail.level).to.equal('city');
      await el.updateComplete;
      expect(el.hasAttribute('selected') && el.selected !== '').to.be.false;
    });

    it('hovers with gm-hover and flies to any code with flyToArea', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const grid = index.grid.codes[10];
      const hovered = nextEvent(el, 'gm-hover');
      await hoverAt(map, await labelOf(grid));
      expect((await hovered).detail?.code).to.equal(grid);
      await drawn(el);
      expect(map.queryRenderedFeatures({ layers: ['gm-highlight-hover'] }), 'hover outline drawn').to.have.length.greaterThan(0);
      const viewChange = nextEvent(el, 'gm-view-change');
      expect(el.flyToArea(grid)).to.be.true;
      const view = (await viewChange).detail;
      const [lng, lat] = await labelOf(grid);
      expect(view.center[0]).to.be.closeTo(lng, 1e-3);
      expect(view.zoom).to.be.at.least(14);
      expect(view.level).to.equal('grid');
      expect(view.bounds[0]).to.be.below(lng);
      expect(view.bounds[2]).to.be.above(lng);
      expect(map.getCenter().lng).to.be.closeTo(lng, 1e-3);
      expect(map.getCenter().lat).to.be.closeTo(lat, 1e-3);
      const errors = errorsOf(el);
      expect(el.flyToArea('123')).to.be.false;
      expect(errors[0].reason).to.equal('unknown-code');
    });
  });

  describe('bad input', () => {
    it('keeps the drawing and reports a dead manifest URL', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      hideLabels(map);
      const at = await labelOf((await loadSampleIndex()).grid.codes[0]);
      const before = pixelAt(map, at);
      const error = nextEvent(el, 'gm-error');
      el.src = '/no/such/manifest.json';
      expect((await error).detail.reason).to.equal('manifest-unreachable');
      await idle(map);
      expect(pixelAt(map, at)).to.deep.equal(before);
      expect(map.getSource('gm-grid')).to.exist;
      const message = el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
      expect(message.hidden).to.be.false;
      message.querySelector('button')!.click();
      await el.updateComplete;
      expect(message.hidden).to.be.true;
    });

    it('reports malformed JSON, a manifest of the wrong shape and malformed GeoJSON boundaries', async () => {
      const el = await mountMap();
      const errors = errorsOf(el);
      const blob = (text: string) => URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const next = async (src: string) => {
        const e = nextEvent(el, 'gm-error');
        el.src = src;
        return (await e).detail.reason;
      };
      expect(await next(blob('{"levels": '))).to.equal('manifest-invalid-json');
      expect(await next(blob('{"bounds": [1, 2], "levels": {}}'))).to.equal('manifest-invalid');
      expect(await next(blob('[]'))).to.equal('manifest-invalid');
      const tiled = { tiles: 'tiles/{z}/{x}/{y}.pbf' };
      const badPreview = { bounds: [106, 29, 107, 30], levels: { district: { ...tiled, preview: [[106.5, 'north']] }, town: tiled, community: tiled, grid: tiled } };
      expect(await next(blob(JSON.stringify(badPreview))), 'a preview ring that is not numbers').to.equal('manifest-invalid');
      const e = nextEvent(el, 'gm-error');
      el.src = '';
      el.boundaries = {
        bounds: [106, 29, 107, 30],
        levels: {
          district: { geojson: { type: 'Point', coordinates: [0, 0] } as never },
          town: { geojson: { type: 'FeatureCollection', features: [] } },
          community: { geojson: { type: 'FeatureCollection', features: [] } },
          grid: { geojson: { type: 'FeatureCollection', features: [] } },
        },
      };
      expect((await e).detail.reason).to.equal('boundaries-invalid');
      expect(errors).to.have.length(5);
      expect(el.getMap()!.getSource('gm-grid')).to.exist;
    });

    it('draws GeoJSON boundaries given as an object and skips invalid features', async () => {
      const base = '/fixtures/out/sample/';
      const levels = Object.fromEntries(
        ['district', 'town', 'community', 'grid'].map((l) => [l, { geojson: `${base}${l === 'community' ? 'communities' : `${l}s`}.geojson` }]),
      );
      const el = document.createElement('gm-map') as GmMap;
      el.style.cssText = 'position: fixed; inset: 0 auto auto 0; width: 800px; height: 600px;';
      el.detail = 'grid';
      el.boundaries = { bounds: [106.4824, 29.5283, 106.5908, 29.5713], levels } as never;
      document.body.append(el);
      await el.ready;
      const map = el.getMap()!;
      await idle(map);
      const index = await loadSampleIndex();
      const counts = el.statusCounts('')!;
      expect(Object.values(counts).reduce((a, b) => a + b, 0), 'every grid indexed from the features').to.equal(index.grid.codes.length);
      expect(map.getLayer('gm-grid-mosaic'), 'the city view\'s grids: the mosaic drawn from them').to.exist;
      const grid = index.grid.codes[123];
      map.jumpTo({ center: await labelOf(grid), zoom: map.getLayer('gm-grid-fill')!.minzoom + 0.5 });
      // Zoomed in, the grids are drawn from their GeoJSON (given to MapLibre as the level comes into use).
      await until(() => renderedCodes(map, 'grid').has(grid), 'the grid drawn from its GeoJSON');
    });
  });
});
