// The engine's load, once, in one place: its steps in order, a new hierarchy that leaves every
// other part on the map, and a load that survives the map being unmounted and mounted again at any
// moment. Real engine, real MapLibre, the sample fixture; no <gm-map>.
import { expect } from 'chai';
import { LAYER_SLOTS } from './layer-slots.js';
import { SitesPart } from './parts/sites-part.js';
import { SAMPLE, createEngine, frameDrawn, idle, loadedEngine, nextEngineEvent, type EngineFixture } from '../../test/harness/engine-harness.js';
import { sampleItems } from '../../test/harness/map-harness.js';
import type { Site } from '../model/site.js';

const STEPS = ['installed', 'first-outlines', 'indexed', 'statuses', 'mosaic', 'first-paint', 'ready'];

describe('GridMapEngine', function () {
  this.timeout(60_000);
  let fixture: EngineFixture | undefined;
  afterEach(() => fixture?.dispose());

  it('loads in one order: progress 1 to 4, the steps installed → first outlines → indexed → statuses → mosaic → first paint → ready', async () => {
    performance.clearMarks();
    fixture = createEngine();
    const { engine } = fixture;
    const progress: number[] = [];
    engine.on('progress', ({ loaded, total }) => progress.push(loaded / total));
    const ready = nextEngineEvent(engine, 'ready');
    void engine.load(SAMPLE);
    engine.mount(fixture.container);
    await ready;
    expect(progress).to.deep.equal([0.25, 0.5, 0.75, 1]);
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gm:')).map((m) => m.name.slice(3));
    expect(STEPS.map((step) => marks.indexOf(step)), `marks: ${marks.join(', ')}`).to.satisfy((at: number[]) => at.every((a, i) => a >= 0 && (i === 0 || a > at[i - 1])));
    expect(engine.scene.index?.count('grid'), 'the sample\'s grids').to.equal(710);
  });

  it('stacks every layer by the slot table, whatever order the parts came in', async () => {
    fixture = await loadedEngine();
    const sites = new SitesPart();
    sites.replace(await sampleItems<Site>('sites.geojson'));
    fixture.engine.addPart(sites);
    const slots = fixture.map().getLayersOrder().map(slotOf);
    expect(slots, 'slots bottom to top').to.deep.equal([...slots].sort((a, b) => a - b));
  });

  it('keeps every added part on the map across a new hierarchy (the same manifest again, under another URL)', async () => {
    fixture = await loadedEngine();
    const { engine } = fixture;
    const sites = new SitesPart();
    sites.replace(await sampleItems<Site>('sites.geojson'));
    engine.addPart(sites);
    await frameDrawn(fixture.map());
    const ready = nextEngineEvent(engine, 'ready');
    void engine.load(`${SAMPLE}?again=1`);
    await ready;
    await frameDrawn(fixture.map());
    expect(fixture.map().getSource('gm-sites'), 'the sites source stays').to.exist;
    expect(fixture.map().querySourceFeatures('gm-sites').length, 'and draws its sites').to.be.greaterThan(0);
  });

  for (const delayMs of [0, 60, 200, 450, 900]) {
    it(`draws the hierarchy when unmounted and mounted again ${delayMs} ms into the load`, async () => {
      fixture = createEngine();
      const { engine, container } = fixture;
      let readies = 0;
      engine.on('ready', () => readies++);
      void engine.load(SAMPLE);
      engine.mount(container);
      await new Promise((r) => setTimeout(r, delayMs));
      engine.unmount();
      engine.mount(container);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready within 20 s (progress stopped)`)), 20_000);
        if (readies) resolve();
        engine.on('ready', () => (clearTimeout(timer), resolve()));
      });
      await idle(fixture.map());
      expect(fixture.map().queryRenderedFeatures({ layers: ['gm-district-line'] }).length, 'the outlines are drawn on the new map').to.be.greaterThan(0);
    });
  }
});

/** The slot of a layer id, by what the library names its layers (an unknown id fails the test). */
function slotOf(id: string): number {
  const slot = [
    [/^gm-(district|town|community|grid)-fill$/, 'area-fills'],
    [/^gm-grid-mosaic$/, 'grid-mosaic'],
    [/^gm-(district|town|community|grid)-line$/, 'area-lines'],
    [/^gm-highlight/, 'highlights'],
    [/^gm-alert-area/, 'alert-areas'],
    [/^gm-(district|town|community|grid)-label$/, 'area-labels'],
    [/^gm-fences/, 'fences'],
    [/^gm-dispatch/, 'dispatch'],
    [/^gm-work-order/, 'work-orders'],
    [/^gm-sites/, 'sites'],
    [/^gm-events/, 'events'],
    [/^gm-staff/, 'staff'],
    [/^gm-alert-pulse$/, 'alert-pulse'],
    [/^gm-alert-marker$/, 'alert-markers'],
  ].find(([pattern]) => (pattern as RegExp).test(id))?.[1] as (typeof LAYER_SLOTS)[number] | undefined;
  if (!slot) throw new Error(`no slot for layer ${id}`);
  return LAYER_SLOTS.indexOf(slot);
}
