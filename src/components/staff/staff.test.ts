import { expect } from 'chai';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import './staff.js';
import type { GmStaff } from './staff.component.js';
import type { GmMap } from '../map/map.component.js';
import type { Staff } from '../../model/staff.js';
import { distance as turfDistance } from '@turf/distance';
import { expectColor } from '../../../test/harness/map-test-helpers.js';
import { cleanup, clickAt, drawn, hideLabels, mountLayer, nextEvent, pixelAt, sampleItems, token } from '../../../test/harness/map-harness.js';

const STAFF_URL = '/fixtures/out/sample/staff.geojson';
/** The fixture's "now". */
const NOW = Date.parse('2026-11-01T01:00:00.000Z');
const MINUTE = 60_000;

const sampleStaff = () => sampleItems<Staff>('staff.geojson');

/** Drawn staff: id → rendered position (deduplicated across tiles). */
function drawnStaff(map: MaplibreMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of map.queryRenderedFeatures({ layers: ['gm-staff-icon', 'gm-staff-stale'] })) {
    const [lng, lat] = (f.geometry as { coordinates: number[] }).coordinates;
    out.set(String(f.properties.id), `${lng.toFixed(5)},${lat.toFixed(5)}`);
  }
  return out;
}

/** People drawn: each icon one, each bubble its count (zoom 11–13 clusters people who would overlap). */
function drawnPeople(map: MaplibreMap): number {
  const bubbles = new Map<number, number>();
  for (const f of map.queryRenderedFeatures({ layers: ['gm-staff-cluster'] })) bubbles.set(Number(f.properties.cluster_id), Number(f.properties.point_count));
  return drawnStaff(map).size + [...bubbles.values()].reduce((a, b) => a + b, 0);
}

async function mountStaff(props: Partial<GmStaff> = {}, mapProps: Partial<GmMap> = {}): Promise<{ map: GmMap; staff: GmStaff }> {
  const { map, layer } = await mountLayer('gm-staff', { clock: () => NOW, ...props }, mapProps);
  return { map, staff: layer };
}

describe('<gm-staff>', () => {
  afterEach(cleanup);

  it('places every person of `src`: icons where they fit, bubbles with counts where they would overlap, dots at the city view', async () => {
    const { map } = await mountStaff({ src: STAFF_URL });
    const all = await sampleStaff();
    const m = map.getMap()!;
    expect(m.getZoom(), 'the sample at its fitted zoom').to.be.within(11, 14);
    expect(drawnPeople(m), 'everyone, as an icon or in a bubble').to.equal(all.length);
    // No two icons on top of each other: people closer than a bubble's radius are one bubble.
    const points = [...drawnStaff(m).values()].map((at) => m.project(at.split(',').map(Number) as [number, number]));
    const closest = Math.min(...points.flatMap((a, i) => points.slice(i + 1).map((b) => a.dist(b))));
    expect(closest, 'the closest two icons, px').to.be.at.least(20);
    const bubbles = m.queryRenderedFeatures({ layers: ['gm-staff-cluster'] });
    expect(bubbles.length, 'bubbles at zoom 11–13').to.be.greaterThan(0);
    for (const { properties: p } of bubbles) {
      expect(p['on-duty'] + p.busy + p['off-duty'], 'counts by status').to.equal(p.point_count);
      expect(p['grid-worker'] + p['part-time'] + p['safety-officer'] + p.police + p.volunteer, 'counts by role').to.equal(p.point_count);
    }
    // Zoomed out to the city, people are dots (a GPU layer), not icons that would carpet the grids.
    m.jumpTo({ center: m.getCenter(), zoom: 10 });
    hideLabels(m);
    await drawn(map);
    expect(drawnStaff(m).size).to.equal(0);
    const withDots = all.map((p) => pixelAt(m, p.lngLat).join());
    m.setLayoutProperty('gm-staff-dots', 'visibility', 'none');
    await drawn(map);
    const covered = all.filter((p, i) => pixelAt(m, p.lngLat).join() !== withDots[i]).length;
    expect(covered, 'people whose position shows a dot').to.be.at.least(Math.floor(0.95 * all.length));
    m.setLayoutProperty('gm-staff-dots', 'visibility', 'visible');
    // From zoom 14 everyone is an icon.
    m.jumpTo({ center: all[0].lngLat, zoom: 14.5 });
    await drawn(map);
    expect(m.queryRenderedFeatures({ layers: ['gm-staff-cluster'] })).to.have.length(0);
    expect(drawnStaff(m).has(String(all[0].id))).to.be.true;
  });

  it('holds no features in the map below the icons’ zoom, and draws everyone again on zooming back in', async () => {
    const all = await sampleStaff();
    const { map } = await mountStaff({ items: all });
    const m = map.getMap()!;
    const source = m.getSource('gm-staff') as GeoJSONSource;
    const featuresHeld = async () => ((await source.getData()) as FeatureCollection).features.length;
    const { lng, lat } = m.getCenter();
    const zoom = m.getZoom();
    expect(drawnPeople(m)).to.equal(all.length);
    m.jumpTo({ center: [lng, lat], zoom: 10 });
    await drawn(map);
    expect(await featuresHeld()).to.equal(0);
    m.jumpTo({ center: [lng, lat], zoom });
    await drawn(map);
    expect(await featuresHeld()).to.equal(all.length);
    expect(drawnPeople(m)).to.equal(all.length);
  });

  it('moves one person with upsert and changes no other feature', async () => {
    const all = await sampleStaff();
    const { map, staff } = await mountStaff({ items: all });
    const m = map.getMap()!;
    m.jumpTo({ center: all[7].lngLat, zoom: 14.5 });
    await drawn(map);
    const before = drawnStaff(m);
    const moved = { ...all[7], lngLat: [all[7].lngLat[0] + 0.003, all[7].lngLat[1] - 0.002] as [number, number], updatedAt: NOW };
    staff.upsert([moved]);
    await drawn(map);
    const after = drawnStaff(m);
    const changed = [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id);
    expect(changed).to.deep.equal([moved.id]);
    expect(after.get(moved.id)).to.equal(`${moved.lngLat[0].toFixed(5)},${moved.lngLat[1].toFixed(5)}`);
    expect(after.size).to.equal(before.size);
  });

  it('fades people whose position is older than stale-after, as the clock advances, without new data', async () => {
    const [a, b] = await sampleStaff();
    // Off duty: a colour no grid status shares, so a faded badge cannot match the fill under it.
    const fresh = { ...a, status: 'off-duty' as const, updatedAt: NOW - 2 * MINUTE };
    const stale = { ...b, status: 'off-duty' as const, updatedAt: NOW - 30 * MINUTE, lngLat: [a.lngLat[0] + 0.004, a.lngLat[1]] as [number, number] };
    let now = NOW;
    const { map, staff } = await mountStaff({ items: [fresh, stale], clock: () => now });
    const m = map.getMap()!;
    m.jumpTo({ center: fresh.lngLat, zoom: 15 });
    hideLabels(m);
    await drawn(map);
    // A point on the badge, right of the pictogram.
    const badge = (lngLat: [number, number]) => {
      const p = m.project(lngLat);
      return pixelAt(m, m.unproject([p.x + 9, p.y]));
    };
    const offDuty = token(map, '--gm-staff-off-duty');
    const distance = (c: number[]) => Math.max(...c.map((v, i) => Math.abs(v - offDuty[i])));
    expect(distance(badge(fresh.lngLat)), 'fresh: full colour (the badge edge is antialiased)').to.be.at.most(20);
    expect(distance(badge(stale.lngLat)), 'stale: faded').to.be.above(40);
    now = NOW + 20 * MINUTE;
    staff.clock = () => now;
    await staff.updateComplete;
    await drawn(map);
    expect(distance(badge(fresh.lngLat)), 'fresh one is stale 20 min later').to.be.above(40);
  });

  it('draws the selected person’s recent trail', async () => {
    const [person] = await sampleStaff();
    const { map, staff } = await mountStaff({ items: [person] });
    const m = map.getMap()!;
    m.jumpTo({ center: person.lngLat, zoom: 15 });
    await drawn(map);
    const selected = nextEvent(staff, 'gm-select');
    await clickAt(m, person.lngLat);
    expect((await selected).detail).to.deep.include({ kind: 'staff', id: person.id });
    for (let step = 1; step <= 3; step++) {
      staff.upsert([{ ...person, lngLat: [person.lngLat[0] + step * 0.0008, person.lngLat[1]], updatedAt: NOW }]);
    }
    await drawn(map);
    expect(staff.trailOf(person.id)).to.have.length(4);
    expect(m.queryRenderedFeatures({ layers: ['gm-staff-trail'] }).length).to.be.greaterThan(0);
    await staff.updateComplete;
    const title = staff.shadowRoot!.querySelector('[part="popup-title"]')!;
    expect(title.textContent).to.equal(person.name);
    // Where the person is, by name (town › community › grid), not the grid's raw code.
    const details = staff.shadowRoot!.querySelector('[part="popup-details"]')!.textContent!;
    const path = map.areaPath(person.gridCode!).slice(1).map((a) => a.name);
    expect(path, 'the sample person’s grid is known').to.have.length(3);
    expect(details).to.contain(path.join(' › '));
    expect(details).not.to.contain(person.gridCode!);
  });

  describe('nearest staff (就近力量调度)', () => {
    it('ranks staff like a brute-force turf distance ranking, with filters and travel minutes', async () => {
      const { map } = await mountStaff({ src: STAFF_URL });
      const all = await sampleStaff();
      const target: [number, number] = [106.55, 29.555];
      const brute = (keep: (s: Staff) => boolean) =>
        all.filter(keep).map((s) => ({ id: s.id, km: turfDistance(target, s.lngLat) })).sort((a, b) => a.km - b.km);

      const nearest = map.nearestStaff(target, { count: 10, status: ['on-duty', 'busy', 'off-duty'] });
      expect(nearest.map((n) => n.staff.id)).to.deep.equal(brute(() => true).slice(0, 10).map((b) => b.id));
      nearest.forEach((n, i) => expect(n.distanceKm).to.be.closeTo(brute(() => true)[i].km, 0.001));
      // 30 km/h with a 1.3 detour by default.
      expect(nearest[0].minutes).to.be.closeTo((nearest[0].distanceKm * 1.3 * 60) / 30, 1e-9);

      const police = map.nearestStaff(target, { count: 5, roles: ['police'], status: 'on-duty', speedKmh: 20 });
      expect(police.map((n) => n.staff.id)).to.deep.equal(brute((s) => s.role === 'police' && s.status === 'on-duty').slice(0, 5).map((b) => b.id));
      expect(police[0].minutes).to.be.closeTo((police[0].distanceKm * 1.3 * 60) / 20, 1e-9);
      // Default: off-duty people are not dispatched.
      expect(map.nearestStaff(target, { count: 50 }).every((n) => n.staff.status !== 'off-duty')).to.be.true;
    });

    it('follows position updates, takes a grid code or an alert as the target, and draws the dispatch', async () => {
      const { map, staff } = await mountStaff({ src: STAFF_URL });
      const all = await sampleStaff();
      const far = all.find((s) => s.status === 'on-duty')!;
      const index = await (await fetch('/fixtures/out/sample/areas.json')).json();
      const grid: string = index.grid.codes[100];
      const label: [number, number] = [index.grid.labels[200], index.grid.labels[201]];
      staff.upsert([{ ...far, lngLat: [label[0] + 0.0015, label[1]] }]);
      expect(map.nearestStaff(grid, { count: 1 })[0].staff.id).to.equal(far.id);

      map.raiseAlert({ id: 'heart', level: 'emergency', board: 'livelihood', title: '心率报警', time: NOW, gridCode: grid });
      const chosen = map.showDispatch('heart', { count: 3 });
      expect(chosen.map((c) => c.staff.id)).to.deep.equal(map.nearestStaff('heart', { count: 3 }).map((c) => c.staff.id));
      expect(chosen[0].staff.id).to.equal(far.id);
      const m = map.getMap()!;
      m.jumpTo({ center: label, zoom: 11 });
      await drawn(map);
      const lines = m.queryRenderedFeatures({ layers: ['gm-dispatch-lines'] });
      const rings = new Set(m.queryRenderedFeatures({ layers: ['gm-dispatch-rings'] }).map((f) => f.properties.minutes));
      expect(new Set(lines.map((f) => f.properties.id))).to.deep.equal(new Set(chosen.map((c) => c.staff.id)));
      expect([...rings].sort((a, b) => a - b)).to.deep.equal([1, 5, 15]);
      // The chosen people ringed, every line and ring over a halo, all above the staff, sites and names.
      const ringed = new Set(m.queryRenderedFeatures({ layers: ['gm-dispatch-chosen'] }).map((f) => f.properties.id));
      expect(ringed).to.deep.equal(new Set(chosen.map((c) => c.staff.id)));
      for (const halo of ['gm-dispatch-rings-halo', 'gm-dispatch-lines-halo', 'gm-dispatch-chosen-halo']) expect(m.queryRenderedFeatures({ layers: [halo] }).length, halo).to.be.greaterThan(0);
      const order = m.getLayersOrder();
      for (const below of ['gm-staff-icon', 'gm-staff-cluster', 'gm-sites-icon', 'gm-district-label', 'gm-grid-label']) {
        if (order.includes(below)) expect(order.indexOf('gm-dispatch-lines-halo'), `the dispatch over ${below}`).to.be.greaterThan(order.indexOf(below));
      }
      // At a line's middle, its colour (the map's selected colour), whatever is under it.
      // Zoomed so the longest line is ~240 px: its middle is clear of the alert's marker.
      const ends = chosen.map((c) => [m.project(label), m.project(c.staff.lngLat)]);
      const longest = Math.max(...ends.map(([p, q]) => p.dist(q)));
      const person = chosen[ends.findIndex(([p, q]) => p.dist(q) === longest)].staff.lngLat;
      m.jumpTo({ center: label, zoom: m.getZoom() + Math.log2(240 / longest) });
      await drawn(map);
      const [a, b] = [m.project(label), m.project(person)];
      const middle = m.unproject([(a.x + b.x) / 2, (a.y + b.y) / 2]);
      expectColor(pixelAt(m, middle), token(map, '--gm-selected'), 'the line at its middle');
      map.hideDispatch();
      await drawn(map);
      expect(m.queryRenderedFeatures({ layers: ['gm-dispatch-lines', 'gm-dispatch-rings'] })).to.have.length(0);
    });
  });
});
