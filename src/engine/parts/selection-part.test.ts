import { expect } from 'chai';
import type { GmSelectDetail } from '../../event-types.js';
import { frameDrawn, sharedEngine } from '../../../test/harness/engine-harness.js';

describe('SelectionPart', function () {
  const engineFixture = sharedEngine(this);
  let selects: GmSelectDetail[] = [];
  before(() => engineFixture().engine.on('select', (detail) => selects.push(detail)));
  beforeEach(() => (selects = []));

  it('selects by code without a select event, shows the children and fits the view', async () => {
    const { engine } = engineFixture();
    const town = engine.scene.index!.codes('town').at(0)!;
    engine.selection.select(town, false);
    await frameDrawn(engineFixture().map());
    expect(selects).to.deep.equal([]);
    expect(engine.selection.shownLevel).to.equal('community');
    expect(engineFixture().map().getLayoutProperty('gm-community-fill', 'visibility')).to.equal('visible');
    expect(engineFixture().map().getLayoutProperty('gm-town-fill', 'visibility')).to.equal('none');
  });

  it('goes up by keyboard and selects the area at the centre, each with a select event', async () => {
    const { engine } = engineFixture();
    const town = engine.selection.selected;
    expect(engine.selection.keyboard('Escape')).to.equal(true);
    expect(selects.at(-1)).to.include({ level: 'district', code: town.slice(0, 6) });
    await frameDrawn(engineFixture().map());
    expect(engine.selection.keyboard('Enter')).to.equal(true);
    expect(selects.at(-1)?.level).to.equal('town');
    expect(engine.selection.keyboard('a')).to.equal(false);
  });

  it('names the path from the district to an area', () => {
    const grid = engineFixture().engine.scene.index!.codes('grid').at(0)!;
    expect(engineFixture().engine.selection.areaPath(grid).map((a) => a.level)).to.deep.equal(['district', 'town', 'community', 'grid']);
  });
});
