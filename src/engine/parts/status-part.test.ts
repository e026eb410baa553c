import { expect } from 'chai';
import { STATUS_RANK } from '../../model/grid-status.js';
import { frameDrawn, sharedEngine, nextEngineEvent } from '../../../test/harness/engine-harness.js';

describe('StatusPart', function () {
  const engineFixture = sharedEngine(this);

  it('writes a grid and the areas above it at the next frame: read back at once, then feature-state on the drawn level, and one status-change', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    map.jumpTo({ zoom: 13 });
    await frameDrawn(map);
    const grid = engine.scene.index!.codes('grid')[3];
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
    engineFixture().engine.statuses.setStatuses([{ code: '1', status: 'normal' }, { code: '2', status: 'normal' }, { code: engineFixture().engine.scene.index!.codes('grid')[0], status: 'burning' as never }]);
    off();
    expect(errors).to.deep.include({ reason: 'unknown-code', detail: { count: 2, items: ['1', '2'] } });
    expect(errors.map((e) => (e as { reason: string }).reason)).to.include('invalid-status');
  });
});
