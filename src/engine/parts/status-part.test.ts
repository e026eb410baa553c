import { expect } from 'chai';
import { LABEL_UNITS } from '../../model/area-index.js';
import { STATUS_RANK } from '../../model/grid-status.js';
import { createEngine, frameDrawn, idle, sharedEngine, nextEngineEvent, type EngineFixture } from '../../../test/harness/engine-harness.js';

const CITY = '/fixtures/out/chongqing/manifest.json';

describe('StatusPart', function () {
  const engineFixture = sharedEngine(this);

  it('writes a grid and the areas above it at the next frame: read back at once, then feature-state on the drawn level, and one status-change', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    map.jumpTo({ zoom: 13 });
    await frameDrawn(map);
    const grid = engine.scene.index!.codes('grid').at(3)!;
    const changed = nextEngineEvent(engine, 'status-change');
    engine.statuses.setStatuses([{ code: grid, status: 'emergency', board: 'safety' }]);
    expect(engine.statuses.statusOf(grid), 'read back before it is drawn').to.equal('emergency');
    // One grid of a community's few in emergency: it holds a quarter of them only with share 0.
    expect(engine.statuses.statusOf(grid.slice(0, 12)), 'one grid is not a quarter of its community').to.not.equal('emergency');
    engine.setRollUpShare(0);
    expect(engine.statuses.statusOf(grid.slice(0, 12)), 'share 0: rolled up to its community').to.equal('emergency');
    engine.setRollUpShare(0.25);
    expect((await changed).count).to.be.greaterThan(0);
    await frameDrawn(map);
    expect(map.getFeatureState({ source: 'gm-grid', sourceLayer: 'grids', id: Number(grid) }).rank).to.equal(STATUS_RANK.emergency);
  });

  it('reports unknown codes and statuses once per call, as `{count, items}`', () => {
    const errors: unknown[] = [];
    const off = engineFixture().engine.on('error', (e) => errors.push(e));
    engineFixture().engine.statuses.setStatuses([{ code: '1', status: 'normal' }, { code: '2', status: 'normal' }, { code: engineFixture().engine.scene.index!.codes('grid').at(0)!, status: 'burning' as never }]);
    off();
    expect(errors).to.deep.include({ reason: 'unknown-code', detail: { count: 2, items: ['1', '2'] } });
    expect(errors.map((e) => (e as { reason: string }).reason)).to.include('invalid-status');
  });
});

describe('StatusPart, a level written by tile (a city of 650,000 courtyards)', function () {
  this.timeout(60_000);
  let fixture: EngineFixture | undefined;
  afterEach(() => fixture?.dispose());

  it('gives MapLibre the states of the areas in the tiles it loaded only, each with its current rank', async () => {
    fixture = createEngine();
    const { engine } = fixture;
    // The city's 65,000 grids written by tile, as a level of 650,000 courtyards is.
    engine.statuses.statesByTileOver = 0;
    const ready = nextEngineEvent(engine, 'ready');
    void engine.load(CITY);
    engine.mount(fixture.container);
    await ready;
    const map = fixture.map();
    const index = engine.scene.index!;
    const labels = Array.from(index.labelPoints('grid'), (units) => units / LABEL_UNITS);
    const codes = index.codes('grid');
    // The grid at the city's west edge, and the one farthest east of it (~450 km away).
    let [near, far] = [0, 0];
    for (let i = 0; i < codes.length; i++) {
      if (labels[2 * i] < labels[2 * near]) near = i;
      if (labels[2 * i] > labels[2 * far]) far = i;
    }
    const stateOf = (i: number) => map.getFeatureState({ source: 'gm-grid', sourceLayer: 'grids', id: Number(codes.at(i)!) });
    // Set before either is in a loaded tile: nothing is written for them yet.
    engine.statuses.setStatuses([{ code: codes.at(near)!, status: 'emergency' }, { code: codes.at(far)!, status: 'warning' }]);
    await frameDrawn(map);
    map.jumpTo({ center: [labels[2 * near], labels[2 * near + 1]], zoom: 15 });
    await idle(map);
    const drawn = map.queryRenderedFeatures(map.project([labels[2 * near], labels[2 * near + 1]]), { layers: ['gm-grid-fill'] });
    expect(drawn.map((f) => f.state?.rank), 'the grid drawn with its rank').to.deep.equal([STATUS_RANK.emergency]);
    expect(stateOf(far).rank, 'a grid in no loaded tile has no state').to.equal(undefined);
    // A change to a grid in view is written at once; one out of view when its tile loads.
    engine.statuses.setStatuses([{ code: codes.at(near)!, status: 'attention' }]);
    await frameDrawn(map);
    expect(map.queryRenderedFeatures(map.project([labels[2 * near], labels[2 * near + 1]]), { layers: ['gm-grid-fill'] })[0]?.state?.rank).to.equal(STATUS_RANK.attention);
    map.jumpTo({ center: [labels[2 * far], labels[2 * far + 1]], zoom: 15 });
    await idle(map);
    const there = map.queryRenderedFeatures(map.project([labels[2 * far], labels[2 * far + 1]]), { layers: ['gm-grid-fill'] });
    expect(there.map((f) => f.state?.rank), 'written as its tile loaded').to.deep.equal([STATUS_RANK.warning]);
  });
});
