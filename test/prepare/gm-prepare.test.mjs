// gm-prepare on small hand-made inputs in every format it reads: the command as a user runs it
// (a child process), its exit code and report, and what it writes (read back with the pmtiles
// package the map uses).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { PNG } from 'pngjs';
import { PbfReader } from 'pbf';
import { readArchive } from '../../fixtures/test/helpers.mjs';
import { collection, threeLevelCity, writeFlatGeobuf, writeGeoJson, writeGeoJsonLines, writeGeoPackage, writeProjectedShapefile, writeZippedShapefile } from './inputs.mjs';

const CLI = fileURLToPath(new URL('../../bin/gm-prepare.mjs', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../fixtures/out/sample/', import.meta.url));

/** Runs gm-prepare; resolves with its exit code, stdout and stderr. */
function gmPrepare(args, cwd) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, '--quiet', '--mosaic-maxzoom', '11', ...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

/** Every feature of one layer of an archive at zoom `z` over the city, by id, with the tile's decoded geometry in lng/lat. */
async function tileFeatures(path, layer, z) {
  const archive = await readArchive(path);
  const n = 2 ** z;
  const xOf = (lng) => Math.floor(((lng + 180) / 360) * n);
  const yOf = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const found = new Map();
  for (let x = xOf(106.0); x <= xOf(106.4); x++) {
    for (let y = yOf(29.2); y <= yOf(29.0); y++) {
      const tile = await archive.getZxy(z, x, y);
      const features = tile && new VectorTile(new PbfReader(new Uint8Array(tile.data))).layers[layer];
      for (let i = 0; i < (features?.length ?? 0); i++) {
        const f = features.feature(i);
        found.set(f.id, { name: f.properties.name, geometry: f.toGeoJSON(x, y, z).geometry });
      }
    }
  }
  return found;
}

/** The XYZ tile of a point at zoom z, and the point's pixel in it (512-pixel tiles). */
function tileXY(lng, lat, z) {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lng + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}

/** The grid number (R·65536 + G·256 + B) of a mosaic tile's pixel at a point. */
function mosaicPixel(tile, lng, lat, z) {
  const png = PNG.sync.read(Buffer.from(tile.data));
  assert.deepEqual([png.width, png.height], [512, 512]);
  const n = 2 ** z * 512;
  const s = Math.sin((lat * Math.PI) / 180);
  const [px, py] = [Math.floor(((lng + 180) / 360) * n) % 512, Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n) % 512];
  const o = (py * 512 + px) * 4;
  return (png.data[o] << 16) | (png.data[o + 1] << 8) | png.data[o + 2];
}

const noStackTrace = (text) => !/^\s+at .+:\d+:\d+\)?$/m.test(text);

describe('gm-prepare', () => {
  let dir;
  let city;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gm-prepare-'));
    city = threeLevelCity();
    writeGeoJson(join(dir, 'districts.geojson'), city.districts);
    writeProjectedShapefile(dir, 'communities', city.communities);
    await writeGeoPackage(join(dir, 'grids.gpkg'), 'grids', city.grids);
    writeGeoJsonLines(join(dir, 'districts.ndjson'), city.districts);
    writeZippedShapefile(join(dir, 'communities.zip'), 'communities', city.communities);
    await writeFlatGeobuf(join(dir, 'grids.fgb'), city.grids);
  });

  it('prepares a three-level city with its own code scheme from GeoJSON, a projected GBK Shapefile and a GeoPackage', async () => {
    const run = await gmPrepare(['--level', 'district=districts.geojson', '--level', 'community=communities.shp', '--level', 'grid=grids.gpkg', '--out', 'city', '--name', '测试市'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /2 district, 4 community, 8 grid; 0 errors, 0 warnings/);
    const out = join(dir, 'city');
    assert.deepEqual(readdirSync(out).sort(), ['areas.bin', 'areas.json', 'community.pmtiles', 'district.pmtiles', 'grid.pmtiles', 'grids.mosaic.pmtiles', 'manifest.json', 'statuses.json']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.name, '测试市');
    assert.deepEqual(Object.keys(manifest.levels), ['district', 'community', 'grid']);
    assert.deepEqual(manifest.bounds, [106, 29, 106.4, 29.2]);
    const index = JSON.parse(readFileSync(join(out, 'areas.json'), 'utf8'));
    assert.deepEqual(index.community.codes, ['XW-N', 'XW-S', 'XE-N', 'XE-S'], 'communities under their districts, in the districts\' order');
    assert.deepEqual(index.community.names, ['XW-N社区', 'XW-S社区', 'XE-N社区', 'XE-S社区'], 'GBK names read through the .cpg');
    assert.deepEqual(index.grid.codes, ['XW-N-1', 'XW-N-2', 'XW-S-1', 'XW-S-2', 'XE-N-1', 'XE-N-2', 'XE-S-1', 'XE-S-2']);
    // The projected communities are back in longitude/latitude within 0.1 m (their label points are the boxes' centres).
    assert.deepEqual(index.community.labels, [106.1, 29.15, 106.1, 29.05, 106.3, 29.15, 106.3, 29.05]);
    const statuses = JSON.parse(readFileSync(join(out, 'statuses.json'), 'utf8'));
    assert.equal(statuses.grids, '4'.repeat(8 * 4), 'every grid unknown on every board');
    // Codes that are not numbers: the tiles' ids are the areas' 1-based positions in their level (the map's rule, codes.ts codesAreIds).
    const grids = await tileFeatures(join(out, 'grid.pmtiles'), 'grids', 11);
    assert.deepEqual([...grids.keys()].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(grids.get(1).name, '第1网格');
    const communities = await tileFeatures(join(out, 'community.pmtiles'), 'communities', 8);
    assert.equal(communities.size, 4);
    // The grid mosaic: 512-pixel PNG tiles from z5 to the mosaic's maxzoom, pixels naming the grids.
    assert.deepEqual(manifest.levels.grid.mosaic, { pmtiles: 'grids.mosaic.pmtiles', bounds: manifest.bounds, maxzoom: 11, minzoom: 5 });
    const mosaic = await readArchive(join(out, 'grids.mosaic.pmtiles'));
    const header = await mosaic.getHeader();
    assert.deepEqual([header.tileType, header.minZoom, header.maxZoom], [2, 5, 11], 'PNG tiles, z5–11');
    for (const [i, z] of [[0, 11], [5, 11], [7, 8]]) {
      const [lng, lat] = [index.grid.labels[2 * i], index.grid.labels[2 * i + 1]];
      assert.equal(mosaicPixel(await mosaic.getZxy(z, ...tileXY(lng, lat, z)), lng, lat, z), i + 1, `grid ${i + 1}'s label pixel names it at z${z}`);
    }
  });

  it('writes the mosaic as one image and overviews with --mosaic-image', async () => {
    const run = await gmPrepare(['--level', 'district=districts.geojson', '--level', 'community=communities.shp', '--level', 'grid=grids.gpkg', '--out', 'city-image', '--mosaic-image'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const out = join(dir, 'city-image');
    assert.deepEqual(readdirSync(out).filter((f) => f.includes('mosaic')).sort(), ['grids.mosaic-1.png', 'grids.mosaic-2.png', 'grids.mosaic.png']);
    const { mosaic } = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).levels.grid;
    assert.deepEqual([mosaic.image, mosaic.maxzoom, mosaic.overviews.map((o) => o.maxzoom)], ['grids.mosaic.png', 11, [10, 9]]);
  });

  it('reads GeoJSON lines, a zipped Shapefile and FlatGeobuf the same way', async () => {
    const run = await gmPrepare(['--level', 'district=districts.ndjson', '--level', 'community=communities.zip', '--level', 'grid=grids.fgb', '--out', 'city2'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const a = JSON.parse(readFileSync(join(dir, 'city', 'areas.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'city2', 'areas.json'), 'utf8'));
    for (const level of ['district', 'grid']) assert.deepEqual(b[level], a[level], `${level}s the same from either format`);
    assert.deepEqual(b.community.codes, a.community.codes);
    assert.deepEqual(b.community.labels, a.community.labels);
  });

  it('reads one file holding every level, told apart by a level field, and finds parents by location when no field or code says', async () => {
    const { districts, communities, grids } = threeLevelCity();
    // Grid codes that do not start with their community's, and no parent field: found by where they lie.
    const features = [
      ...districts.map((f) => ({ ...f, properties: { ...f.properties, level: 1 } })),
      ...communities.map((f) => ({ ...f, properties: { code: f.properties.code, name: f.properties.name, level: 2 } })),
      ...grids.map((f, i) => ({ ...f, properties: { code: `G${100 + i}`, name: f.properties.name, level: 3 } })),
    ];
    writeFileSync(join(dir, 'all.geojson'), JSON.stringify(collection(features)));
    const run = await gmPrepare(['--input', 'all.geojson', '--level-field', 'level', '--out', 'city3'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const index = JSON.parse(readFileSync(join(dir, 'city3', 'areas.json'), 'utf8'));
    assert.deepEqual(Object.keys(index), ['district', 'town', 'community'], 'levels 1–3 are district, town, community');
    assert.deepEqual(index.community.codes, ['G100', 'G101', 'G102', 'G103', 'G104', 'G105', 'G106', 'G107']);
    assert.deepEqual(index.community.parents, [0, 0, 1, 1, 2, 2, 3, 3], 'each grid under the community it lies in');
  });

  it('reports every class of problem, one line each with file, feature and code, writes nothing and exits 1', async () => {
    const { districts, communities, grids } = threeLevelCity();
    const bad = structuredClone(grids);
    bad[1].properties.code = bad[0].properties.code; // duplicate code
    bad[2].properties.parent = 'NOPE'; // missing parent
    bad[3].geometry.coordinates[0][1][0] = Number.NaN; // not longitude/latitude
    bad[4].geometry = { type: 'Point', coordinates: [106.3, 29.15] }; // not a polygon
    bad[5].properties.name = ''; // no name: a warning
    bad[6].properties.parent = 'XW-N'; // lies in XE-S, says XW-N: outside its parent
    bad[7].geometry.coordinates = [[[106.3, 29.0], [106.4, 29.1], [106.4, 29.0], [106.3, 29.1], [106.3, 29.0]]]; // a bow-tie: repaired, a warning
    bad.push({ type: 'Feature', properties: { code: 'XE-N-9', name: 'over' }, geometry: { type: 'Polygon', coordinates: [[[106.2, 29.1], [106.4, 29.1], [106.4, 29.2], [106.2, 29.2], [106.2, 29.1]]] } }); // overlaps XE-N-2
    writeGeoJson(join(dir, 'bad-districts.geojson'), districts);
    writeGeoJson(join(dir, 'bad-communities.geojson'), communities);
    writeGeoJson(join(dir, 'bad-grids.geojson'), bad);
    const run = await gmPrepare(['--level', 'district=bad-districts.geojson', '--level', 'community=bad-communities.geojson', '--level', 'grid=bad-grids.geojson', '--out', 'bad'], dir);
    assert.equal(run.code, 1, run.stdout);
    assert.ok(noStackTrace(run.stdout + run.stderr), 'no stack trace');
    const lines = run.stdout.trim().split('\n');
    const line = (pattern) => lines.find((l) => pattern.test(l));
    assert.match(line(/duplicate/), /^error: bad-grids\.geojson, feature 2, code XW-N-1: duplicate code \(also grid feature 1 of bad-grids\.geojson\)$/);
    assert.match(line(/NOPE/), /^error: bad-grids\.geojson, feature 3, code XW-S-1: its parent NOPE is not among the community areas$/);
    assert.match(line(/not longitude/), /^error: bad-grids\.geojson, feature 4, code XW-S-2: coordinates that are not longitude\/latitude \(NaN, null or missing\)$/);
    assert.match(line(/not a polygon/), /^error: bad-grids\.geojson, feature 5, code XE-N-1: a Point, not a polygon$/);
    assert.match(line(/no name/), /^warning: bad-grids\.geojson, feature 6, code XE-N-2: no name \(field "name"\): shown as its code$/);
    assert.match(line(/outside/), /^error: bad-grids\.geojson, feature 7, code XE-S-1: lies outside its parent XW-N \(XW-N社区\)$/);
    assert.match(line(/self-intersecting/), /^warning: bad-grids\.geojson, feature 8, code XE-S-2: self-intersecting ring at 106\.35,29\.05 repaired/);
    assert.match(line(/overlaps/), /^error: bad-grids\.geojson, feature 9, code XE-N-9: overlaps its sibling XE-N-2 by \d+ m² \(100\.0 % of the smaller\)$/);
    assert.match(lines.at(-2), /7 grid; 6 errors, 2 warnings/, 'the 7 grids read (2 had no usable geometry)');
    assert.equal(lines.at(-1), 'nothing written: fix the errors above and run again');
    assert.equal(existsSync(join(dir, 'bad')), false, 'nothing written');
  });

  it('refuses GCJ-02 unless told how to convert, and an unknown format, each in one line and exit 2', async () => {
    const gcj = await gmPrepare(['--level', 'district=districts.geojson', '--level', 'community=communities.zip', '--from', 'GCJ-02', '--out', 'gcj'], dir);
    assert.equal(gcj.code, 2);
    assert.match(gcj.stderr, /^gm-prepare: districts\.geojson: coordinates in GCJ-02 .* cannot be converted exactly\. .*--from gcj02-approximate/);
    assert.equal(gcj.stderr.trim().split('\n').length, 1);
    const approximate = await gmPrepare(['--level', 'district=districts.geojson', '--level', 'community=communities.zip', '--from', 'gcj02-approximate', '--out', 'gcj'], dir);
    assert.equal(approximate.code, 0, approximate.stdout + approximate.stderr);
    const [west] = JSON.parse(readFileSync(join(dir, 'gcj', 'manifest.json'), 'utf8')).bounds;
    assert.ok(west < 106 && west > 105.99, `shifted west by the offset (${west})`);
    writeFileSync(join(dir, 'x.kml'), '<kml/>');
    const kml = await gmPrepare(['--level', 'district=x.kml', '--level', 'grid=grids.fgb', '--out', 'k'], dir);
    assert.equal(kml.code, 2);
    assert.match(kml.stderr, /^gm-prepare: x\.kml: unknown format "\.kml" \(gm-prepare reads \.geojson .*\.fgb\)\n$/);
    writeFileSync(join(dir, 'broken.geojson'), '{"type": "FeatureCollection", "features": [');
    const json = await gmPrepare(['--level', 'district=broken.geojson', '--level', 'grid=grids.fgb', '--out', 'k'], dir);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /^gm-prepare: .*broken\.geojson: not valid JSON/);
    assert.ok(noStackTrace(gcj.stderr + kml.stderr + json.stderr));
  });

  it('stopped part-way (Ctrl-C), leaves the previous output as it was and no temporary folder', async () => {
    const out = join(dir, 'interrupted');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"previous": true}');
    const args = ['district', 'town', 'community', 'grid'].flatMap((l) => ['--level', `${l}=${join(SAMPLE, `${l === 'community' ? 'communities' : `${l}s`}.geojson`)}`]);
    // A large mosaic (z15) keeps the run busy long enough to be stopped while it writes.
    const child = spawn(process.execPath, [CLI, ...args, '--mosaic-maxzoom', '15', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/tiling grid/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted: nothing was written/);
    assert.deepEqual(readdirSync(out), ['manifest.json']);
    assert.equal(readFileSync(join(out, 'manifest.json'), 'utf8'), '{"previous": true}');
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('interrupted.')), [], 'no temporary folder left');
  });

  it('cleans up the temporary folder of a run that was killed outright, on the next run', async () => {
    const stale = join(dir, 'city.tmp-999999');
    mkdirSync(stale);
    writeFileSync(join(stale, 'grid.pmtiles'), 'half');
    const run = await gmPrepare(['--level', 'district=districts.geojson', '--level', 'grid=grids.fgb', '--out', 'city'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(existsSync(stale), false);
  });
});
