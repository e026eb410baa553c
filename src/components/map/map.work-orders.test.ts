import { emulateMedia } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import '../staff/staff.js';
import type { GmMap } from './map.component.js';
import type { GmErrorDetail, GmWorkOrderActionDetail } from '../../event-types.js';
import type { WorkOrder, WorkOrderState } from '../../model/work-order.js';
import { WORK_ORDER_ASSIGNEES, WORK_ORDER_LIGHTS, WORK_ORDER_LINES } from '../../layers/work-order-layers.js';
import { contrastPartner, contrastRatio } from '../../model/color-contrast.js';
import { cleanup, drawn, labelOf, loadSampleIndex, mountMap, pixelsAround, rgb, token } from '../../../test/harness/map-harness.js';

const MINUTE = 60_000;

/** An order on `gridCode` in `state`, which it entered `sinceMin` minutes ago and which is due in `dueInMin`. */
function order(id: string, gridCode: string, state: WorkOrderState, sinceMin: number, dueInMin: number, assignees: string[] = []): WorkOrder {
  const now = Date.now();
  return {
    id,
    source: { kind: 'alert', id },
    gridCode,
    board: 'livelihood',
    level: 'emergency',
    title: '独居老人心率报警',
    assignees,
    state,
    stateSince: new Date(now - sinceMin * MINUTE).toISOString(),
    dueAt: new Date(now + dueInMin * MINUTE).toISOString(),
    supervised: state === 'escalated',
    history: [{ at: new Date(now).toISOString(), action: 'open', by: 'test' }],
  };
}

/** Whether a pixel is within `tolerance` (per channel) of a colour. */
const near = (pixel: number[], color: number[], tolerance = 40) => pixel.every((v, i) => Math.abs(v - color[i]) <= tolerance);

/** The features of a layer drawn now, by their `order` property. */
const drawnOrders = (map: MaplibreMap, layer: string) => new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.order)));

async function mountWithStaff(): Promise<{ map: GmMap; grids: string[] }> {
  const map = await mountMap();
  const staff = document.createElement('gm-staff');
  map.append(staff);
  const index = await loadSampleIndex();
  return { map, grids: index.grid.codes };
}

describe('gm-map work orders (闭环派单) on the map', () => {
  afterEach(cleanup);

  it('draws every state\'s light in its colour: green in time, amber in the last fifth, red overdue; closed orders are not drawn', async () => {
    const { map, grids } = await mountWithStaff();
    const cases: [WorkOrder, string | undefined][] = [
      [order('on-time', grids[10], 'dispatched', 1, 4), '--gm-light-on-time'],
      [order('due-soon', grids[60], 'accepted', 13, 2), '--gm-light-due-soon'],
      [order('overdue', grids[110], 'reported', 12, -2), '--gm-light-overdue'],
      [order('closed', grids[160], 'closed', 1, 1e6), undefined],
    ];
    map.upsertWorkOrders(cases.map(([o]) => o));
    await drawn(map);
    await drawn(map);
    const gl = map.getMap()!;
    expect([...drawnOrders(gl, WORK_ORDER_LIGHTS)].sort()).to.deep.equal(['due-soon', 'on-time', 'overdue']);
    const points = await Promise.all(cases.map(([o]) => labelOf(o.gridCode)));
    const pixels = pixelsAround(gl, points, 0).map((p) => p[0]);
    cases.forEach(([o, colour], i) => {
      if (!colour) return;
      expect(near(pixels[i], token(map, colour)), `${o.id}: ${pixels[i]} vs ${colour} ${token(map, colour)}`).to.equal(true);
    });
  });

  it('turns a light amber, then red, as its order\'s time runs out, without the order being given again', async () => {
    const { map, grids } = await mountWithStaff();
    const now = Date.now();
    // 4 s in all: amber from 0.8 s before due (its last fifth), red at due.
    map.upsertWorkOrders([{ ...order('soon', grids[50], 'dispatched', 0, 0), stateSince: new Date(now - 1000).toISOString(), dueAt: new Date(now + 3000).toISOString() }]);
    await drawn(map);
    await drawn(map);
    const gl = map.getMap()!;
    const at = await labelOf(grids[50]);
    const read = () => pixelsAround(gl, [at], 0)[0][0];
    expect(near(read(), token(map, '--gm-light-on-time')), `green at first: ${read()}`).to.equal(true);
    const seen = new Set<string>();
    const end = Date.now() + 6000;
    while (Date.now() < end && !near(read(), token(map, '--gm-light-overdue'))) {
      if (near(read(), token(map, '--gm-light-due-soon'))) seen.add('amber');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(near(read(), token(map, '--gm-light-overdue')), `red once due: ${read()}`).to.equal(true);
    expect(seen.has('amber'), 'amber on the way').to.equal(true);
  });

  it('draws a line from each assignee to the grid and a ring around the assignee, following their moves', async () => {
    const { map, grids } = await mountWithStaff();
    const staff = map.querySelector('gm-staff')!;
    const grid = await labelOf(grids[20]);
    const person = { id: 'p1', name: '秦明', role: 'grid-worker', status: 'on-duty', updatedAt: Date.now(), lngLat: [grid[0] + 0.03, grid[1] + 0.02] as [number, number] };
    staff.upsert([person]);
    map.upsertWorkOrders([order('o1', grids[20], 'dispatched', 0, 5, ['p1'])]);
    await drawn(map);
    await drawn(map);
    const gl = map.getMap()!;
    gl.jumpTo({ center: grid, zoom: 12 });
    await drawn(map);
    expect(drawnOrders(gl, WORK_ORDER_LINES).has('o1'), 'line').to.equal(true);
    expect(drawnOrders(gl, WORK_ORDER_ASSIGNEES).has('o1'), 'assignee ring').to.equal(true);
    const mid: [number, number] = [(grid[0] + person.lngLat[0]) / 2, (grid[1] + person.lngLat[1]) / 2];
    // The line's middle is in the light's colour (on time: green), or its halo where a dash is off.
    const [[line]] = pixelsAround(gl, [mid], 0);
    const onTime = token(map, '--gm-light-on-time');
    const halo = token(map, '--gm-label-halo');
    expect(near(line, onTime) || near(line, halo), `line pixel ${line}`).to.equal(true);
    // The person walks: the line follows.
    staff.upsert([{ ...person, lngLat: [grid[0] - 0.03, grid[1] - 0.02], updatedAt: Date.now() }]);
    await drawn(map);
    await drawn(map);
    const line2 = gl.queryRenderedFeatures({ layers: [WORK_ORDER_LINES] }).find((f) => f.properties.order === 'o1');
    const coords = (line2!.geometry as GeoJSON.LineString).coordinates;
    expect(Math.abs(coords[0][0] - (grid[0] - 0.03)) < 1e-4, `line starts at the new position ${coords[0]}`).to.equal(true);
  });

  it('an action without a relay is refused with action-unsent; a host that cancels gm-work-order-action handles it', async () => {
    const { map, grids } = await mountWithStaff();
    map.upsertWorkOrders([order('o1', grids[20], 'reported', 0, 10)]);
    const errors: GmErrorDetail[] = [];
    map.addEventListener('gm-error', (e) => errors.push(e.detail));
    const refused = await map.requestAction({ action: 'accept', order: 'o1' });
    expect(refused.status).to.equal('refused');
    expect(errors.map((e) => e.reason), 'accept is not allowed on a reported order').to.deep.equal(['action-invalid']);
    const unsent = await map.requestAction({ action: 'escalate', order: 'o1' });
    expect(unsent.status).to.equal('refused');
    expect(errors.at(-1)!.reason).to.equal('action-unsent');
    const asked: GmWorkOrderActionDetail[] = [];
    map.addEventListener('gm-work-order-action', (e) => {
      asked.push(e.detail);
      e.preventDefault();
    }, { once: true });
    const handled = await map.requestAction({ action: 'dispatch', order: 'o1', assignees: ['p1'], note: '就近' });
    expect(handled.status).to.equal('handled-by-host');
    expect(asked[0].current?.id).to.equal('o1');
    expect(asked[0].key.length > 8).to.equal(true);
    expect(map.workOrder('o1')!.state, 'the host handles it: nothing changed here').to.equal('reported');
    map.upsertWorkOrders([{ id: 'bad' } as WorkOrder]);
    expect(errors.at(-1)!.reason).to.equal('invalid-work-order');
    map.upsertWorkOrders([order('nowhere', '99999999999999', 'reported', 0, 10)]);
    await drawn(map);
    expect(errors.at(-1)!.reason, 'an order on an unknown grid').to.equal('unknown-code');
    expect(map.workOrder('nowhere')?.state, 'kept and listed').to.equal('reported');
  });

  it('pulses escalated orders (督办): a ring around the light that moves, still under reduced motion in the emergency colour and its contrast partner (≥ 3:1)', async () => {
    const { map, grids } = await mountWithStaff();
    map.upsertWorkOrders([order('esc', grids[30], 'escalated', 0, 5)]);
    await drawn(map);
    const gl = map.getMap()!;
    const centre = gl.project(await labelOf(grids[30]));
    // The ring is 50–115 px across: read a row from the light's edge outwards.
    const row = Array.from({ length: 30 }, (_, i) => gl.unproject([centre.x + 14 + 2 * i, centre.y]));
    const reads: string[] = [];
    for (let read = 0; read < 12; read++) {
      await new Promise((r) => setTimeout(r, 130));
      reads.push(pixelsAround(gl, row, 0).map((p) => p[0].join('.')).join());
    }
    expect(new Set(reads).size > 2, 'the ring moves').to.equal(true);
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      await drawn(map);
      await drawn(map);
      const red = token(map, '--gm-alert-emergency');
      const partner = rgb(contrastPartner(`rgb(${red.join(',')})`));
      const pixels = pixelsAround(gl, row, 0).map((p) => p[0]);
      expect(contrastRatio(red, partner) >= 3).to.equal(true);
      expect(pixels.some((p) => near(p, red, 12)) && pixels.some((p) => near(p, partner, 12)), `red and its partner in ${pixels.join(' | ')}`).to.equal(true);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
