import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import {
  canvasAlphaAt, cleanup, clickAt, createMap, drawn, hideLabels, hoverAt, showFillsOnly, idle, labelOf, loadSampleIndex, mountMap, nextEvent, pixelAt, renderedCodes, rgb, SAMPLE, token,
} from '../../../test/harness/map-harness.js';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { flattenEach, pointToLineDistance, polygonToLine } from '@turf/turf';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { BOUNDARY_LEVELS } from '../../model/codes.js';
import { sourceId } from '../../layers/area-layers.js';
import type { GmMap } from './map.component.js';
import type { GmErrorDetail } from '../../event-types.js';

/** Colours equal within a rounding step (the GPU's blending). */
function expectColor(actual: number[], expected: number[], message?: string) {
  const off = actual.map((v, i) => Math.abs(v - expected[i]));
  expect(Math.max(...off), `${message ?? ''} ${actual} vs ${expected}`).to.be.at.most(3);
}

/** The single LineStrings of a (Multi)LineString. */
function flattenLines(line: Feature<LineString | MultiLineString>): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  flattenEach(line, (f) => out.push(f as Feature<LineString>));
  return out;
}

/** Pixels of the drawing buffer with anything in them after a frame: 0 when nothing was painted (the canvas has no background). */
function paintedPixels(map: MaplibreMap): number {
  const gl = map.painter.context.gl;
  const pixels = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
  gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted++;
  return painted;
}

/** The element's map as soon as it is made, before its first frame (checked every animation frame). */
function mapOf(el: GmMap): Promise<MaplibreMap> {
  return new Promise((resolve) => {
    const poll = () => {
      const map = el.getMap();
      if (map) resolve(map);
      else requestAnimationFrame(poll);
    };
    poll();
  });
}

/** Whether the polygons of every level are loaded (none missing). */
function outlinesLoaded(map: MaplibreMap): boolean {
  return BOUNDARY_LEVELS.every((level) => map.getSource(sourceId(level)) && map.isSourceLoaded(sourceId(level)));
}

/** A manifest object with its relative URLs made absolute (an object is resolved against the page). */
function resolveAgainst(manifest: Record<string, any>, base: URL, data?: Record<string, string>) {
  const abs = (url: string) => new URL(url, base).href.replaceAll('%7B', '{').replaceAll('%7D', '}');
  const levels = Object.fromEntries(Object.entries(manifest.levels as Record<string, any>).map(([level, spec]) => [level, {
    ...spec, tiles: abs(spec.tiles), geojson: undefined, mosaic: spec.mosaic && { ...spec.mosaic, image: abs(spec.mosaic.image) },
  }]));
  return { ...manifest, levels, index: abs(manifest.index), data: data ?? { statuses: abs(manifest.data.statuses) } };
}

/** Collects gm-error details. */
function errorsOf(el: HTMLElement): GmErrorDetail[] {
  const list: GmErrorDetail[] = [];
  el.addEventListener('gm-error', (e) => list.push(e.detail));
  return list;
}

describe('<gm-map>', () => {
  afterEach(cleanup);

  describe('rendering', () => {
    it('renders a focusable, labelled map in its shadow root and fires progress then ready', async () => {
      const progress: number[] = [];
      const el = document.createElement('gm-map');
      el.addEventListener('gm-progress', (e) => progress.push(e.detail.loaded));
      el.style.cssText = 'position: fixed; inset: 0 auto auto 0; width: 800px; height: 600px;';
      const ready = nextEvent(el, 'gm-ready');
      el.src = SAMPLE;
      document.body.append(el);
      await ready;
      const map = el.getMap()!;
      expect(map.getCanvas().getRootNode()).to.equal(el.shadowRoot);
      const container = el.shadowRoot!.querySelector('[part="map"]')!;
      expect(container.getAttribute('role')).to.equal('application');
      expect(container.getAttribute('aria-label')).to.contain('Esc');
      expect(progress[0]).to.equal(1);
      expect(progress.at(-1)).to.equal(4);
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part="progress"]')!.hidden).to.be.true;
    });

    it('colours the loaded hierarchy without a style change between the statuses and gm-ready', async () => {
      const el = createMap({ detail: 'grid' });
      const frames: string[] = [];
      let counting = false;
      el.addEventListener('gm-progress', (e) => {
        if (e.detail.loaded !== 3) return;
        // Statuses applied: the rest of the colouring runs in this task.
        counting = true;
        const map = el.getMap()!;
        map.on('render', () => counting && frames.push('render'));
        map.on('styledata', () => counting && frames.push('styledata'));
      });
      const ready = nextEvent(el, 'gm-ready');
      document.body.append(el);
      await ready;
      counting = false;
      // A style change would have cost MapLibre a second frame (its style's own data event).
      expect(frames.filter((f) => f === 'styledata'), 'style changes').to.deep.equal([]);
      expect(frames, 'the colouring frame').to.include('render');
    });

    it('paints nothing until the outlines are loaded, and then everything at once', async () => {
      const el = createMap();
      const frames: { loaded: boolean; painted: boolean; coloured: boolean }[] = [];
      const ready = nextEvent(el, 'gm-ready');
      const made = mapOf(el);
      document.body.append(el);
      const map = await made;
      const grid = (await loadSampleIndex()).grid.codes[0];
      map.on('render', () => frames.push({ loaded: outlinesLoaded(map), painted: paintedPixels(map) > 0, coloured: el.statusOf(grid) !== undefined }));
      await ready;
      const first = frames.findIndex((f) => f.painted);
      expect(first, 'frames run before the first paint (tile requests, label placement)').to.be.greaterThan(0);
      expect(frames[first].loaded, 'the first painted frame has the outlines of every level loaded').to.be.true;
      // The outlines are sketched meanwhile (next test): the first paint also waits for the statuses.
      expect(frames[first].coloured, 'the first painted frame has the statuses').to.be.true;
    });

    it('sketches the district outlines from the manifest before the first paint, and drops the sketch once the map paints', async () => {
      const manifest = await (await fetch(SAMPLE)).json();
      const [lng, lat] = manifest.levels.district.preview[0];
      const el = createMap();
      const ready = nextEvent(el, 'gm-ready');
      const made = mapOf(el);
      document.body.append(el);
      const map = await made;
      const seen: { painted: boolean; sketch: boolean }[] = [];
      let sketched: { pixels: number; atVertex: number[] } | undefined;
      map.on('render', () => {
        const sketch = map.getCanvasContainer().querySelector<HTMLCanvasElement>('canvas.gm-outline-preview');
        seen.push({ painted: paintedPixels(map) > 0, sketch: Boolean(sketch) });
        if (!sketch || sketched) return;
        const ratio = sketch.width / sketch.clientWidth;
        const { data } = sketch.getContext('2d')!.getImageData(0, 0, sketch.width, sketch.height);
        const at = map.project([lng, lat]);
        const i = 4 * (Math.round(at.y * ratio) * sketch.width + Math.round(at.x * ratio));
        let pixels = 0;
        for (let a = 3; a < data.length; a += 4) if (data[a] > 0) pixels++;
        sketched = { pixels, atVertex: [...data.slice(i, i + 4)] };
      });
      await ready;
      expect(sketched, 'a sketch was drawn').to.exist;
      expect(sketched!.pixels, 'the district outline, 2 px wide').to.be.greaterThan(500);
      expect(sketched!.atVertex[3], 'opaque on a vertex of the preview').to.be.greaterThan(128);
      expectColor(sketched!.atVertex.slice(0, 3), token(el, '--gm-outline-district'), 'in the district outline colour');
      const first = seen.findIndex((f) => f.painted);
      // Drawn in the frame the style loaded and the hierarchy went on the map, not MapLibre's next.
      expect(seen[0]?.sketch, 'sketched before MapLibre first renders the hierarchy').to.be.true;
      expect(seen.slice(0, first).some((f) => f.sketch), 'sketched in held frames').to.be.true;
      expect(seen.slice(first + 1).some((f) => f.sketch), 'no sketch after the first paint').to.be.false;
      expect(map.getCanvasContainer().querySelector('canvas.gm-outline-preview'), 'gone at gm-ready').to.be.null;
    });

    it('paints what it has when the outlines\' tiles do not come', async () => {
      const manifest = resolveAgainst(await (await fetch(SAMPLE)).json(), new URL(SAMPLE, location.href));
      manifest.levels.district.tiles = `${location.origin}/test-hooks/stall?tile={z}/{x}/{y}`;
      const el = createMap({ src: '', boundaries: manifest as never });
      const made = mapOf(el);
      document.body.append(el);
      const map = await made;
      await new Promise<void>((resolve) => {
        const check = () => paintedPixels(map) > 0 && (map.off('render', check), resolve());
        map.on('render', check);
      });
      expect(map.isSourceLoaded('gm-district'), 'the district tiles are still loading').to.be.false;
      while (!map.isSourceLoaded('gm-town')) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => {
        map.once('render', r);
        map.triggerRepaint();
      });
      expect(map.queryRenderedFeatures({ layers: ['gm-town-line'] }).length, 'town outlines drawn').to.be.greaterThan(0);
    });

    /** The sample's statuses.json (the ordered form) as rows of status indexes by grid code. */
    async function sampleStatusRows() {
      const snapshot = await (await fetch('/fixtures/out/sample/statuses.json')).json();
      const codes = (await loadSampleIndex()).grid.codes;
      const width = snapshot.boards.length;
      expect(snapshot.grids, 'the fixture writes the ordered form').to.be.a('string').with.length(codes.length * width);
      const rows = codes.map((code, i) => [code, [...(snapshot.grids as string).slice(i * width, (i + 1) * width)].map(Number)] as [string, number[]]);
      return { snapshot, rows };
    }

    /** The grids (code, board, status) whose status on a board differs from these rows. */
    function differing(el: GmMap, snapshot: { boards: string[]; statuses: string[] }, rows: [string, number[]][]) {
      return rows.flatMap(([code, row]) =>
        row.map((status, b) => [code, snapshot.boards[b], snapshot.statuses[status]]).filter(([c, board, status]) => el.statusOf(c, board as never) !== status),
      );
    }

    /** A map on the sample whose manifest's statuses file is this snapshot (not yet in the page). */
    async function mapWithStatuses(snapshot: object): Promise<GmMap> {
      const manifest = await (await fetch(SAMPLE)).json();
      const url = URL.createObjectURL(new Blob([JSON.stringify(snapshot)], { type: 'application/json' }));
      return createMap({ src: '', boundaries: resolveAgainst(manifest, new URL(SAMPLE, location.href), { statuses: url }) as never });
    }

    it('applies the fixture\'s statuses snapshot (one digit per grid and board, in the index\'s order) by position', async () => {
      const { snapshot, rows } = await sampleStatusRows();
      // Not all alike, so that a shifted or transposed reading would show.
      expect(new Set(rows.map(([, row]) => row.join(''))).size).to.be.greaterThan(3);
      const el = createMap();
      document.body.append(el);
      await el.ready;
      expect(differing(el, snapshot, rows), 'grids whose board status differs from the snapshot').to.deep.equal([]);
    });

    it('applies a keyed statuses snapshot whose grids are not in the index\'s order', async () => {
      const { snapshot, rows } = await sampleStatusRows();
      const reversed = { ...snapshot, grids: Object.fromEntries([...rows].reverse()) };
      const el = await mapWithStatuses(reversed);
      document.body.append(el);
      await el.ready;
      expect(differing(el, snapshot, rows), 'grids whose board status differs from the snapshot').to.deep.equal([]);
    });

    /** A map whose statuses table is the sample's changed by `edit`, put in the page; its first gm-error. */
    async function statusesError(edit: (table: string) => string) {
      const { snapshot } = await sampleStatusRows();
      const el = await mapWithStatuses({ ...snapshot, grids: edit(snapshot.grids) });
      const error = nextEvent(el, 'gm-error');
      document.body.append(el);
      return { el, detail: (await error).detail };
    }

    it('reports an ordered statuses snapshot that is not a whole number of grids', async () => {
      const { detail } = await statusesError((table) => table.slice(1));
      expect(detail.reason).to.equal('statuses-invalid');
      expect(String(detail.detail.message)).to.equal('the statuses snapshot\'s "grids" string is not 4 digits per grid');
    });

    it('reports an ordered statuses snapshot for another number of grids, and draws the outlines', async () => {
      const { el, detail } = await statusesError((table) => table.slice(4));
      expect(detail.reason).to.equal('statuses-invalid');
      const codes = (await loadSampleIndex()).grid.codes;
      expect(String(detail.detail.message)).to.equal(`the statuses snapshot has ${codes.length - 1} grids, the area index ${codes.length}`);
      await el.ready;
      const map = el.getMap()!;
      expect(map.queryRenderedFeatures({ layers: ['gm-town-line'] }).length, 'town outlines drawn').to.be.greaterThan(0);
      // Nothing of it applied: a shifted table would put every grid's status on the wrong one.
      expect(codes.filter((code) => el.statusOf(code, 'party') !== 'unknown')).to.deep.equal([]);
    });

    it('draws the glyphs of every area name in idle time after the load', async () => {
      const el = createMap();
      const ready = nextEvent(el, 'gm-ready');
      document.body.append(el);
      await ready;
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const characters = new Set(Object.values(index).flatMap((level) => level.names.flatMap((name) => [...name])));
      const cached = () => new Set(Object.keys(map.style.glyphManager.entries['sans-serif']?.glyphs.default ?? {}));
      // At gm-ready only the glyphs of the labels drawn so far are in.
      expect(cached().size, 'at gm-ready').to.be.below(characters.size);
      const until = performance.now() + 20000;
      while ([...characters].some((c) => !cached().has(c)) && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect([...characters].filter((c) => !cached().has(c)), 'characters without a glyph').to.deep.equal([]);
    });

    it('draws districts, towns, communities and grids at the zooms that fit them', async () => {
      const el = await mountMap();
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const center = await labelOf(index.district.codes[0]);
      const expectations: [number, 'district' | 'town' | 'community' | 'grid'][] = [[5.5, 'district'], [7.5, 'town'], [9.5, 'community'], [12.5, 'grid']];
      for (const [zoom, level] of expectations) {
        map.jumpTo({ center, zoom });
        await idle(map);
        const codes = renderedCodes(map, level);
        expect(codes.size, `${level} fills at z${zoom}`).to.be.greaterThan(0);
        for (const code of codes) expect(index[level].codes).to.include(code);
        for (const other of ['district', 'town', 'community', 'grid'] as const) {
          if (other !== level) expect(map.getLayoutProperty(`gm-${other}-fill`, 'visibility')).to.equal('none');
        }
      }
    });

    it('shows all grids at once with detail="grid"', async () => {
      const el = await mountMap({ detail: 'grid' });
      const index = await loadSampleIndex();
      expect(renderedCodes(el.getMap()!, 'grid').size).to.equal(index.grid.codes.length);
    });

    it('sketches the outlines from the district GeoJSON when the manifest has no preview', async () => {
      const base = '/fixtures/out/sample/';
      const levels = Object.fromEntries(
        ['district', 'town', 'community', 'grid'].map((l) => [l, { geojson: `${base}${l === 'community' ? 'communities' : `${l}s`}.geojson` }]),
      );
      const el = createMap({ src: '', boundaries: { bounds: [106.4824, 29.5283, 106.5908, 29.5713], levels } as never });
      const made = mapOf(el);
      document.body.append(el);
      const map = await made;
      const pixels = await new Promise<number>((resolve) => {
        new MutationObserver((records, observer) => {
          const sketch = records.flatMap((r) => [...r.addedNodes]).find((n) => n instanceof HTMLCanvasElement && n.classList.contains('gm-outline-preview')) as HTMLCanvasElement | undefined;
          if (!sketch) return;
          observer.disconnect();
          const { data } = sketch.getContext('2d')!.getImageData(0, 0, sketch.width, sketch.height);
          let painted = 0;
          for (let a = 3; a < data.length; a += 4) if (data[a] > 0) painted++;
          resolve(painted);
        }).observe(map.getCanvasContainer(), { childList: true });
      });
      expect(pixels, 'the district outline from districts.geojson').to.be.greaterThan(500);
      await el.ready;
    });
  });

  describe('statuses', () => {
    it('colours exactly the updated grids and rolls the worst status up', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      hideLabels(map);
      const index = await loadSampleIndex();
      const [target, ...others] = index.grid.codes;
      const probes = await Promise.all([target, ...others.slice(0, 40)].map(labelOf));
      el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'normal' as const })));
      await drawn(el);
      const normal = token(el, '--gm-status-normal');
      for (const p of probes) expectColor(pixelAt(map, p), normal, 'all normal');

      el.setStatuses([{ code: target, status: 'emergency', board: 'safety' }]);
      await drawn(el);
      expectColor(pixelAt(map, probes[0]), token(el, '--gm-status-emergency'), 'the updated grid');
      for (const p of probes.slice(1)) expectColor(pixelAt(map, p), normal, 'other grids unchanged');

      // Rolled up: the grid's community, town and district are emergency; a sibling community is not.
      const state = (level: string, code: string) =>
        map.getFeatureState({ source: `gm-${level}`, sourceLayer: `${level === 'community' ? 'communities' : `${level}s`}`, id: Number(code) });
      expect(state('community', target.slice(0, 12)).rank).to.equal(4);
      expect(state('town', target.slice(0, 9)).rank).to.equal(4);
      expect(state('district', target.slice(0, 6)).rank).to.equal(4);
      const sibling = index.community.codes.find((c) => c.startsWith(target.slice(0, 9)) && c !== target.slice(0, 12))!;
      expect(state('community', sibling).rank).to.equal(0);

      // And drawn: with the town selected the communities are shown, the target's in emergency.
      el.detail = 'auto';
      el.selected = target.slice(0, 9);
      await el.updateComplete;
      await drawn(el);
      hideLabels(map);
      await drawn(el);
      expectColor(pixelAt(map, await labelOf(target.slice(0, 12))), token(el, '--gm-status-emergency'), 'community rolled up');
      expectColor(pixelAt(map, await labelOf(sibling)), normal, 'sibling community');
    });

    it('shows the worst status over the active boards only', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      hideLabels(map);
      const index = await loadSampleIndex();
      const code = index.grid.codes[5];
      el.setStatuses([{ code, status: 'normal' }, { code, status: 'warning', board: 'economy' }]);
      await drawn(el);
      const at = await labelOf(code);
      expectColor(pixelAt(map, at), token(el, '--gm-status-warning'));
      el.boards = 'party,safety';
      await el.updateComplete;
      await drawn(el);
      expectColor(pixelAt(map, at), token(el, '--gm-status-normal'));
    });

    it('reports unknown codes, statuses and boards once per call and applies the valid updates', async () => {
      const el = await mountMap({ detail: 'grid' });
      const errors = errorsOf(el);
      const index = await loadSampleIndex();
      el.setStatuses([
        { code: '99999999999999', status: 'warning' },
        { code: '11', status: 'warning' },
        { code: index.grid.codes[1], status: 'burning' as never },
        { code: index.grid.codes[2], status: 'warning', board: 'sports' as never },
        { code: index.grid.codes[3], status: 'emergency' },
      ]);
      expect(errors.map((e) => e.reason).sort()).to.deep.equal(['invalid-board', 'invalid-status', 'unknown-code']);
      expect(errors.find((e) => e.reason === 'unknown-code')!.detail.count).to.equal(2);
      await el.updateComplete;
      const message = el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
      expect(message.hidden).to.be.false;
      expect(message.textContent).to.contain('编码不存在');
      await drawn(el);
      hideLabels(el.getMap()!);
      await drawn(el);
      expectColor(pixelAt(el.getMap()!, await labelOf(index.grid.codes[3])), token(el, '--gm-status-emergency'));
    });
  });

  describe('selection and drill-down', () => {
    it('selects a town by click, fires gm-select, reflects `selected` and shows its communities', async () => {
      const el = await mountMap();
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      map.jumpTo({ center: await labelOf(index.district.codes[0]), zoom: 7.5 });
      await idle(map);
      const town = index.town.codes[3];
      const selected = nextEvent(el, 'gm-select');
      await clickAt(map, await labelOf(town));
      const { detail } = await selected;
      expect(detail).to.deep.equal({ code: town, level: 'town', name: index.town.names[3] });
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
        const selected = nextEvent(el, 'gm-select');
        await clickAt(map, await labelOf(grid));
        const { detail } = await selected;
        expect(detail.code).to.equal(expected);
        levels.push(detail.level!);
        await new Promise((r) => map.once('moveend', r));
        await idle(map);
      }
      expect(levels).to.deep.equal(['district', 'town', 'community', 'grid']);
    });

    it('drills down with Enter and goes up with Escape, by keyboard only', async () => {
      const el = await mountMap({ detail: 'auto' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      const town = index.town.codes[0];
      map.jumpTo({ center: await labelOf(town), zoom: 7.5 });
      await idle(map);
      map.getCanvas().focus();
      const down = nextEvent(el, 'gm-select');
      await sendKeys({ press: 'Enter' });
      expect((await down).detail.level).to.equal('town');
      expect(el.selected).to.equal((await down).detail.code);
      const up = nextEvent(el, 'gm-select');
      await sendKeys({ press: 'Escape' });
      expect((await up).detail).to.deep.equal({ code: '500103', level: 'district', name: '渝中区' });
      const top = nextEvent(el, 'gm-select');
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

  describe('themes', () => {
    for (const theme of ['light', 'dark', 'screen'] as const) {
      it(`draws the ${theme} theme's status colours and background`, async () => {
        const el = await mountMap({ detail: 'grid', theme });
        const map = el.getMap()!;
        hideLabels(map);
        const index = await loadSampleIndex();
        el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'attention' as const })));
        await drawn(el);
        expectColor(pixelAt(map, await labelOf(index.grid.codes[0])), token(el, '--gm-status-attention'));
        const corner: [number, number] = [map.getBounds().getWest() + 1e-4, map.getBounds().getNorth() - 1e-4];
        expectColor(pixelAt(map, corner), token(el, '--gm-map-background'));
        // The canvas is clear there: what shows is the element's own background.
        expect(canvasAlphaAt(map, corner)).to.equal(0);
      });
    }

    it('recolours when the theme changes', async () => {
      const el = await mountMap({ detail: 'grid', theme: 'light' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'normal' as const })));
      await drawn(el);
      const at = await labelOf(index.grid.codes[0]);
      el.theme = 'screen';
      await el.updateComplete;
      hideLabels(map);
      await drawn(el);
      expectColor(pixelAt(map, at), token(el, '--gm-status-normal'));
      expect(token(el, '--gm-status-normal')).to.not.deep.equal([46, 125, 50]);
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
      await idle(el.getMap()!);
      const index = await loadSampleIndex();
      expect(renderedCodes(el.getMap()!, 'grid').size).to.equal(index.grid.codes.length);
    });
  });

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
      const selected = nextEvent(el, 'gm-select');
      await clickAt(map, await labelOf(grid));
      expect((await selected).detail).to.deep.equal({ code: '500103', level: 'district', name: '渝中区' });
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
      for (const level of Object.values(levels) as { tiles: string; geojson: string }[]) {
        level.tiles = decodeURI(new URL(level.tiles, base).href);
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
        for (const level of Object.values(levels) as { tiles: string; geojson: string }[]) {
          level.tiles = decodeURI(new URL(level.tiles, base).href);
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
      const base = '/fixtures/out/sample/';
      const levels = Object.fromEntries(
        ['district', 'town', 'community', 'grid'].map((l) => [l, { geojson: `${base}${l === 'community' ? 'communities' : `${l}s`}.geojson` }]),
      );
      const ready = nextEvent(el, 'gm-ready');
      el.src = '';
      el.boundaries = { bounds: [106.4824, 29.5283, 106.5908, 29.5713], levels } as never;
      await ready;
      map.jumpTo({ center: map.getCenter(), zoom: MOSAIC_ZOOM });
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic')).to.be.undefined;
      expect(map.getLayer('gm-grid-fill')!.minzoom ?? 0).to.equal(0);
      expect(renderedCodes(map, 'grid').size, 'the GeoJSON grids draw at every zoom').to.be.greaterThan(100);
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

  describe('host behaviour', () => {
    it('sizes each control in a corner to its own content', async () => {
      const el = await mountMap();
      const narrow = Object.assign(document.createElement('div'), { slot: 'bottom-left', textContent: '窄' });
      const wide = Object.assign(document.createElement('div'), { slot: 'bottom-left', textContent: '很宽的一行文字'.repeat(4) });
      el.append(narrow, wide);
      expect(narrow.getBoundingClientRect().width, 'not stretched to its neighbour').to.be.below(wide.getBoundingClientRect().width / 2);
    });

    it('follows container resizes', async () => {
      const el = await mountMap();
      el.style.width = '500px';
      await new Promise((r) => el.getMap()!.once('resize', r));
      expect(el.getMap()!.getCanvas().clientWidth).to.equal(500);
    });

    it('runs several instances on one page', async () => {
      const [a, b] = await Promise.all([mountMap({ theme: 'dark' }), mountMap({ theme: 'screen' })]);
      expect(a.getMap()).to.not.equal(b.getMap());
      expect(a.getMap()!.getSource('gm-grid')).to.exist;
      expect(b.getMap()!.getSource('gm-grid')).to.exist;
    });

    it('removes its map on disconnect and draws again on reconnect', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      const gl = map.painter.context.gl;
      el.remove();
      expect(el.getMap()).to.be.undefined;
      expect(gl.isContextLost(), 'WebGL context released').to.be.true;
      expect(el.shadowRoot!.querySelector('canvas')).to.be.null;
      document.body.append(el);
      await el.updateComplete;
      const again = el.getMap()!;
      expect(again).to.exist.and.not.equal(map);
      await new Promise((r) => again.once('load', r));
      await idle(again);
      const index = await loadSampleIndex();
      expect(renderedCodes(again, 'grid').size).to.equal(index.grid.codes.length);
    });
  });
});
