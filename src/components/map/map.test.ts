import { expect } from 'chai';
import {
  cleanup, createMap, drawn, idle, labelOf, loadSampleIndex, mountMap, nextEvent, renderedCodes, SAMPLE, token,
} from '../../../test/harness/map-harness.js';
import { expectColor, paintedPixels, mapOf, outlinesLoaded, resolveAgainst } from '../../../test/harness/map-test-helpers.js';
import type { GmMap } from './map.component.js';

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
      const changes: string[] = [];
      let counting = false;
      el.addEventListener('gm-progress', (e) => {
        if (e.detail.loaded !== 3) return;
        // Statuses applied: the rest of the colouring runs in this task.
        counting = true;
        const map = el.getMap()!;
        map.on('render', () => counting && frames.push('render'));
        // Every way the style changes, watched on MapLibre's style itself: a 'styledata' event may
        // still be of the hierarchy's install (its frame may come after a fast index and statuses).
        const style = (map as unknown as { style: Record<string, (...args: unknown[]) => unknown> }).style;
        for (const name of ['addSource', 'removeSource', 'addLayer', 'removeLayer', 'moveLayer', 'setLayerZoomRange', 'setFilter', 'setLayoutProperty', 'setPaintProperty', 'setState']) {
          const original = style[name].bind(style);
          style[name] = (...args: unknown[]) => {
            if (counting) changes.push(`${name} ${JSON.stringify(args[0]).slice(0, 60)}`);
            return original(...args);
          };
        }
      });
      const ready = nextEvent(el, 'gm-ready');
      document.body.append(el);
      await ready;
      counting = false;
      // A style change would have cost MapLibre a second frame.
      expect(changes, 'style changes').to.deep.equal([]);
      expect(frames, 'the colouring frame').to.include('render');
    });

    it('paints nothing until the outlines are loaded, and then everything at once', async () => {
      const el = createMap();
      const frames: { at: number; loaded: boolean; painted: boolean; coloured: boolean }[] = [];
      const ready = nextEvent(el, 'gm-ready');
      const made = mapOf(el);
      performance.clearMarks('gm:first-paint-deadline');
      document.body.append(el);
      const map = await made;
      const grid = (await loadSampleIndex()).grid.codes[0];
      map.on('render', () => frames.push({ at: performance.now(), loaded: outlinesLoaded(map), painted: paintedPixels(map) > 0, coloured: el.statusOf(grid) !== undefined }));
      await ready;
      const first = frames.findIndex((f) => f.painted);
      expect(first, 'frames run before the first paint (tile requests, label placement)').to.be.greaterThan(0);
      // The hold gives up after 2 s (a slow tile server still shows the map): on a machine so busy
      // that the sample's tiles take longer, the first paint is the deadline's, with what is in.
      // That deadline, not a race, was why this test failed once in two runs on a loaded machine.
      const deadline = performance.getEntriesByName('gm:first-paint-deadline')[0]?.startTime;
      if (deadline !== undefined && frames[first].at >= deadline) return;
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
      delete manifest.levels.district.pmtiles;
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
      // (A boolean: chai's message for a failing element assertion serialises the DOM and stalls the run.)
      expect(el.shadowRoot!.querySelector('.map canvas') === null, 'the map canvas removed').to.be.true;
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

describe('<gm-map> city view and its panels', () => {
  afterEach(cleanup);

  it('fits the city between the side panels: no grid of the city view lies under a corner panel', async () => {
    const el = createMap({ detail: 'grid' }, [1280, 720]);
    // A wall's panels: a wide statistics panel bottom left, a list top right (as in the demo).
    const panel = (slot: string, width: number, height: number) => {
      const div = document.createElement('div');
      div.slot = slot;
      div.style.cssText = `width:${width}px;height:${height}px;background:rgb(2 6 23 / 0.85)`;
      el.append(div);
      return div;
    };
    const panels = [panel('bottom-left', 420, 260), panel('top-right', 300, 420)];
    document.body.append(el);
    await el.ready;
    await drawn(el);
    const map = el.getMap()!;
    const index = await loadSampleIndex();
    const rects = panels.map((p) => p.getBoundingClientRect());
    const canvas = map.getCanvas().getBoundingClientRect();
    const hidden: string[] = [];
    index.grid.codes.forEach((code, i) => {
      const p = map.project([index.grid.labels[2 * i], index.grid.labels[2 * i + 1]]);
      const [x, y] = [canvas.left + p.x, canvas.top + p.y];
      if (rects.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) hidden.push(code);
    });
    expect(hidden, 'grids under a panel').to.deep.equal([]);
    // The panels cost zoom, not the view: this wide district beside two big panels on a small map
    // keeps 0.40 of its size without them (a tall city on a wide wall loses little or nothing).
    const heightOn = (m: typeof map) => {
      const [w, s, e, n] = index.district.bboxes!;
      return m.project([w, s]).y - m.project([e, n]).y;
    };
    const withPanels = heightOn(map);
    cleanup();
    const plain = await mountMap({ detail: 'grid' }, [1280, 720]);
    expect(withPanels / heightOn(plain.getMap()!), 'the city’s size beside the panels, against without').to.be.at.least(1 / 3);
  });
});
