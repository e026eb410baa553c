import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import './events.js';
import type { GmEvents } from './events.component.js';
import type { GridEvent } from '../../model/grid-event.js';
import { cleanup, createMap, drawn, hideLabels, idle, nextEvent, pixelAt, sampleItems, token } from '../../../test/harness/map-harness.js';

const EVENTS_URL = '/fixtures/out/sample/events.geojson';
const NOW = Date.parse('2026-11-01T01:00:00.000Z');
const MINUTE = 60_000;

const sampleEvents = () => sampleItems<GridEvent>('events.geojson');

/** A map with transparent fills (a badge's colour must not meet its like under it) and an events layer. */
async function mountEvents(props: Partial<GmEvents>): Promise<{ map: MaplibreMap; events: GmEvents; el: HTMLElement }> {
  const el = createMap({});
  el.style.setProperty('--gm-fill-opacity', '0');
  const events = document.createElement('gm-events');
  Object.assign(events, { clock: () => NOW, ...props });
  el.append(events);
  document.body.append(el);
  await el.ready;
  const map = el.getMap()!;
  await idle(map);
  await drawn(el);
  return { map, events, el };
}

/** The most segments (one draw call and vertex array each) of a layer's icons in any loaded tile of the events source. */
function iconSegments(map: MaplibreMap, layer: string): number {
  type Tile = { buckets: Record<string, { icon: { segments: { get(): unknown[] } } } | undefined> };
  const style = map.style as unknown as { tileManagers: Record<string, { getRenderableIds(): string[]; getTileByID(id: string): Tile }> };
  const manager = style.tileManagers['gm-events'];
  return Math.max(0, ...manager.getRenderableIds().map((id) => manager.getTileByID(id).buckets[layer]?.icon.segments.get().length ?? 0));
}

describe('<gm-events>', () => {
  afterEach(cleanup);

  it('draws the events in one batch per light, however many due times they have', async () => {
    const { map, el } = await mountEvents({ src: EVENTS_URL });
    const all = await sampleEvents();
    expect(new Set(all.map((e) => e.dueAt)).size, 'distinct due times').to.equal(all.length);
    expect(iconSegments(map, 'gm-events-icon')).to.be.within(1, 3);
    map.jumpTo({ center: map.getCenter(), zoom: 9.5 });
    await drawn(el as never);
    expect(iconSegments(map, 'gm-events-dot')).to.be.within(1, 3);
  });

  it('draws every event of `src`', async () => {
    const { map, el } = await mountEvents({ src: EVENTS_URL });
    const all = await sampleEvents();
    const drawnIds = (layer: string) => new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.id));
    expect(drawnIds('gm-events-icon').size).to.equal(all.length);
    // At the city view the open ones are small dots in their light's colour, not icons.
    map.jumpTo({ center: map.getCenter(), zoom: 9.5 });
    await drawn(el as never);
    expect(drawnIds('gm-events-icon').size).to.equal(0);
    expect(drawnIds('gm-events-dot').size).to.equal(all.filter((e) => e.status !== 'closed').length);
  });

  it('turns the overdue light amber, then red, as the clock passes the due time, with no new data', async () => {
    const [base] = await sampleEvents();
    const event: GridEvent = { ...base, status: 'handling', dueAt: NOW + 90 * MINUTE };
    let now = NOW;
    const { map, events, el } = await mountEvents({ items: [event], clock: () => now, warnBefore: 60 });
    map.jumpTo({ center: event.lngLat, zoom: 15 });
    hideLabels(map);
    await drawn(el as never);
    const badge = () => {
      const p = map.project(event.lngLat);
      return pixelAt(map, map.unproject([p.x + 8, p.y]));
    };
    const near = (light: string) => {
      const expected = token(el, `--gm-light-${light}`);
      return Math.max(...badge().map((v, i) => Math.abs(v - expected[i])));
    };
    expect(near('on-time'), 'green 90 min before').to.be.at.most(20);
    for (const [minutes, light] of [[45, 'due-soon'], [100, 'overdue']] as const) {
      now = NOW + minutes * MINUTE;
      events.clock = () => now;
      await events.updateComplete;
      await drawn(el as never);
      expect(near(light), `${light} at +${minutes} min`).to.be.at.most(20);
    }
  });

  it('counts events by status and light, and fires gm-counts when the clock moves', async () => {
    const all = await sampleEvents();
    let now = NOW;
    const { events } = await mountEvents({ items: all, clock: () => now, warnBefore: 60 });
    const counts = events.counts();
    for (const status of ['reported', 'dispatched', 'handling', 'closed'] as const) {
      expect(counts[status], status).to.equal(all.filter((e) => e.status === status).length);
    }
    const open = all.filter((e) => e.status !== 'closed');
    const overdue = (t: number) => open.filter((e) => t > Date.parse(String(e.dueAt))).length;
    expect(counts.overdue).to.equal(overdue(NOW));
    expect(counts['on-time'] + counts['due-soon'] + counts.overdue).to.equal(open.length);
    const later = NOW + 3 * 24 * 60 * MINUTE;
    const changed = nextEvent(events, 'gm-counts');
    now = later;
    events.clock = () => now;
    const { detail } = await changed;
    expect(detail.kind).to.equal('event');
    expect(detail.counts.overdue).to.equal(overdue(later));
    expect(detail.counts.overdue).to.be.greaterThan(counts.overdue);
  });
});
