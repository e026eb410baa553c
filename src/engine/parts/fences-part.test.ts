import { expect } from 'chai';
import { FencesPart } from './fences-part.js';
import { StaffPart } from './staff-part.js';
import type { GmFenceDetail } from '../../event-types.js';
import type { Staff } from '../../model/staff.js';
import { frameDrawn, sharedEngine } from '../../../test/harness/engine-harness.js';

const CENTRE: [number, number] = [106.56, 29.555];
const depot = { id: 'depot', name: '危化品仓库', kind: 'restricted', geometry: { type: 'Polygon', coordinates: [[[106.558, 29.553], [106.562, 29.553], [106.562, 29.557], [106.558, 29.557], [106.558, 29.553]]] } };

describe('FencesPart', function () {
  const engineFixture = sharedEngine(this);

  it('watches the other parts\' positions: a person entering a restricted fence fires a crossing and raises an alert', async () => {
    const { engine } = engineFixture();
    const fences = new FencesPart();
    const staff = new StaffPart();
    const crossings: GmFenceDetail[] = [];
    fences.on('crossing', (c) => crossings.push(c));
    fences.replace([depot]);
    engine.addPart(fences);
    engine.addPart(staff);
    await frameDrawn(engineFixture().map());
    expect(engineFixture().map().querySourceFeatures('gm-fences')).to.have.length.greaterThan(0);
    const person: Staff = { id: 'p1', name: '张三', role: 'grid-worker', status: 'on-duty', lngLat: [106.57, 29.555], updatedAt: Date.now() };
    staff.upsert([person]);
    expect(crossings, 'a first position records where one is').to.deep.equal([]);
    staff.upsert([{ ...person, lngLat: CENTRE }]);
    expect(crossings.map((c) => [c.fence.id, c.item.id, c.action])).to.deep.equal([['depot', 'p1', 'enter']]);
    expect(engine.alerts.list().map((a) => [a.level, a.board])).to.deep.equal([['emergency', 'safety']]);
    engine.removePart(fences);
    engine.removePart(staff);
    expect(engineFixture().map().getSource('gm-fences')).to.equal(undefined);
  });
});
