import { expect } from 'chai';
import { BOUNDARY_LEVELS } from '../../model/codes.js';
import { DEFAULT_PALETTE } from '../../layers/status-paint.js';
import { sharedEngine } from '../../../test/harness/engine-harness.js';

describe('AreaPart', function () {
  const engineFixture = sharedEngine(this);

  it('puts one source per level and its fills, outlines and names in their slots, loaded for the view', () => {
    const { engine } = engineFixture();
    const slots = engine.scene.slots!;
    for (const level of BOUNDARY_LEVELS) expect(engineFixture().map().getSource(`gm-${level}`), level).to.exist;
    expect(slots.layers('area-fills')).to.deep.equal(BOUNDARY_LEVELS.map((l) => `gm-${l}-fill`));
    expect(slots.layers('area-lines')).to.deep.equal([...BOUNDARY_LEVELS].reverse().map((l) => `gm-${l}-line`));
    expect(slots.layers('area-labels')).to.deep.equal([...BOUNDARY_LEVELS].reverse().map((l) => `gm-${l}-label`));
    expect(engine.areas.outlinesLoaded()).to.equal(true);
  });

  it('recolours its outlines and names with a new palette', () => {
    const { engine } = engineFixture();
    engine.setPalette({ ...DEFAULT_PALETTE, outline: { ...DEFAULT_PALETTE.outline, district: '#123456' }, label: '#654321' });
    expect(engineFixture().map().getPaintProperty('gm-district-line', 'line-color')).to.equal('#123456');
    expect(engineFixture().map().getPaintProperty('gm-town-label', 'text-color')).to.equal('#654321');
    engine.setPalette(DEFAULT_PALETTE);
  });
});
