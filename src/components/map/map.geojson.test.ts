import { expect } from 'chai';
import { sendMouse } from '@web/test-runner-commands';
import { cleanup, createMap, drawn, hideLabels, hoverAt, idle, labelOf, loadSampleIndex, mountMap, nextEvent, pixelAt, SAMPLE } from '../../../test/harness/map-harness.js';
import { errorsOf } from '../../../test/harness/hostile.js';
import type { GmMap } from './map.component.js';

/** The sample as a city that skips gm-prepare: one GeoJSON file per level, no tiles, no index, no mosaic. */
const PLAIN = '/fixtures/out/sample/manifest.geojson.json';

async function mountPlain(): Promise<{ el: GmMap; errors: ReturnType<typeof errorsOf> }> {
  const el = createMap({ src: PLAIN, detail: 'grid' });
  const errors = errorsOf(el);
  document.body.append(el);
  await el.ready;
  await idle(el.getMap()!);
  return { el, errors };
}

const featuresOf = (el: GmMap, level: string) => el.getMap()!.querySourceFeatures(`gm-${level}`).length;

describe('<gm-map> on plain GeoJSON', () => {
  afterEach(cleanup);

  it('draws the grids of the city view as a mosaic drawn in the data worker, and gives MapLibre the grids only once they are drawn as polygons', async () => {
    const { el, errors } = await mountPlain();
    const map = el.getMap()!;
    const index = await loadSampleIndex();
    const grid = index.grid.codes[300];
    const at = await labelOf(grid);
    expect(map.getLayer('gm-grid-mosaic'), 'the mosaic layer').to.exist;
    expect(map.getZoom()).to.be.below(map.getLayer('gm-grid-fill')!.minzoom);
    expect(featuresOf(el, 'district'), 'the district outlines are drawn').to.be.greaterThan(0);
    expect(featuresOf(el, 'grid'), 'no grid parsed by MapLibre at the city view').to.equal(0);
    hideLabels(map);
    el.setStatuses([{ code: grid, status: 'emergency' }]);
    await drawn(el);
    const [r, g, b] = pixelAt(map, at);
    expect(r > g + 80 && r > b + 80, `the grid is red in the mosaic: ${[r, g, b]}`).to.equal(true);
    await sendMouse({ type: 'move', position: [900, 700] });
    const hovered = nextEvent(el, 'gm-hover');
    map.jumpTo({ center: at });
    await drawn(el);
    await hoverAt(map, at);
    expect((await hovered).detail?.code, 'the mosaic names the grid under the pointer').to.equal(grid);
    map.jumpTo({ center: at, zoom: map.getLayer('gm-grid-fill')!.minzoom + 0.5 });
    await drawn(el);
    await idle(map);
    expect(featuresOf(el, 'grid'), 'zoomed in: the grids are polygons').to.be.greaterThan(0);
    const [r2, g2, b2] = pixelAt(map, at);
    expect(r2 > g2 + 80 && r2 > b2 + 80, `the grid polygon is red: ${[r2, g2, b2]}`).to.equal(true);
    expect(errors).to.deep.equal([]);
  });

  it('switches from a prepared city to the same city as plain GeoJSON and back, each with its own mosaic', async () => {
    const el = await mountMap({ detail: 'grid' });
    const map = el.getMap()!;
    const index = await loadSampleIndex();
    const grid = index.grid.codes[300];
    const at = await labelOf(grid);
    for (const src of [PLAIN, SAMPLE]) {
      const ready = nextEvent(el, 'gm-ready');
      el.src = src;
      await ready;
      map.jumpTo({ center: at, zoom: 11.2 });
      hideLabels(map);
      el.setStatuses([{ code: grid, status: 'emergency' }]);
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic'), src).to.exist;
      const [r, g, b] = pixelAt(map, at);
      expect(r > g + 80 && r > b + 80, `${src}: the grid is red in the mosaic: ${[r, g, b]}`).to.equal(true);
    }
  });

  it('sketches the district outlines as soon as they are read, while the grids are still being read', async () => {
    const manifest = await (await fetch(PLAIN)).json();
    const base = new URL(PLAIN, location.href);
    const levels = Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { geojson: new URL((spec as { geojson: string }).geojson, base).href }]));
    levels.grid = { geojson: `${location.origin}/test-hooks/stall` };
    const el = createMap({ src: '', boundaries: { ...manifest, levels, data: {} } });
    let ready = false;
    el.addEventListener('gm-ready', () => (ready = true));
    document.body.append(el);
    const sketch = await until(() => el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.gm-outline-preview'));
    const context = sketch.getContext('2d')!;
    const { data } = context.getImageData(0, 0, sketch.width, sketch.height);
    let drawnPixels = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawnPixels++;
    expect(drawnPixels, 'the district outlines are drawn on the sketch').to.be.greaterThan(100);
    expect(ready, 'the grids are still being read').to.equal(false);
  });

  it('on a first load, a level that cannot be read is reported and the levels read stay drawn', async () => {
    const manifest = await (await fetch(PLAIN)).json();
    const base = new URL(PLAIN, location.href);
    const levels = Object.fromEntries(Object.entries(manifest.levels).map(([l, spec]) => [l, { geojson: new URL((spec as { geojson: string }).geojson, base).href }]));
    levels.town = { geojson: new URL('no-such-towns.geojson', base).href };
    const el = createMap({ src: '', boundaries: { ...manifest, levels, data: {} } });
    const errors = errorsOf(el);
    document.body.append(el);
    // Reported whenever the 404 comes back: on a busy machine the levels read may be checked first
    // (their communities name towns that are not there), so it need not be the first gm-error.
    await until(() => errors.find((e) => e.reason === 'boundaries-unreachable'));
    const map = el.getMap()!;
    await idle(map);
    await el.updateComplete;
    const message = el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
    expect(message.hidden, 'a visible message').to.equal(false);
    expect(map.queryRenderedFeatures({ layers: ['gm-district-line'] }).length, 'the district read is drawn').to.be.greaterThan(0);
    expect(errors.map((e) => e.reason)).to.include('boundaries-unreachable');
  });
});

/** Polls (every animation frame, up to 10 s) until `find` returns something. */
async function until<T>(find: () => T | null | undefined): Promise<T> {
  const end = performance.now() + 10_000;
  for (;;) {
    const found = find();
    if (found) return found;
    if (performance.now() > end) throw new Error('not found in 10 s');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
