import { expect } from 'chai';
import { SAMPLE, createEngine, nextEngineEvent, type EngineFixture } from '../../../test/harness/engine-harness.js';

describe('FirstPaintPart', function () {
  this.timeout(30_000);
  let fixture: EngineFixture | undefined;
  afterEach(() => fixture?.dispose());

  it('holds the first paint and sketches the outlines until then; the first painted frame takes the sketch away', async () => {
    fixture = createEngine();
    const { engine } = fixture;
    const seen: { held: boolean; sketch: boolean }[] = [];
    engine.on('map-change', ({ map }) => map?.on('render', () => seen.push({ held: engine.firstPaint.held, sketch: Boolean(fixture!.container.querySelector('canvas:not(.maplibregl-canvas)')) })));
    const ready = nextEngineEvent(engine, 'ready');
    void engine.load(SAMPLE);
    engine.mount(fixture.container);
    await ready;
    expect(seen.some((frame) => frame.held && frame.sketch), 'a held frame with the sketch').to.equal(true);
    expect(engine.firstPaint.held).to.equal(false);
    expect(fixture.container.querySelector('canvas:not(.maplibregl-canvas)'), 'no sketch once painted').to.equal(null);
  });
});
