import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import '../search/search.js';
import { cleanup, drawn, drillDownByClicks, hideLabels, idle, mountMap, nextAreaSelect, pixelAt } from '../../../test/harness/map-harness.js';
import { mountWatched } from '../../../test/harness/hostile.js';
import type { AreaIndexJson } from '../../model/area-index.js';
import type { GmSearch } from '../search/search.component.js';
import type { VectorTileSource } from 'maplibre-gl';

/**
 * The sample district with a fifth level: every grid split into its courtyards (院落微网格, 7,077
 * micro-grids with 17-digit codes), built by gm-prepare (fixtures/generate.mjs, `sample-micro`).
 * The mosaic is the courtyards'; their tiles' feature ids are positions (a 17-digit code is no
 * safe number).
 */
const MICRO = '/fixtures/out/sample-micro/manifest.json';

let areas: Promise<Required<AreaIndexJson>> | undefined;
const loadAreas = () => (areas ??= fetch('/fixtures/out/sample-micro/areas.json').then((r) => r.json()));

/** A courtyard of the fixture (the `at`-th), its label point and a sibling courtyard of the same grid. */
async function aCourtyard(at = 3000): Promise<{ code: string; label: [number, number]; sibling: string; siblingLabel: [number, number] }> {
  const { microgrid } = await loadAreas();
  const code = microgrid.codes[at];
  const s = microgrid.codes.findIndex((c: string, i: number) => i !== at && c.slice(0, 14) === code.slice(0, 14));
  const label = (i: number): [number, number] => [microgrid.labels[2 * i], microgrid.labels[2 * i + 1]];
  return { code, label: label(at), sibling: microgrid.codes[s], siblingLabel: label(s) };
}

const isRed = ([r, g, b]: number[]) => r > g + 80 && r > b + 80;

/** A courtyard's areas from the district down, as [level, code]: its code's official prefixes. */
const pathOf = (code: string) => [
  ['district', code.slice(0, 6)],
  ['town', code.slice(0, 9)],
  ['community', code.slice(0, 12)],
  ['grid', code.slice(0, 14)],
  ['microgrid', code],
];

describe('<gm-map> with micro-grids (five levels)', () => {
  afterEach(cleanup);

  it("names a courtyard's five-level path and rolls its status up to the district", async () => {
    const { el, errors } = await mountWatched({ src: MICRO });
    const { code } = await aCourtyard();
    const path = el.areaPath(code).map((a) => [a.level, a.code]);
    expect(path).to.deep.equal(pathOf(code));
    const { microgrid } = await loadAreas();
    const inGrid = microgrid.codes.filter((c: string) => c.startsWith(code.slice(0, 14))).length;
    el.setStatuses([{ code, status: 'emergency' }]);
    await drawn(el);
    expect(el.statusOf(code)).to.equal('emergency');
    for (const area of [code.slice(0, 14), code.slice(0, 12), code.slice(0, 9), '500103']) {
      expect(el.statusCounts(area)!.emergency, `${area}: one courtyard in emergency`).to.equal(1);
    }
    expect(Object.values(el.statusCounts(code.slice(0, 14))!).reduce((a, b) => a + b, 0), "the grid counts its courtyards").to.equal(inGrid);
    expect(Object.values(el.statusCounts('500103')!).reduce((a, b) => a + b, 0), 'the district counts every courtyard').to.equal(microgrid.codes.length);
    expect(errors, 'nothing reported').to.deep.equal([]);
  });

  it('colours exactly one courtyard red at the city view, through the courtyards\' mosaic', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const { code, label, sibling, siblingLabel } = await aCourtyard();
    expect(map.getZoom(), 'the city view shows the mosaic').to.be.below(map.getLayer('gm-microgrid-fill')!.minzoom);
    hideLabels(map);
    el.setStatuses([{ code, status: 'emergency' }]);
    await drawn(el);
    expect(isRed(pixelAt(map, label)), `the courtyard is red: ${pixelAt(map, label)}`).to.equal(true);
    expect(isRed(pixelAt(map, siblingLabel)), `its sibling ${sibling} is not: ${pixelAt(map, siblingLabel)}`).to.equal(false);
  });

  it('drills down by click from the district to one courtyard, one level per click', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const { code, label } = await aCourtyard();
    expect(await drillDownByClicks(el, label, 5)).to.deep.equal(pathOf(code));
  });

  it("draws the coarser levels past their tiles' maxzoom from their deepest tiles, scaled: none cut anew per zoom", async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const { label } = await aCourtyard();
    // The depth of every tile MapLibre loads, per source, during the drill-down.
    const depths: Record<string, Set<number>> = {};
    map.on('sourcedata', (e) => {
      if (e.tile) (depths[e.sourceId] ??= new Set()).add(e.tile.tileID.canonical.z);
    });
    await drillDownByClicks(el, label, 5);
    const zoom = map.getZoom();
    expect(zoom, 'the courtyard view is past the coarser levels\' tiles').to.be.above(12);
    for (const level of ['district', 'town', 'community', 'grid']) {
      const { maxzoom } = map.getSource(`gm-${level}`) as VectorTileSource;
      const loaded = [...(depths[`gm-${level}`] ?? [])];
      expect(loaded.length, `${level}: tiles loaded`).to.be.above(0);
      expect(Math.max(...loaded), `${level}: the deepest tile loaded (maxzoom ${maxzoom}, at zoom ${zoom.toFixed(1)})`).to.equal(maxzoom);
      // Scaled, they still draw: the level's outlines are on screen.
      expect(map.queryRenderedFeatures({ layers: [`gm-${level}-line`] }).length, `${level}: outlines drawn`).to.be.above(0);
    }
  });

  it('drills down by keyboard from the district to one courtyard (Enter at the centre), and back up with Escape', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const { code, label } = await aCourtyard();
    const levels: string[] = [];
    for (let step = 0; step < 5; step++) {
      // The courtyard brought to the centre (as the arrow keys pan), then Enter selects there.
      map.jumpTo({ center: label });
      await idle(map);
      map.getCanvas().focus();
      const selected = nextAreaSelect(el);
      const moved = new Promise((r) => map.once('moveend', r));
      await sendKeys({ press: 'Enter' });
      const { detail } = await selected;
      levels.push(detail.level!);
      expect(code.startsWith(detail.code), `${detail.level} ${detail.code} holds the courtyard`).to.equal(true);
      await moved;
      await idle(map);
    }
    expect(levels).to.deep.equal(['district', 'town', 'community', 'grid', 'microgrid']);
    expect(el.selected).to.equal(code);
    map.getCanvas().focus();
    const up = nextAreaSelect(el);
    await sendKeys({ press: 'Escape' });
    expect((await up).detail.code, 'up from the courtyard: its grid').to.equal(code.slice(0, 14));
  });

  it('finds a courtyard by its code in <gm-search>, under its grid', async () => {
    const el = await mountMap({ src: MICRO });
    const search = document.createElement('gm-search') as GmSearch;
    search.slot = 'top-left';
    el.append(search);
    await drawn(el);
    const { code } = await aCourtyard();
    const hits = await search.search(code);
    expect(hits[0]).to.include({ kind: 'microgrid', id: code });
    await search.updateComplete;
    expect(search.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('微网格');
  });
});
