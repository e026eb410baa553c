import { expect } from 'chai';
import type { Polygon } from 'geojson';
import './fences.js';
import '../staff/staff.js';
import '../alert-list/alert-list.js';
import type { GmFences } from './fences.component.js';
import type { Fence } from '../../model/fence.js';
import type { Staff } from '../../model/staff.js';
import type { GmAlertDetail, GmFenceDetail } from '../../event-types.js';
import { cleanup, drawn, mountMap, sampleItems } from '../../../test/harness/map-harness.js';

/** A square of `half` degrees around a point. */
function square([lng, lat]: [number, number], half: number): Polygon {
  return { type: 'Polygon', coordinates: [[[lng - half, lat - half], [lng + half, lat - half], [lng + half, lat + half], [lng - half, lat + half], [lng - half, lat - half]]] };
}

const CENTRE: [number, number] = [106.56, 29.555];
const FENCES: Fence[] = [
  { id: 'depot', name: '危化品仓库', kind: 'restricted', geometry: square(CENTRE, 0.002) },
  { id: 'square', name: '解放碑广场', kind: 'watch', geometry: square([106.577, 29.557], 0.002) },
];

async function mountFences() {
  const map = await mountMap();
  const fences = document.createElement('gm-fences') as GmFences;
  fences.items = FENCES;
  map.append(fences);
  const crossings: GmFenceDetail[] = [];
  const alerts: GmAlertDetail[] = [];
  map.addEventListener('gm-fence', (e) => crossings.push(e.detail));
  map.addEventListener('gm-alert', (e) => alerts.push(e.detail));
  await drawn(map);
  return { map, fences, crossings, alerts };
}

describe('<gm-fences>', () => {
  afterEach(cleanup);

  it('draws restricted and watch fences distinctly', async () => {
    const { map } = await mountFences();
    const m = map.getMap()!;
    m.jumpTo({ center: CENTRE, zoom: 13 });
    await drawn(map);
    const ids = (layer: string) => new Set(m.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.id));
    expect(ids('gm-fences-restricted-line')).to.deep.equal(new Set(['depot']));
    expect(ids('gm-fences-watch-line')).to.deep.equal(new Set(['square']));
    expect(m.getPaintProperty('gm-fences-watch-line', 'line-dasharray')).to.exist;
  });

  it('stays on the map across board changes (only a new theme redraws it)', async () => {
    const { map } = await mountFences();
    const m = map.getMap()!;
    const source = m.getSource('gm-fences');
    map.boards = 'safety';
    await map.updateComplete;
    await drawn(map);
    expect(m.getSource('gm-fences'), 'the same source, not removed and added again').to.equal(source);
    map.theme = 'dark';
    await map.updateComplete;
    await drawn(map);
    expect(m.getSource('gm-fences'), 'a new theme draws it in its colours').to.not.equal(source);
  });

  it('fires one enter and one alert when a tracked point moves into a restricted fence, and one exit when it leaves', async () => {
    const { map, fences, crossings, alerts } = await mountFences();
    const outside: [number, number] = [CENTRE[0] + 0.01, CENTRE[1]];
    fences.track([{ id: 'truck-1', lngLat: outside }]);
    expect(crossings, 'first position: no crossing').to.have.length(0);
    fences.track([{ id: 'truck-1', lngLat: CENTRE }]);
    fences.track([{ id: 'truck-1', lngLat: [CENTRE[0] + 0.001, CENTRE[1]] }]);
    expect(crossings.map((c) => [c.fence.id, c.item.id, c.action])).to.deep.equal([['depot', 'truck-1', 'enter']]);
    expect(alerts.map((a) => [a.action, a.alert.level, a.alert.board])).to.deep.equal([['raise', 'emergency', 'safety']]);
    expect(alerts[0].alert.title).to.contain('危化品仓库');
    expect(map.alerts).to.have.length(1);
    fences.track([{ id: 'truck-1', lngLat: outside }]);
    expect(crossings.map((c) => c.action)).to.deep.equal(['enter', 'exit']);
    expect(alerts, 'no alert on exit').to.have.length(1);
    // A watch fence reports crossings but raises nothing.
    fences.track([{ id: 'truck-1', lngLat: [106.577, 29.557] }]);
    expect(crossings.at(-1)).to.deep.include({ action: 'enter' });
    expect(crossings.at(-1)!.fence.id).to.equal('square');
    expect(alerts).to.have.length(1);
  });

  it('a person crossing a restricted fence three times gives one alert with a count, the place and the fence\'s name', async () => {
    const { map, fences, crossings } = await mountFences();
    const list = document.createElement('gm-alert-list');
    list.slot = 'top-left';
    map.append(list);
    const outside: [number, number] = [CENTRE[0] + 0.01, CENTRE[1]];
    fences.track([{ id: 'p-7', name: '张三', lngLat: outside } as never]);
    for (let i = 0; i < 3; i++) {
      fences.track([{ id: 'p-7', name: '张三', lngLat: CENTRE } as never]);
      fences.track([{ id: 'p-7', name: '张三', lngLat: outside } as never]);
    }
    expect(crossings.filter((c) => c.action === 'enter').length, 'three entries').to.equal(3);
    expect(map.alerts.length, 'one alert').to.equal(1);
    const [alert] = map.alerts;
    expect(alert.count).to.equal(3);
    expect(alert.title).to.contain('危化品仓库');
    expect(alert.gridCode, 'the grid the person is in').to.be.a('string');
    const place = map.areaPath(alert.gridCode!).slice(1).map((a) => a.name);
    expect(place.length, 'town › community › grid').to.equal(3);
    await list.updateComplete;
    const row = list.shadowRoot!.querySelector('li')!.textContent!;
    expect(row).to.contain('×3');
    expect(row).to.contain(place.join(' › '));
    // Resolved, the next entry is a new alert.
    map.resolveAlert(alert.id);
    fences.track([{ id: 'p-7', name: '张三', lngLat: CENTRE } as never]);
    expect(map.alerts.map((a) => a.count)).to.deep.equal([1]);
  });

  it('watches the staff layer: an upsert across a fence edge fires gm-fence', async () => {
    const { map, crossings } = await mountFences();
    const staff = document.createElement('gm-staff');
    const people = await sampleItems<Staff>('staff.geojson');
    staff.items = people;
    map.append(staff);
    await drawn(map);
    const someone = people.find((p) => Math.abs(p.lngLat[0] - CENTRE[0]) > 0.003 || Math.abs(p.lngLat[1] - CENTRE[1]) > 0.003)!;
    staff.upsert([{ ...someone, lngLat: CENTRE }]);
    expect(crossings.map((c) => [c.fence.id, c.item.id, c.action])).to.deep.equal([['depot', someone.id, 'enter']]);
    expect(map.alerts.map((a) => a.level)).to.deep.equal(['emergency']);
  });

  it('refuses malformed fences with gm-error and keeps the valid ones', async () => {
    const { map, fences } = await mountFences();
    const errors: unknown[] = [];
    map.addEventListener('gm-error', (e) => errors.push(e.detail));
    fences.upsert([
      { id: 'nan', name: 'x', kind: 'restricted', geometry: square([Number.NaN, 29.5], 0.01) },
      { id: 'kind', name: 'x', kind: 'forbidden' as never, geometry: square(CENTRE, 0.01) },
      { id: 'ok', name: '<b>x</b>', kind: 'watch', geometry: square([106.5, 29.54], 0.002) },
    ]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.deep.include({ reason: 'invalid-fence' });
    expect(fences.fences.map((f) => f.id)).to.have.members(['depot', 'square', 'ok']);
  });
});
