import { expect } from 'chai';
import { cleanup, clickAt, drawn, hideLabels, labelOf, loadSampleIndex, mountMap, createMap, nextAreaSelect, pixelAt, renderedCodes, idle } from '../../../test/harness/map-harness.js';
import { errorsOf, reported, sampleManifest } from '../../../test/harness/hostile.js';
import type { Manifest } from '../../model/manifest.js';
import type { GmMap } from './map.component.js';

const LEVELS = ['district', 'town', 'community', 'grid'] as const;

/** Clicks a grid, expects its gm-select; makes it an emergency and expects its pixel red. */
async function selectsAndColoursAGrid(el: GmMap): Promise<void> {
  const map = el.getMap()!;
  const index = await loadSampleIndex();
  const grid = index.grid.codes[100];
  const at = await labelOf(grid);
  map.jumpTo({ center: at, zoom: 15 });
  await idle(map);
  expect(renderedCodes(map, 'grid').has(grid), 'the grid is drawn from the tiles').to.equal(true);
  const selected = nextAreaSelect(el);
  await clickAt(map, at);
  expect((await selected).detail.code).to.equal(grid);
  hideLabels(map);
  el.setStatuses([{ code: grid, status: 'emergency' }]);
  await drawn(el);
  const [r, g, b] = pixelAt(map, at);
  expect(r > g + 80 && r > b + 80, `the grid is red: ${[r, g, b]}`).to.equal(true);
}

describe('<gm-map> tile sources', () => {
  afterEach(cleanup);

  it('reads each level from a PMTiles archive with range requests (what gm-prepare writes)', async () => {
    const el = await mountMap();
    const source = el.getMap()!.getSource('gm-grid') as unknown as { tiles: string[] };
    expect(source.tiles[0]).to.match(/^pmtiles:\/\/http:\/\/.*\/fixtures\/out\/sample\/grid\.pmtiles\/\{z\}\/\{x\}\/\{y\}$/);
    await selectsAndColoursAGrid(el);
  });

  it('reads each level from a TileJSON document of a {z}/{x}/{y} server', async () => {
    const manifest = await sampleManifest((m) => {
      for (const level of LEVELS) {
        delete m.levels[level]!.pmtiles;
        m.levels[level]!.tilejson = `${location.origin}/test-hooks/tilejson/${level}`;
        delete m.levels[level]!.mosaic;
      }
    });
    const errors: unknown[] = [];
    const el = createMap({ src: '', boundaries: manifest as never });
    el.addEventListener('gm-error', (e) => errors.push(e.detail));
    document.body.append(el);
    await el.ready;
    await idle(el.getMap()!);
    const source = el.getMap()!.getSource('gm-town') as unknown as { tiles: string[] };
    expect(source.tiles[0]).to.equal(`${location.origin}/test-hooks/xyz/town/{z}/{x}/{y}`);
    expect(el.getMap()!.queryRenderedFeatures({ layers: ['gm-town-line'] }).length).to.be.greaterThan(0);
    await selectsAndColoursAGrid(el);
    expect(errors).to.deep.equal([]);
  });

  it('names its labels from the manifest\'s nameField', async () => {
    const manifest = await sampleManifest((m) => Object.assign(m.levels.town!, { nameField: 'no-such-field' }));
    const el = await mountMap({ src: '', boundaries: manifest as never });
    const map = el.getMap()!;
    const index = await loadSampleIndex();
    map.jumpTo({ center: await labelOf(index.town.codes[0]), zoom: 10 });
    await idle(map);
    const towns = map.queryRenderedFeatures({ layers: ['gm-town-label'] });
    expect(towns.every((f) => f.properties.name !== undefined)).to.equal(true);
    expect(map.getLayoutProperty('gm-town-label', 'text-field')).to.deep.equal(['to-string', ['get', 'no-such-field']]);
  });

  for (const [what, url, message] of [
    ['an archive that is not PMTiles', '/test-hooks/bytes/magic/fixtures/out/sample/grid.pmtiles', /magic number/i],
    ['an archive cut short', '/test-hooks/bytes/truncated/fixtures/out/sample/grid.pmtiles', /./],
    ['a missing archive (404)', '/fixtures/out/sample/no-such.pmtiles', /404|./],
  ] as const) {
    it(`reports ${what} as tiles-unreachable, and keeps drawing the other levels`, async () => {
      const manifest = await sampleManifest((m) => {
        m.levels.grid!.pmtiles = `${location.origin}${url}`;
        delete m.levels.grid!.mosaic;
      });
      const el = createMap({ src: '', boundaries: manifest as never });
      const errors = errorsOf(el);
      document.body.append(el);
      const error = await reported(errors, 'tiles-unreachable');
      expect(error.detail.source).to.equal('gm-grid');
      expect(String(error.detail.message)).to.match(message);
      await el.ready;
      await idle(el.getMap()!);
      expect(el.getMap()!.queryRenderedFeatures({ layers: ['gm-town-line'] }).length, 'town outlines drawn').to.be.greaterThan(0);
    });
  }

  it('reports an archive without the manifest\'s source layer as tiles-invalid, naming the layers it has', async () => {
    const manifest = await sampleManifest((m) => (m.levels.grid!.sourceLayer = 'parcels'));
    const el = createMap({ src: '', boundaries: manifest as never });
    const errors = errorsOf(el);
    document.body.append(el);
    const error = await reported(errors, 'tiles-invalid');
    expect(error.detail.source).to.equal('gm-grid');
    expect(error.detail.message).to.equal('the archive has no layer "parcels" (it has "grids", "labels")');
    expect(errors.filter((e) => e.reason === 'tiles-invalid'), 'only the grid level').to.have.length(1);
  });

  for (const [what, template] of [
    ['a tile server answering 500', '/test-hooks/tile-status/500/{z}/{x}/{y}'],
    ['a tile server answering an HTML page', '/test-hooks/tile-html/{z}/{x}/{y}'],
  ] as const) {
    it(`reports ${what} as tiles-unreachable, once, and keeps drawing the other levels`, async () => {
      const manifest = await sampleManifest((m: Manifest) => {
        delete m.levels.community!.pmtiles;
        m.levels.community!.tiles = `${location.origin}${template}`;
      });
      const el = createMap({ src: '', boundaries: manifest as never });
      const errors = errorsOf(el);
      document.body.append(el);
      const error = await reported(errors, 'tiles-unreachable');
      expect(error.detail.source).to.equal('gm-community');
      await el.ready;
      await idle(el.getMap()!);
      expect(errors.filter((e) => e.reason === 'tiles-unreachable'), 'one report per level').to.have.length(1);
      expect(el.getMap()!.queryRenderedFeatures({ layers: ['gm-town-line'] }).length, 'town outlines drawn').to.be.greaterThan(0);
    });
  }

  it('draws a level whose server answers 404 as empty (MapLibre: a 404 tile is an empty tile), with no error', async () => {
    const manifest = await sampleManifest((m: Manifest) => {
      delete m.levels.community!.pmtiles;
      m.levels.community!.tiles = `${location.origin}/test-hooks/tile-status/404/{z}/{x}/{y}`;
    });
    const el = createMap({ src: '', boundaries: manifest as never });
    const errors = errorsOf(el);
    document.body.append(el);
    await el.ready;
    await idle(el.getMap()!);
    expect(el.getMap()!.queryRenderedFeatures({ layers: ['gm-community-line'] })).to.have.length(0);
    expect(el.getMap()!.queryRenderedFeatures({ layers: ['gm-town-line'] }).length).to.be.greaterThan(0);
    expect(errors.map((e) => e.reason)).to.deep.equal([]);
  });

  it('refuses a level with two tile sources, or a tile URL that is not text, as manifest-invalid', async () => {
    for (const edit of [
      (m: Manifest) => (m.levels.town!.tiles = `${location.origin}/t/{z}/{x}/{y}`),
      (m: Manifest) => ((m.levels.town as unknown as { pmtiles: number }).pmtiles = 42),
    ]) {
      const el = createMap({ src: '', boundaries: (await sampleManifest(edit)) as never });
      const errors = errorsOf(el);
      document.body.append(el);
      const error = await reported(errors, 'manifest-invalid');
      expect(String(error.detail.message)).to.match(/"town"/);
      el.remove();
    }
  });
});
