import { expect } from 'chai';
import { emulateMedia } from '@web/test-runner-commands';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { FeatureCollection, Polygon } from 'geojson';
import type { GmMap } from './map.component.js';
import type { Alert } from '../../model/alert.js';
import { ALERT_LEVELS } from '../../model/alert.js';
import { contrastRatio } from '../../model/color-contrast.js';
import type { GridStatus } from '../../model/grid-status.js';
import { cleanup, drawn, labelOf, loadSampleIndex, mountMap, nextEvent, pixelAt, pixelsAround, showFillsOnly } from '../../../test/harness/map-harness.js';

/** The pixels at a point over `ms`, `reads` times (the drawing buffer is preserved: a read sees the last frame). */
async function pixelsOverTime(map: MaplibreMap, lngLat: [number, number], ms = 1500, reads = 12): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < reads; i++) {
    await new Promise((r) => setTimeout(r, ms / reads));
    seen.push(pixelAt(map, lngLat).join(','));
  }
  return seen;
}

/** Hides the markers so pixel reads at a grid's label point see the grid. */
function hideMarkers(map: MaplibreMap): void {
  for (const id of ['gm-alert-pulse', 'gm-alert-marker']) map.setLayoutProperty(id, 'visibility', 'none');
}

const markerIds = (map: MaplibreMap) => new Set(map.queryRenderedFeatures({ layers: ['gm-alert-marker'] }).map((f) => f.properties.id));

async function sampleAlert(overrides: Partial<Alert> = {}): Promise<Alert> {
  const index = await loadSampleIndex();
  return { id: 'a1', level: 'emergency', board: 'livelihood', title: '独居老人心率报警', time: Date.now(), gridCode: index.grid.codes[40], ...overrides };
}

/** The two colours furthest apart (by contrast ratio) among these pixels, and their ratio. */
function extremes(pixels: [number, number, number][]): { ratio: number; pair: string } {
  let best = { ratio: 1, pair: '' };
  for (const a of pixels)
    for (const b of pixels) {
      const ratio = contrastRatio(a, b);
      if (ratio > best.ratio) best = { ratio, pair: `${a} / ${b}` };
    }
  return best;
}

const STATUS_COLOURS: GridStatus[] = ['emergency', 'warning', 'attention', 'normal'];

/**
 * 12 neighbouring grids of the sample, each given a status colour (red, orange, yellow, green) and
 * an alert of a level (every pair once), in a map of `theme` showing them at zoom ~11 (the mosaic).
 */
async function alarmsOnEveryColour(theme: GmMap['theme']): Promise<{ el: GmMap; map: MaplibreMap; labels: [number, number][] }> {
  const index = await loadSampleIndex();
  const codes = index.grid.codes.slice(40, 52);
  const labels = await Promise.all(codes.map(labelOf));
  const el = await mountMap({ detail: 'grid', theme });
  const map = el.getMap()!;
  const lngs = labels.map((l) => l[0]);
  const lats = labels.map((l) => l[1]);
  map.fitBounds([Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)], { padding: 80, maxZoom: 11.2, duration: 0 });
  el.setStatuses(codes.map((code, i) => ({ code, status: STATUS_COLOURS[i % 4] })));
  codes.forEach((gridCode, i) => el.raiseAlert({ id: `f${i}`, level: ALERT_LEVELS[Math.floor(i / 4)], board: 'safety', title: '报警', time: Date.now(), gridCode }));
  await drawn(el);
  hideMarkers(map);
  showFillsOnly(map);
  await drawn(el);
  return { el, map, labels };
}

describe('<gm-map> alerts', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('loads no tiles for the empty overlays, draws one once it has something to draw, and keeps it hidden when the host hides it', async () => {
    const el = await mountMap();
    const map = el.getMap()!;
    const managers = (map.style as unknown as { tileManagers: Record<string, { getIds(): string[] }> }).tileManagers;
    const tiles = (source: string) => managers[source]?.getIds().length ?? 0;
    expect(tiles('gm-district'), 'the outlines have tiles').to.be.greaterThan(0);
    for (const source of ['gm-highlight', 'gm-alerts', 'gm-alert-areas', 'gm-dispatch']) expect(tiles(source), `${source}, empty`).to.equal(0);

    el.raiseAlert(await sampleAlert());
    await drawn(el);
    expect(tiles('gm-alerts'), 'the alerts once raised').to.be.greaterThan(0);
    expect(markerIds(map).has('a1'), 'marker drawn').to.be.true;
    expect(tiles('gm-dispatch'), 'still nothing to dispatch').to.equal(0);

    map.setLayoutProperty('gm-alert-marker', 'visibility', 'none');
    el.raiseAlert(await sampleAlert({ id: 'a2' }));
    await drawn(el);
    expect(map.getLayoutProperty('gm-alert-marker', 'visibility'), 'hidden by the host').to.equal('none');
  });

  it('flashes the alert grid in the mosaic; acknowledging stops it and keeps the marker; resolving removes it', async () => {
    const el = await mountMap({ detail: 'grid' });
    const map = el.getMap()!;
    const alert = await sampleAlert();
    const label = await labelOf(alert.gridCode!);
    map.jumpTo({ center: label, zoom: 11.2 });
    showFillsOnly(map);
    await drawn(el);
    const still = pixelAt(map, label).join(',');

    const raised = nextEvent(el, 'gm-alert');
    el.raiseAlert(alert);
    const event = await raised;
    expect(event.detail.action).to.equal('raise');
    expect(event.detail.alert).to.include({ id: 'a1', acknowledged: false });
    await drawn(el);
    expect(markerIds(map).has('a1'), 'marker drawn').to.be.true;
    hideMarkers(map);
    const flashing = await pixelsOverTime(map, label);
    expect(new Set(flashing).size, `colours over time: ${flashing.join(' ')}`).to.be.greaterThan(2);
    expect(flashing.filter((p) => p !== still).length).to.be.greaterThan(flashing.length / 2);

    const acknowledged = nextEvent(el, 'gm-alert');
    expect(el.acknowledgeAlert('a1')).to.be.true;
    expect((await acknowledged).detail.action).to.equal('acknowledge');
    await drawn(el);
    const after = await pixelsOverTime(map, label, 800, 6);
    expect(new Set(after), 'no change once acknowledged').to.deep.equal(new Set([still]));
    map.setLayoutProperty('gm-alert-marker', 'visibility', 'visible');
    await drawn(el);
    expect(markerIds(map).has('a1'), 'marker kept').to.be.true;
    expect(el.alerts.map((a) => [a.id, a.acknowledged])).to.deep.equal([['a1', true]]);

    const resolved = nextEvent(el, 'gm-alert');
    expect(el.resolveAlert('a1')).to.be.true;
    expect((await resolved).detail.action).to.equal('resolve');
    await drawn(el);
    expect(markerIds(map).has('a1'), 'marker removed').to.be.false;
    expect(el.alerts).to.deep.equal([]);
  });

  for (const theme of ['light', 'dark', 'screen'] as const) {
    it(`flashes on red, orange, yellow and green grids in the ${theme} theme between two colours at least 3:1 apart`, async () => {
      const { map, labels } = await alarmsOnEveryColour(theme);
      expect(map.getZoom(), 'the mosaic draws the grids').to.be.at.most(11.2);
      const seen: [number, number, number][][] = labels.map(() => []);
      // Read ~16 times a second (the pulse steps 12 times a second) for two flash periods, and on
      // for up to four more while some grid has not yet been seen near both ends of its flash (a
      // busy machine draws fewer frames; this waits for them, it times nothing).
      for (let i = 0; i < 96; i++) {
        await new Promise((r) => setTimeout(r, 62));
        pixelsAround(map, labels).forEach(([pixel], g) => seen[g].push(pixel));
        if (i >= 32 && seen.every((pixels) => extremes(pixels).ratio >= 3)) break;
      }
      labels.forEach((_, g) => {
        const { ratio, pair } = extremes(seen[g]);
        const what = `${ALERT_LEVELS[Math.floor(g / 4)]} alarm on a ${STATUS_COLOURS[g % 4]} grid (${theme})`;
        expect(ratio, `${what}: ${pair}`).to.be.at.least(3);
      });
    });
  }

  it('under prefers-reduced-motion stripes the alarm grids in two colours at least 3:1 apart, standing still', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { map, labels } = await alarmsOnEveryColour('screen');
    const first = pixelsAround(map, labels, 6);
    await new Promise((r) => setTimeout(r, 600));
    const later = pixelsAround(map, labels, 6);
    expect(JSON.stringify(later), 'nothing moves').to.equal(JSON.stringify(first));
    first.forEach((block, g) => expect(extremes(block).ratio, `stripes of grid ${g}: ${extremes(block).pair}`).to.be.at.least(3));
  });

  it('gives a flashing grid a thick outline over a halo in its contrast partner at the tiles\' zoom', async () => {
    const el = await mountMap({ theme: 'screen' });
    const map = el.getMap()!;
    const alert = await sampleAlert({ level: 'attention' });
    map.jumpTo({ center: await labelOf(alert.gridCode!), zoom: 14 });
    el.setStatuses([{ code: alert.gridCode!, status: 'attention' }]);
    el.raiseAlert(alert);
    await drawn(el);
    await drawn(el);
    const halo = map.queryRenderedFeatures({ layers: ['gm-alert-area-halo'] }).map((f) => String(f.id));
    expect(halo, 'halo drawn').to.include(alert.gridCode);
    expect(map.getPaintProperty('gm-alert-area-halo', 'line-width'), 'halo width (screen: ×1.5)').to.equal(15);
  });

  it('flashes the grid outline and fill from the tiles when zoomed in', async () => {
    const el = await mountMap();
    const map = el.getMap()!;
    const alert = await sampleAlert({ level: 'warning' });
    const label = await labelOf(alert.gridCode!);
    map.jumpTo({ center: label, zoom: 14 });
    await drawn(el);
    el.raiseAlert(alert);
    await drawn(el);
    await drawn(el);
    hideMarkers(map);
    showFillsOnly(map);
    const outlined = map.queryRenderedFeatures({ layers: ['gm-alert-area-line'] }).map((f) => String(f.id));
    expect(outlined).to.include(alert.gridCode);
    const flashing = await pixelsOverTime(map, label, 2000, 24);
    const asRgb = (list: string[]) => list.map((p) => p.split(',').map(Number) as [number, number, number]);
    // A busy machine draws fewer frames: read on (up to 4 s more) until both ends of the flash were seen.
    for (let i = 0; i < 4 && extremes(asRgb(flashing)).ratio < 3; i++) flashing.push(...(await pixelsOverTime(map, label, 1000, 12)));
    expect(new Set(flashing).size, `colours over time: ${flashing.join(' ')}`).to.be.greaterThan(2);
    const { ratio, pair } = extremes(asRgb(flashing));
    expect(ratio, `the fill alternates ≥ 3:1 apart: ${pair}`).to.be.at.least(3);
  });

  it('under prefers-reduced-motion shows a static, visible outline and marker instead of flashing', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await mountMap();
    const map = el.getMap()!;
    const alert = await sampleAlert();
    const grids: FeatureCollection<Polygon> = await (await fetch('/fixtures/out/sample/grids.geojson')).json();
    const polygon = grids.features.find((f) => f.properties?.code === alert.gridCode)!;
    const label = await labelOf(alert.gridCode!);
    map.jumpTo({ center: label, zoom: 15 });
    await drawn(el);
    el.raiseAlert(alert);
    await drawn(el);
    await drawn(el);
    expect(markerIds(map).has('a1'), 'marker drawn').to.be.true;
    hideMarkers(map);
    showFillsOnly(map);
    map.setLayoutProperty('gm-alert-area-line', 'visibility', 'visible');
    await drawn(el);
    const over = await pixelsOverTime(map, label, 1200, 8);
    expect(new Set(over).size, `no change over time: ${over.join(' ')}`).to.equal(1);
    // The outline is drawn in the emergency colour along the grid's edge.
    const [r, g, b] = pixelAt(map, polygon.geometry.coordinates[0][0] as [number, number]);
    const [er, eg, eb] = [255, 23, 68];
    expect(Math.abs(r - er) + Math.abs(g - eg) + Math.abs(b - eb), `edge pixel ${[r, g, b]}`).to.be.below(60);
  });

  it('refuses malformed alerts and unknown grids with gm-error and keeps the valid ones', async () => {
    const el = await mountMap();
    const errors: string[] = [];
    el.addEventListener('gm-error', (e) => errors.push(e.detail.reason));
    const good = await sampleAlert({ id: 'ok' });
    el.raiseAlert([
      good,
      { ...good, id: 'nan', gridCode: undefined, lngLat: [Number.NaN, 29.5] },
      { ...good, id: 'level', level: 'panic' as never },
      { ...good, id: 'nowhere', gridCode: '50010300000000' },
    ]);
    expect(errors).to.have.members(['invalid-alert', 'unknown-code']);
    expect(el.alerts.map((a) => a.id)).to.deep.equal(['ok']);
    await el.updateComplete;
    const message = el.shadowRoot!.querySelector('[part="message"]')!;
    expect(message.hasAttribute('hidden')).to.be.false;
    expect(el.acknowledgeAlert('missing')).to.be.false;
    expect(errors).to.include('unknown-alert');
  });

  it('flies to a new emergency with autofocus-alerts', async () => {
    const el: GmMap = await mountMap({ autofocusAlerts: true });
    const map = el.getMap()!;
    const alert = await sampleAlert({ lngLat: [106.57, 29.56] });
    const moved = new Promise((r) => map.once('moveend', r));
    el.raiseAlert(alert);
    await moved;
    expect(map.getZoom()).to.be.at.least(14);
    expect(map.getCenter().lng).to.be.closeTo(106.57, 0.001);
  });
});
