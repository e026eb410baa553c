// The data layers' parts (sites, staff, events) and what the engine does with them (the dispatch's
// nearest staff, the search), on a real engine and map, without their elements.
import { expect } from 'chai';
import { EventsPart } from './events-part.js';
import { SitesPart } from './sites-part.js';
import { StaffPart } from './staff-part.js';
import type { GridEvent } from '../../model/grid-event.js';
import type { Site } from '../../model/site.js';
import type { Staff } from '../../model/staff.js';
import { frameDrawn, sharedEngine } from '../../../test/harness/engine-harness.js';
import { sampleItems } from '../../../test/harness/map-harness.js';

describe('point layer parts', function () {
  const engineFixture = sharedEngine(this);

  it('draws a sites part once added, filtered by the active boards and by category, and takes it off when removed', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    const sites = new SitesPart();
    const items = await sampleItems<Site>('sites.geojson');
    sites.replace(items);
    engine.addPart(sites);
    await frameDrawn(map);
    const drawn = () => new Set(map.querySourceFeatures('gm-sites').flatMap((f) => (f.properties.cluster ? [] : [f.properties.id])));
    expect(sites.size).to.equal(items.length);
    engine.setBoards(['safety']);
    await frameDrawn(map);
    expect([...drawn()].every((id) => sites.get(id)?.board === 'safety'), 'only the safety board').to.equal(true);
    engine.setBoards(['party', 'economy', 'livelihood', 'safety']);
    sites.setCategories(['school']);
    await frameDrawn(map);
    expect([...drawn()].every((id) => sites.get(id)?.category === 'school')).to.equal(true);
    engine.removePart(sites);
    expect(map.getSource('gm-sites')).to.equal(undefined);
  });

  it('finds the nearest staff for the dispatch, draws the dispatch, and lists staff in the search', async () => {
    const { engine } = engineFixture();
    const staff = new StaffPart();
    const people = await sampleItems<Staff>('staff.geojson');
    staff.replace(people);
    engine.addPart(staff);
    const grid = engine.scene.index!.get(engine.scene.index!.codes('grid').at(0)!)!;
    const nearest = engine.dispatch.nearestStaff(grid.code, { count: 3 });
    expect(nearest).to.have.length(3);
    expect(nearest.map((n) => n.distanceKm)).to.deep.equal([...nearest.map((n) => n.distanceKm)].sort((a, b) => a - b));
    engine.alerts.raise([{ id: 'd1', level: 'emergency', board: 'livelihood', title: '心率报警', time: Date.now(), gridCode: grid.code }]);
    const chosen = engine.dispatch.showFor('d1');
    await frameDrawn(engineFixture().map());
    const lines = engineFixture().map().querySourceFeatures('gm-dispatch', { filter: ['==', ['get', 'kind'], 'line'] });
    expect(new Set(lines.map((f) => f.properties.id))).to.deep.equal(new Set(chosen.map((c) => c.staff.id)));
    expect(engine.searchEntries().filter((e) => e.kind === 'staff')).to.have.length(people.length);
    engine.removePart(staff);
  });

  it('counts events by status and overdue light, and tells the counts once per frame', async () => {
    const events = new EventsPart();
    const items = await sampleItems<GridEvent>('events.geojson');
    let told = 0;
    events.on('counts', () => told++);
    events.replace(items);
    events.upsert(items.slice(0, 3));
    engineFixture().engine.addPart(events);
    await frameDrawn(engineFixture().map());
    const counts = events.counts();
    expect(counts.reported + counts.dispatched + counts.handling + counts.closed).to.equal(items.length);
    expect(counts['on-time'] + counts['due-soon'] + counts.overdue).to.equal(items.length - counts.closed);
    expect(told).to.equal(1);
    engineFixture().engine.removePart(events);
  });
});
