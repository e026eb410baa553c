import { expect } from 'chai';
import { cleanup, createMap, drawn, hideLabels, mountMap, nextEvent, pixelAt, renderedCodes, until } from '../../../test/harness/map-harness.js';
import type { AreaIndexJson } from '../../model/area-index.js';
import type { Manifest } from '../../model/manifest.js';

/**
 * The tiled grid mosaic (issue 30), on the sample's courtyards (`sample-micro`: 7,077 micro-grids,
 * the mosaic a PMTiles archive of 512-pixel tiles, z5–13, drawn below z12.5). What a view draws
 * comes from the tiles it touches; a status change recolours one courtyard's pixels; hover and
 * click read the courtyard from the tile on the GPU.
 */
const MICRO = '/fixtures/out/sample-micro/manifest.json';
const BASE = new URL(MICRO, location.href).href;

let areas: Promise<Required<AreaIndexJson>> | undefined;
const loadAreas = () => (areas ??= fetch('/fixtures/out/sample-micro/areas.json').then((r) => r.json()));

const isRed = ([r, g, b]: number[]) => r > g + 80 && r > b + 80;

/** The tile `z/x/y` of a point. */
function tileOf([lng, lat]: [number, number], z: number): string {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
  return `${z}/${Math.floor(((lng + 180) / 360) * n)}/${y}`;
}

/** The fixture's manifest with absolute URLs, its mosaic's archive replaced by `mosaic` (relative to the fixture). */
async function microManifest(mosaic: Record<string, unknown>): Promise<Manifest> {
  const manifest = await (await fetch(MICRO)).json();
  for (const level of Object.values(manifest.levels) as { pmtiles: string }[]) level.pmtiles = new URL(level.pmtiles, BASE).href;
  const { bounds, maxzoom, minzoom } = manifest.levels.microgrid.mosaic;
  const urls = Object.fromEntries(Object.entries(mosaic).map(([k, v]) => [k, new URL(String(v), BASE).href]));
  manifest.levels.microgrid.mosaic = { bounds, maxzoom, minzoom, ...urls };
  return { ...manifest, index: new URL(manifest.index, BASE).href, data: {} };
}

describe('<gm-map> with a tiled grid mosaic', () => {
  afterEach(cleanup);

  it('fetches only the tiles the view touches, and the finer ones where it zooms in', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const layer = el.engine.mosaic.layer!;
    expect(layer.pyramid.tiled, 'the fixture mosaic is tiled').to.equal(true);
    const level = Math.round(map.getZoom());
    const first = layer.pieceKeys;
    expect(first.length, `tiles at the city view: ${first}`).to.be.within(1, 16);
    expect(first.every((k) => k.startsWith(`${level}/`)), `all of the level wanted at z${map.getZoom().toFixed(2)}: ${first}`).to.equal(true);
    const { microgrid } = await loadAreas();
    const at = 5000;
    const label: [number, number] = [microgrid.labels[2 * at], microgrid.labels[2 * at + 1]];
    map.jumpTo({ center: label, zoom: 12.2 });
    await drawn(el);
    expect(layer.pieceKeys, 'the z12 tile under the courtyard came').to.include(tileOf(label, 12));
    expect(layer.pieceKeys.filter((k) => k.startsWith('12/')).length, 'and only those in view').to.be.at.most(6);
    expect(layer.gridAt({ lng: label[0], lat: label[1] } as never, true), 'the courtyard read back from the tile').to.equal(at);
  });

  it('asks for the tiles where a drill-down flight lands, none of the views it passes on the way', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const layer = el.engine.mosaic.layer!;
    // From further out than the city view: the flight to the district crosses zooms of the mosaic's tiles.
    map.jumpTo({ zoom: map.getZoom() - 3 });
    await drawn(el);
    const from = layer.pyramid.levelAt(map.getZoom());
    const { microgrid } = await loadAreas();
    const district = microgrid.codes[5000].slice(0, 6);
    const flights: number[] = [];
    map.on('move', () => flights.push(layer.pyramid.levelAt(map.getZoom())));
    const landed = new Promise((r) => map.once('moveend', r));
    el.selected = district;
    await landed;
    await drawn(el);
    const to = layer.pyramid.levelAt(map.getZoom());
    expect(map.getZoom(), 'the landing is drawn by the mosaic').to.be.below(layer.spec.maxzoom);
    expect(to - from, `the flight crosses tile zooms (z${from} → z${to})`).to.be.at.least(2);
    expect(new Set(flights).size, 'views of other tile zooms on the way').to.be.at.least(2);
    const levels = layer.pieceKeys.map((k) => Number(k.split('/')[0]));
    expect(levels, 'the landing view\'s tiles are in').to.include(to);
    expect(levels.filter((l) => l > from && l < to), `tiles of the zooms on the way: ${layer.pieceKeys}`).to.deep.equal([]);
  });

  it('fetches a tile again when the view comes back to it after it was evicted', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    const layer = el.engine.mosaic.layer!;
    // Two tiles kept instead of 128: a few jumps evict the first one.
    layer.maxKept = 2;
    const { microgrid } = await loadAreas();
    const first: [number, number] = [microgrid.labels[200], microgrid.labels[201]];
    map.jumpTo({ center: first, zoom: 12.2 });
    await drawn(el);
    expect(layer.pieceKeys).to.include(tileOf(first, 12));
    // Views further out want tiles of coarser zooms: each load past two evicts the least recently drawn.
    for (const zoom of [6, 8, 10]) {
      map.jumpTo({ center: first, zoom });
      await drawn(el);
    }
    expect(layer.pieceKeys, 'evicted').to.not.include(tileOf(first, 12));
    map.jumpTo({ center: first, zoom: 12.2 });
    await drawn(el);
    // The tile is the library's own fetch, not MapLibre's: the map may be idle before it is in.
    await until(() => layer.pieceKeys.includes(tileOf(first, 12)), 'the tile fetched again', 5000);
    expect(layer.gridAt({ lng: first[0], lat: first[1] } as never, true), 'and read back').to.equal(100);
  });

  it('recolours exactly one courtyard from a zoomed-in tile', async () => {
    const el = await mountMap({ src: MICRO, detail: 'grid' });
    const map = el.getMap()!;
    hideLabels(map);
    const { microgrid } = await loadAreas();
    const at = 1234;
    const code = microgrid.codes[at];
    const sibling = microgrid.codes.findIndex((c: string, i: number) => i !== at && c.slice(0, 14) === code.slice(0, 14));
    const label = (i: number): [number, number] => [microgrid.labels[2 * i], microgrid.labels[2 * i + 1]];
    map.jumpTo({ center: label(at), zoom: 12 });
    await drawn(el);
    expect(map.getZoom(), 'the mosaic draws here').to.be.below(map.getLayer('gm-microgrid-fill')!.minzoom);
    el.setStatuses([{ code, status: 'emergency' }]);
    await drawn(el);
    expect(isRed(pixelAt(map, label(at))), `the courtyard is red: ${pixelAt(map, label(at))}`).to.equal(true);
    expect(isRed(pixelAt(map, label(sibling))), `its sibling is not: ${pixelAt(map, label(sibling))}`).to.equal(false);
  });

  it('draws the same from a {z}/{x}/{y} template of PNG files, where a tile that answers 404 has no courtyard', async () => {
    // The template's tiles of odd columns answer 404: their courtyards are not drawn by the mosaic, and that is no error.
    const el = createMap({ detail: 'grid', src: '', boundaries: await microManifest({ tiles: '/test-hooks/mosaic-xyz-holes/{z}/{x}/{y}.png' }) });
    const errors: string[] = [];
    el.addEventListener('gm-error', (e) => errors.push(e.detail.reason));
    document.body.append(el);
    await el.ready;
    const map = el.getMap()!;
    hideLabels(map);
    const layer = el.engine.mosaic.layer!;
    expect(layer.pyramid.tiled).to.equal(true);
    const { microgrid } = await loadAreas();
    const label = (i: number): [number, number] => [microgrid.labels[2 * i], microgrid.labels[2 * i + 1]];
    const column = (i: number) => Number(tileOf(label(i), 12).split('/')[1]);
    const even = microgrid.codes.findIndex((_: string, i: number) => column(i) % 2 === 0);
    const odd = microgrid.codes.findIndex((_: string, i: number) => column(i) % 2 === 1);
    el.setStatuses([even, odd].map((i) => ({ code: microgrid.codes[i], status: 'emergency' as const })));
    for (const [i, served] of [[even, true], [odd, false]] as const) {
      // z12.2: a courtyard is a few tile pixels (further out its label's pixel may be its neighbour's).
      map.jumpTo({ center: label(i), zoom: 12.2 });
      await drawn(el);
      expect(layer.pieceKeys).to.include(tileOf(label(i), 12));
      expect(isRed(pixelAt(map, label(i))), `courtyard ${i}, tile ${tileOf(label(i), 12)}: ${pixelAt(map, label(i))}`).to.equal(served);
    }
    expect(errors, 'a tile that answers 404 is one without a courtyard, not an error').to.deep.equal([]);
  });

  for (const [what, mosaic, reason] of [
    ['missing', { pmtiles: 'no-such.mosaic.pmtiles' }, 'mosaic-unreachable'],
    ['not an archive', { pmtiles: 'areas.json' }, 'mosaic-invalid'],
    ['an archive of vector tiles', { pmtiles: 'microgrid.pmtiles' }, 'mosaic-invalid'],
    ['truncated', { pmtiles: '/test-hooks/bytes/truncated/fixtures/out/sample-micro/microgrids.mosaic.pmtiles' }, 'mosaic-invalid'],
  ] as const) {
    it(`falls back to the courtyard tiles, with one gm-error, when the mosaic archive is ${what}`, async () => {
      const el = createMap({ detail: 'grid', src: '', boundaries: await microManifest(mosaic) });
      const errors: string[] = [];
      el.addEventListener('gm-error', (e) => errors.push(e.detail.reason));
      const error = nextEvent(el, 'gm-error');
      document.body.append(el);
      expect((await error).detail.reason).to.equal(reason);
      await el.ready;
      const map = el.getMap()!;
      await drawn(el);
      expect(map.getLayer('gm-grid-mosaic'), 'the mosaic is off the map').to.be.undefined;
      expect(renderedCodes(map, 'microgrid').size, 'the vector tiles draw the courtyards').to.be.greaterThan(100);
      expect(errors, 'one report, not one per tile').to.deep.equal([reason]);
    });
  }
});
