import { expect } from 'chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { cleanup, clickAt, drawn, drillDownByClicks, hideLabels, hoverAt, idle, mountMap, nextAreaSelect, nextEvent, pixelAt } from '../../../test/harness/map-harness.js';
import { mountWatched } from '../../../test/harness/hostile.js';
import type { AreaIndexJson } from '../../model/area-index.js';

/**
 * A city of three levels (district, town, grid: no communities) with its own code scheme (`YZ`,
 * `JD-01`, `WG-0001`; codes that do not nest, so areas.json carries each area's parent), built by
 * gm-prepare (fixtures/generate.mjs, `own-codes`). Its tiles' feature ids are positions, not codes.
 */
const OWN_CODES = '/fixtures/out/own-codes/manifest.json';

let areas: Promise<Required<AreaIndexJson>> | undefined;
const loadAreas = () => (areas ??= fetch('/fixtures/out/own-codes/areas.json').then((r) => r.json()));

/** A grid of the fixture, its town and its label point. */
async function aGrid(at = 100): Promise<{ grid: string; town: string; label: [number, number] }> {
  const { grid, town } = await loadAreas();
  const label: [number, number] = [grid.labels[2 * at], grid.labels[2 * at + 1]];
  return { grid: grid.codes[at], town: town.codes[grid.parents![at]], label };
}

describe('<gm-map> on a hierarchy of its own', () => {
  afterEach(cleanup);

  it('loads three levels with codes of any form, and names each area\'s path and counts by its parents', async () => {
    const { el, errors } = await mountWatched({ src: OWN_CODES });
    await idle(el.getMap()!);
    const { grid, town } = await aGrid();
    expect(el.areaPath(grid).map((a) => [a.level, a.code])).to.deep.equal([['district', 'YZ'], ['town', town], ['grid', grid]]);
    const { grid: grids, town: towns } = await loadAreas();
    const inTown = grids.parents!.filter((p: number) => towns.codes[p] === town).length;
    el.setStatuses([{ code: grid, status: 'warning' }]);
    await drawn(el);
    const counts = el.statusCounts(town)!;
    expect(Object.values(counts).reduce((a, b) => a + b, 0), 'the town\'s grids, found by their parents').to.equal(inTown);
    expect(counts.warning).to.equal(1);
    expect(el.statusOf(grid)).to.equal('warning');
    expect(errors, 'nothing reported').to.deep.equal([]);
  });

  it('drills down one level per click (district, town, grid) and goes up by keyboard', async () => {
    const el = await mountMap({ src: OWN_CODES, detail: 'grid' });
    const map = el.getMap()!;
    const { grid, town, label } = await aGrid();
    expect(await drillDownByClicks(el, label, 3)).to.deep.equal([['district', 'YZ'], ['town', town], ['grid', grid]]);
    map.getCanvas().focus();
    const up = nextAreaSelect(el);
    await sendKeys({ press: 'Escape' });
    expect((await up).detail.code, 'up from the grid: its town (areas.json parents)').to.equal(town);
  });

  it('colours one grid by its own code on the tiles (position ids) and finds it in the mosaic', async () => {
    const el = await mountMap({ src: OWN_CODES });
    const map = el.getMap()!;
    const { grid, label } = await aGrid(200);
    const { label: neighbour } = await aGrid(201);
    map.jumpTo({ center: label, zoom: 15 });
    await idle(map);
    hideLabels(map);
    const clicked = nextAreaSelect(el);
    await clickAt(map, label);
    expect((await clicked).detail.code, 'the click names the grid by its code').to.equal(grid);
    el.setStatuses([{ code: grid, status: 'emergency' }]);
    await drawn(el);
    const [r, g, b] = pixelAt(map, label);
    expect(r > g + 80 && r > b + 80, `the grid is red: ${[r, g, b]}`).to.equal(true);
    map.jumpTo({ center: neighbour, zoom: 15 });
    await drawn(el);
    const other = pixelAt(map, neighbour);
    expect(other[0] > other[1] + 80, `its neighbour is not: ${other}`).to.equal(false);
    // Below the mosaic's maxzoom the grids are the mosaic: the pointer finds the grid's code in it.
    el.selected = '';
    el.detail = 'grid';
    await sendMouse({ type: 'move', position: [900, 700] }); // off the map: the hover is cleared
    map.jumpTo({ center: label, zoom: 11 });
    await drawn(el);
    const hovered = nextEvent(el, 'gm-hover');
    await hoverAt(map, label);
    expect((await hovered).detail?.code).to.equal(grid);
  });
});
