import { expect } from 'chai';
import './stats.js';
import '../events/events.js';
import '../staff/staff.js';
import type { GmStats } from './stats.component.js';
import type { GridEvent } from '../../model/grid-event.js';
import type { Staff } from '../../model/staff.js';
import { BOARDS } from '../../model/board.js';
import { GRID_STATUSES, type GridStatus } from '../../model/grid-status.js';
import { cleanup, drawn, loadSampleIndex, mountMap, sampleItems } from '../../../test/harness/map-harness.js';

const NOW = Date.parse('2026-11-01T01:00:00.000Z');
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const numbers = (text: string) => (text.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));

describe('<gm-stats>', () => {
  afterEach(cleanup);

  it('matches brute-force counts of grids per board, events, staff and alerts for the selected town', async () => {
    const map = await mountMap({ lang: 'en' });
    map.id = 'stats-map';
    const events = document.createElement('gm-events');
    events.clock = () => NOW;
    events.src = '/fixtures/out/sample/events.geojson';
    const staff = document.createElement('gm-staff');
    staff.src = '/fixtures/out/sample/staff.geojson';
    map.append(events, staff);
    const stats = document.createElement('gm-stats') as GmStats;
    stats.htmlFor = 'stats-map';
    document.body.append(stats);

    const codes = (await loadSampleIndex()).grid.codes;
    const status = (i: number, b: number): GridStatus => GRID_STATUSES[(i + 2 * b) % 5];
    map.setStatuses(codes.flatMap((code, i) => BOARDS.map((board, b) => ({ code, board, status: status(i, b) }))));
    const town = codes[300].slice(0, 9);
    const outside = codes.find((c) => !c.startsWith(town))!;
    map.raiseAlert([
      { id: 'in-1', level: 'emergency', board: 'safety', title: 'a', time: NOW, gridCode: codes[300] },
      { id: 'in-2', level: 'warning', board: 'safety', title: 'b', time: NOW, gridCode: codes.filter((c) => c.startsWith(town)).at(-1) },
      { id: 'out', level: 'warning', board: 'safety', title: 'c', time: NOW, gridCode: outside },
    ]);
    map.acknowledgeAlert('in-2');
    map.selected = town;
    await drawn(map);
    await drawn(map);
    await frame();
    await stats.updateComplete;

    const root = stats.shadowRoot!;
    const cells = (tr: Element) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent!.replace(/,/g, '')));
    const rows = [...root.querySelectorAll('[part="grids"] tr[data-board]')].map(cells);
    const brute = BOARDS.map((_, b) => GRID_STATUSES.map((s) => codes.filter((c, i) => c.startsWith(town) && status(i, b) === s).length));
    expect(rows).to.deep.equal(brute);

    const allEvents = await sampleItems<GridEvent>('events.geojson');
    const inTown = allEvents.filter((e) => e.gridCode?.startsWith(town));
    const overdue = inTown.filter((e) => e.status !== 'closed' && Date.parse(String(e.dueAt)) < NOW).length;
    const byStatus = ['reported', 'dispatched', 'handling', 'closed'].map((s) => inTown.filter((e) => e.status === s).length);
    expect(numbers(root.querySelector('[part="events"]')!.textContent!)).to.deep.equal([...byStatus, overdue]);

    const people = (await sampleItems<Staff>('staff.geojson')).filter((p) => p.gridCode?.startsWith(town));
    expect(numbers(root.querySelector('[part="staff"]')!.textContent!)).to.deep.equal([people.filter((p) => p.status === 'on-duty').length, people.length]);
    expect(numbers(root.querySelector('[part="alerts"]')!.textContent!)).to.deep.equal([2, 1]);

    // The whole city once the selection is cleared; an update shows at the next frame.
    map.selected = '';
    map.setStatuses([{ code: codes[0], status: 'emergency', board: 'party' }]);
    await drawn(map);
    await frame();
    await stats.updateComplete;
    const party = cells(root.querySelector('[part="grids"] tr[data-board="party"]')!);
    const bruteParty = GRID_STATUSES.map((s) => codes.filter((_, i) => (i === 0 ? 'emergency' : status(i, 0)) === s).length);
    expect(party).to.deep.equal(bruteParty);
    expect(numbers(root.querySelector('[part="alerts"]')!.textContent!)).to.deep.equal([3, 1]);
  });

  it('counts the staff, events and alerts of a town of a city with its own codes, found by its parent links', async () => {
    // The own-codes fixture: district YZ, towns JD-01…, grids WG-0001… whose codes do not nest.
    const map = await mountMap({ src: '/fixtures/out/own-codes/manifest.json', lang: 'en' });
    map.id = 'stats-own-codes';
    const staff = document.createElement('gm-staff');
    staff.clock = () => NOW;
    const events = document.createElement('gm-events');
    events.clock = () => NOW;
    map.append(staff, events);
    const stats = document.createElement('gm-stats') as GmStats;
    stats.htmlFor = 'stats-own-codes';
    document.body.append(stats);
    const { grid, town } = await (await fetch('/fixtures/out/own-codes/areas.json')).json();
    const townAt = grid.parents[100] as number;
    const inTown = grid.codes.filter((_: string, i: number) => grid.parents[i] === townAt) as string[];
    const elsewhere = grid.codes.find((_: string, i: number) => grid.parents[i] !== townAt) as string;
    const labelOf = (code: string): [number, number] => {
      const i = grid.codes.indexOf(code);
      return [grid.labels[2 * i], grid.labels[2 * i + 1]];
    };
    const person = (id: string, code: string, status: Staff['status']): Staff => ({ id, name: id, role: 'grid-worker', status, gridCode: code, lngLat: labelOf(code), updatedAt: NOW });
    staff.upsert([person('a', inTown[0], 'on-duty'), person('b', inTown.at(-1)!, 'busy'), person('c', elsewhere, 'on-duty')]);
    const event = (id: string, code: string, status: GridEvent['status']): GridEvent => ({ id, board: 'safety', title: id, status, gridCode: code, lngLat: labelOf(code), reportedAt: NOW - 3_600_000, dueAt: NOW + 3_600_000 });
    events.upsert([event('e1', inTown[1], 'dispatched'), event('e2', elsewhere, 'reported')]);
    map.raiseAlert([
      { id: 'in', level: 'emergency', board: 'safety', title: 'a', time: NOW, gridCode: inTown[2] },
      { id: 'out', level: 'warning', board: 'safety', title: 'b', time: NOW, gridCode: elsewhere },
    ]);
    map.selected = town.codes[townAt];
    await drawn(map);
    await frame();
    await stats.updateComplete;
    const root = stats.shadowRoot!;
    expect(numbers(root.querySelector('[part="staff"]')!.textContent!), 'on duty, all').to.deep.equal([1, 2]);
    expect(numbers(root.querySelector('[part="events"]')!.textContent!), 'by status, overdue').to.deep.equal([0, 1, 0, 0, 0]);
    expect(numbers(root.querySelector('[part="alerts"]')!.textContent!)).to.deep.equal([1, 0]);
    const grids = [...root.querySelectorAll('[part="grids"] tr[data-board]')].map((tr) => [...tr.querySelectorAll('td')].reduce((sum, td) => sum + Number(td.textContent!.replace(/,/g, '')), 0));
    expect(grids, "each board counts the town's grids").to.deep.equal(BOARDS.map(() => inTown.length));
  });

  it('counts only the alerts on the active boards, as the map and the alert list show them (and so does the legend)', async () => {
    await import('../legend/legend.js');
    const map = await mountMap({ lang: 'en' });
    const stats = document.createElement('gm-stats');
    const legend = document.createElement('gm-legend');
    map.append(stats, legend);
    const grids = (await loadSampleIndex()).grid.codes;
    map.raiseAlert([
      { id: 's1', level: 'emergency', board: 'safety', title: 'fire', time: NOW, gridCode: grids[0] },
      { id: 's2', level: 'warning', board: 'safety', title: 'gas', time: NOW, gridCode: grids[1] },
      { id: 'l1', level: 'emergency', board: 'livelihood', title: 'heart rate', time: NOW, gridCode: grids[2] },
    ]);
    const alertsLine = () => stats.shadowRoot!.querySelector('[part="alerts"]')!.textContent!;
    const legendAlerts = () => Number(legend.shadowRoot!.querySelector('[data-layer="alerts"]')?.lastElementChild?.textContent ?? 0);
    await frame();
    await stats.updateComplete;
    await legend.updateComplete;
    expect(numbers(alertsLine())[0], 'all boards').to.equal(3);
    expect(legendAlerts()).to.equal(3);
    map.boards = 'safety';
    await frame();
    await stats.updateComplete;
    await legend.updateComplete;
    expect(numbers(alertsLine())[0], 'safety only').to.equal(2);
    expect(legendAlerts(), 'the legend too').to.equal(2);
    const listed = map.alerts.filter((a) => map.activeBoards.includes(a.board)).length;
    expect(listed, 'what the alert list lists').to.equal(2);
  });
});
