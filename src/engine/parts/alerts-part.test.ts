import { expect } from 'chai';
import type { GmAlertDetail } from '../../event-types.js';
import { frameDrawn, sharedEngine } from '../../../test/harness/engine-harness.js';

describe('AlertsPart', function () {
  const engineFixture = sharedEngine(this);

  it('raises, acknowledges and resolves an alert: its marker on the map, its events', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    const events: GmAlertDetail[] = [];
    engine.on('alert', (detail) => events.push(detail));
    const grid = engine.scene.index!.codes('grid').at(5)!;
    engine.alerts.raise([{ id: 'a1', level: 'emergency', board: 'safety', title: '测试', time: Date.now(), gridCode: grid }]);
    await frameDrawn(map);
    expect(map.querySourceFeatures('gm-alerts').map((f) => f.properties.id)).to.include('a1');
    expect(engine.alerts.acknowledge('a1')).to.equal(true);
    expect(engine.alerts.list()[0].acknowledged).to.equal(true);
    expect(engine.alerts.resolve('a1')).to.equal(true);
    await frameDrawn(map);
    expect(map.querySourceFeatures('gm-alerts')).to.have.length(0);
    expect(events.map((e) => e.action)).to.deep.equal(['raise', 'acknowledge', 'resolve']);
  });

  it('refuses an alert on an unknown grid with an error, and an unknown id', () => {
    const reasons: string[] = [];
    const off = engineFixture().engine.on('error', (e) => reasons.push(e.reason));
    engineFixture().engine.alerts.raise([{ id: 'x', level: 'emergency', board: 'safety', title: 'x', time: 0, gridCode: '50010399999999' }]);
    expect(engineFixture().engine.alerts.acknowledge('nope')).to.equal(false);
    off();
    expect(reasons).to.deep.equal(['unknown-code', 'unknown-alert']);
  });
});
