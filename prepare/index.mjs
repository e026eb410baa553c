// gm-prepare's pipeline: a city's own boundary files in, everything the fast map reads out
// (docs/prepare.md). Used by the `gm-prepare` command and by the fixture generator, so the
// bundled Chongqing fixture and a user's data are built the same way.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { toWgs84, InputError } from './lib/crs.mjs';
import { previewRings } from './lib/geometry.mjs';
import { LEVEL_NAMES, levelAreas, linkParents } from './lib/hierarchy.mjs';
import { areaIndex, labelFeatures } from './lib/labels.mjs';
import { indexFile } from './lib/index-file.mjs';
import { mosaicArchive, mosaicTiles, writeGridMosaic } from './lib/mosaic.mjs';
import { defaultMosaicZoom, finestTileMaxzoom, finestTileZoom, tiledMosaicZoom } from './lib/raster.mjs';
import { pmtilesArchive } from './lib/pmtiles.mjs';
import { readInput } from './lib/read.mjs';
import { cutOf, LABEL_LAYER, levelTiles, TILE_MAX_ZOOM, TILE_MIN_ZOOM } from './lib/tiles.mjs';
import { loadIntoPostgis } from './lib/postgis.mjs';
import { validateHierarchy } from './lib/validate.mjs';

export { InputError, LEVEL_NAMES };

/** Source-layer name of each level's polygons in its archive. */
export const TILE_LAYERS = { district: 'districts', town: 'towns', community: 'communities', grid: 'grids', 'microgrid': 'microgrids' };
/** Overviews of the mosaic, each half the size of the one before (see docs/data.md, The grid mosaic). */
const MOSAIC_OVERVIEWS = 2;
const STATUS_BOARDS = ['party', 'economy', 'livelihood', 'safety'];
const STATUS_NAMES = ['normal', 'attention', 'warning', 'emergency', 'unknown'];
const UNKNOWN = 4;

/**
 * @typedef {object} PrepareOptions
 * @property {{ level: string, inputs: string[] }[]} [levels]  one or more files per level, top down
 * @property {string} [input]  or one file holding every level, told apart by `levelField`
 * @property {string} [levelField]  the field naming each feature's level (values: level names, or 1…5)
 * @property {{ code?: string, name?: string, parent?: string }} [fields]
 * @property {string} [from]  the input's coordinate system when the files do not say (EPSG:n, proj4, gcj02-approximate)
 * @property {string} [out]  the folder to write (replaced whole at the end)
 * @property {string} [toPostgis]  a PostgreSQL URL: the areas into its `gm_areas` table, with tile functions (lib/postgis.mjs)
 * @property {string} [schema]  the schema for --to-postgis (default public)
 * @property {string} [name]  the city's name (default: the top area's, when there is one)
 * @property {string} [code]  the city's code
 * @property {number} [mosaicMaxzoom]  the zoom up to which the finest level draws as the mosaic
 * @property {'tiles'|'image'} [mosaic]  the mosaic as 512-pixel tiles (default; any size of city), or
 *   as one image and two overviews (at most 4,096 pixels a side)
 * @property {number} [minzoom]
 * @property {number} [maxzoom]  every level's deepest tile zoom (default: 11, the finest level's deeper
 *   where its areas are small: lib/raster.mjs finestTileMaxzoom)
 * @property {'pmtiles'|'files'} [tileFormat]  one PMTiles archive per level (default), or a folder of
 *   `{z}/{x}/{y}.pbf` files per level, for static servers that do not answer range requests
 * @property {boolean} [check]  validate and report only
 * @property {(step: string, done: number, total: number) => void} [progress]
 * @property {(dir: string, manifest: object) => object} [extra]  writes more files into the output
 *   before it is moved into place; returns the manifest to write (the fixture adds its domain data)
 */

/**
 * Reads, validates and (when no error remains) writes. Resolves with the problems found and, when
 * written, the manifest and counts; throws InputError for unreadable input or bad options.
 * @param {PrepareOptions} options
 */
export async function prepare(options) {
  const progress = options.progress ?? (() => {});
  const problems = [];
  const { levels, names } = await readLevels(options, problems, progress);
  for (let d = 1; d < levels.length; d++) linkParents(levels[d], levels[d - 1], problems);
  validateHierarchy(levels, problems, progress);
  const counts = Object.fromEntries(levels.map((areas, depth) => [names[depth], areas.length]));
  for (const [depth, areas] of levels.entries()) {
    if (!areas.length) problems.push({ severity: 'error', file: plannedFiles(options, names[depth]), problem: `no usable ${names[depth]} area` });
  }
  if (problems.some((p) => p.severity === 'error') || options.check) return { problems, counts, written: false };
  const ordered = orderByParent(levels);
  if (options.toPostgis) {
    progress('loading into PostGIS', 0, 1);
    const labelMinZoom = ordered.map((_, depth) => cutOf(depth, depth === ordered.length - 1).labelMinZoom);
    await loadIntoPostgis(ordered, { url: options.toPostgis, schema: options.schema, layers: TILE_LAYERS, labelLayer: LABEL_LAYER, labelMinZoom });
    progress('loading into PostGIS', 1, 1);
  }
  const manifest = options.out ? await writeOutput(ordered, options, progress) : undefined;
  return { problems, counts, manifest, written: true };
}

/** The input files per level, read and turned into areas (reprojected, cleaned, named). */
async function readLevels(options, problems, progress) {
  const plan = options.levels ?? (await splitByLevelField(options));
  if (plan.length < 2 || plan.length > LEVEL_NAMES.length) throw new InputError(`a city needs 2 to ${LEVEL_NAMES.length} levels; ${plan.length} given`);
  const names = plan.map((p) => p.level);
  const order = names.map((n) => LEVEL_NAMES.indexOf(n));
  if (order.some((i) => i < 0)) throw new InputError(`unknown level "${names[order.indexOf(-1)]}" (levels: ${LEVEL_NAMES.join(', ')})`);
  if (order.some((i, k) => k > 0 && i <= order[k - 1])) throw new InputError(`levels must be given top down in the order ${LEVEL_NAMES.join(', ')}`);
  const projectionOf = (input) => toWgs84(options.from ?? input.crs, input.file);
  const levels = [];
  for (const [depth, { level, inputs, files }] of plan.entries()) {
    progress(`reading ${level}`, depth, plan.length);
    const read = files ?? (await Promise.all(inputs.map(readInput)));
    levels.push(levelAreas(level, depth, read, options.fields ?? {}, projectionOf, problems));
  }
  progress(`reading ${names.at(-1)}`, plan.length, plan.length);
  return { levels, names };
}

/** The files given for a level, for a problem about the level as a whole. */
function plannedFiles(options, level) {
  return options.levels?.find((l) => l.level === level)?.inputs.join(', ') ?? options.input ?? level;
}

/** One file with a level field: its features dealt out to the levels that field names. */
async function splitByLevelField({ input, levelField }) {
  if (!input) throw new InputError('no input: give --level NAME=FILE for each level, or --input FILE --level-field FIELD');
  if (!levelField) throw new InputError(`${input}: one file for every level needs --level-field (the field naming each feature's level)`);
  const file = await readInput(input);
  const byLevel = new Map();
  for (const feature of file.features) {
    const value = String(feature.properties[levelField] ?? '').trim();
    const level = /^[1-5]$/.test(value) ? LEVEL_NAMES[Number(value) - 1] : value;
    if (!LEVEL_NAMES.includes(level)) throw new InputError(`${file.file}: feature ${feature.n} has level "${value}" in "${levelField}" (use ${LEVEL_NAMES.join(', ')} or 1–5)`);
    byLevel.set(level, [...(byLevel.get(level) ?? []), feature]);
  }
  return LEVEL_NAMES.filter((l) => byLevel.has(l)).map((level) => ({ level, files: [{ ...file, features: byLevel.get(level) }] }));
}

/**
 * Each level grouped under its parents in the parents' order (inputs' order within a parent): what
 * the map's area index reads fastest (a child's parent is found from the previous child's), and
 * the order of the mosaic's ids and of statuses.json. Feature ids, per level (the map's rule,
 * src/model/codes.ts codesAreIds): the code when every code of the level is a number of at most 15
 * digits without a leading zero (exact in a double, as the official codes are), else the 1-based
 * position in the level.
 */
function orderByParent(levels) {
  const ordered = [];
  levels.forEach((areas, depth) => {
    const rank = depth > 0 ? new Map(ordered[depth - 1].map((p, i) => [p.code, i])) : undefined;
    const sorted = rank ? areas.map((a, i) => [rank.get(a.parent) ?? 0, i, a]).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map((x) => x[2]) : areas;
    ordered.push(sorted);
  });
  for (const areas of ordered) {
    const numeric = areas.every((a) => /^[1-9]\d{0,14}$/.test(a.code));
    areas.forEach((a, i) => (a.id = numeric ? Number(a.code) : i + 1));
  }
  return ordered;
}

/** Thrown at the next step once `interrupt()` was called: the run stops and removes what it wrote. */
export class Interrupted extends Error {}
let interrupted = false;

/**
 * Asks a running `prepare` to stop (Ctrl-C): it does so between two steps, removes its temporary
 * folder and leaves `out` as it was. (The steps are synchronous: a signal is handled between them.)
 */
export function interrupt() {
  interrupted = true;
}

/** Lets signals in between steps, and stops there when asked to. */
async function checkpoint() {
  await new Promise((r) => setImmediate(r));
  if (interrupted) throw new Interrupted('interrupted');
}

/** Writes everything into a temporary folder beside `out`, then swaps it in: never half-written. */
async function writeOutput(levels, options, progress) {
  const out = resolve(options.out);
  removeAbandoned(out);
  const temp = `${out}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  try {
    let manifest = await buildOutput(levels, options, temp, progress);
    if (options.extra) manifest = options.extra(temp, manifest);
    writeFileSync(join(temp, 'manifest.json'), manifestText(manifest));
    await checkpoint();
    swapInto(temp, out);
    return manifest;
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Temporary folders of runs that were killed outright (no chance to clean up): their process is gone. */
function removeAbandoned(out) {
  const parent = dirname(out);
  if (!existsSync(parent)) return;
  const prefix = new RegExp(`^${basename(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`);
  for (const name of readdirSync(parent)) {
    const pid = Number(prefix.exec(name)?.[2]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function swapInto(temp, out) {
  mkdirSync(dirname(out), { recursive: true });
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(temp, out);
  rmSync(old, { recursive: true, force: true });
}

async function buildOutput(levels, options, dir, progress) {
  const top = levels[0];
  const finest = levels.at(-1);
  const bounds = boundsOf(top);
  const minzoom = options.minzoom ?? TILE_MIN_ZOOM;
  const finestMaxzoom = options.maxzoom ?? finestTileMaxzoom(finest.map((a) => a.geometry), TILE_MAX_ZOOM);
  const index = areaIndex(levels);
  writeFileSync(join(dir, 'areas.json'), `${JSON.stringify(index)}\n`);
  // The same index in typed form, which the map reads without parsing (the manifest names it).
  writeFileSync(join(dir, 'areas.bin'), indexFile(index));
  const entries = {};
  for (const [depth, areas] of levels.entries()) {
    await checkpoint();
    const level = areas[0].level;
    const maxzoom = depth === levels.length - 1 ? finestMaxzoom : (options.maxzoom ?? TILE_MAX_ZOOM);
    const layer = TILE_LAYERS[level];
    const features = areas.map((a) => ({ type: 'Feature', id: a.id, properties: { name: a.name }, geometry: a.geometry }));
    const step = `tiling ${level} (${areas.length})`;
    const tiles = levelTiles({ layer, features, labels: labelFeatures(areas), depth, finest: depth === levels.length - 1 }, bounds, minzoom, maxzoom, (done, total) => progress(step, done, total));
    const source = options.tileFormat === 'files' ? { tiles: writeTileFiles(dir, level, tiles) } : { pmtiles: writeArchive(dir, level, layer, tiles, bounds, minzoom, maxzoom) };
    entries[level] = { ...source, sourceLayer: layer, labelLayer: LABEL_LAYER, minzoom, maxzoom };
  }
  await checkpoint();
  const mosaicLevel = finest[0].level;
  entries[mosaicLevel].mosaic = options.mosaic === 'image' ? writeMosaicImages(finest, bounds, options, dir, progress) : writeMosaicTiles(finest, bounds, options, dir, progress);
  await checkpoint();
  entries[top[0].level].preview = previewRings(top.map(asFeature));
  writeFileSync(join(dir, 'statuses.json'), `${JSON.stringify(unknownStatuses(finest.length))}\n`);
  return {
    name: options.name ?? (top.length === 1 ? top[0].name : ''),
    code: options.code ?? (top.length === 1 ? top[0].code : ''),
    bounds,
    counts: Object.fromEntries(levels.map((areas) => [areas[0].level, areas.length])),
    levels: entries,
    index: 'areas.bin',
    data: { statuses: 'statuses.json' },
  };
}

/** The mosaic as one image and its overviews (see docs/data.md, The grid mosaic). */
function writeMosaicImages(finest, bounds, options, dir, progress) {
  progress('drawing the mosaic', 0, MOSAIC_OVERVIEWS + 1);
  const mosaicMaxzoom = options.mosaicMaxzoom ?? defaultMosaicZoom(bounds);
  const image = (file, zoom) => {
    const { width, height, ...drawn } = writeGridMosaic(finest.map(asFeature), finest.map(asLabel), bounds, zoom, join(dir, file));
    return { image: file, ...drawn };
  };
  const mosaicFile = `${finest[0].level}s.mosaic.png`;
  const own = image(mosaicFile, mosaicMaxzoom);
  const overviews = [];
  for (let i = 1; i <= MOSAIC_OVERVIEWS; i++) {
    progress('drawing the mosaic', i, MOSAIC_OVERVIEWS + 1);
    overviews.push(image(mosaicFile.replace('.png', `-${i}.png`), mosaicMaxzoom - i));
  }
  progress('drawing the mosaic', MOSAIC_OVERVIEWS + 1, MOSAIC_OVERVIEWS + 1);
  return { ...own, overviews };
}

/**
 * The mosaic as tiles: one PMTiles archive, or with --tile-files `tiles/<level>s.mosaic/{z}/{x}/{y}.png`
 * (only tiles with a grid: the map takes a missing tile for one without).
 */
function writeMosaicTiles(finest, bounds, options, dir, progress) {
  const maxzoom = options.mosaicMaxzoom ?? tiledMosaicZoom(bounds, finest.map((a) => a.geometry));
  const minzoom = Math.max(0, Math.min(finestTileZoom(maxzoom), options.minzoom ?? TILE_MIN_ZOOM));
  const step = `drawing the mosaic (z${minzoom}–${finestTileZoom(maxzoom)})`;
  const tiles = mosaicTiles(finest.map(asFeature), finest.map(asLabel), bounds, maxzoom, minzoom, (done, total) => progress(step, done, total));
  const name = `${finest[0].level}s.mosaic`;
  const mosaic = { bounds, maxzoom, minzoom };
  if (options.tileFormat !== 'files') {
    writeFileSync(join(dir, `${name}.pmtiles`), mosaicArchive(tiles, bounds, minzoom, maxzoom));
    return { pmtiles: `${name}.pmtiles`, ...mosaic };
  }
  for (const { z, x, y, data } of tiles) {
    mkdirSync(join(dir, 'tiles', name, String(z), String(x)), { recursive: true });
    writeFileSync(join(dir, 'tiles', name, String(z), String(x), `${y}.png`), data);
  }
  return { tiles: `tiles/${name}/{z}/{x}/{y}.png`, ...mosaic };
}

function writeArchive(dir, level, layer, tiles, bounds, minzoom, maxzoom) {
  const file = `${level}.pmtiles`;
  writeFileSync(join(dir, file), pmtilesArchive(tiles, { bounds, minzoom, maxzoom, metadata: tileMetadata(level, layer, minzoom, maxzoom) }));
  return file;
}

/** `tiles/<level>/{z}/{x}/{y}.pbf`, empty tiles included, so that no request within the bounds 404s. */
function writeTileFiles(dir, level, tiles) {
  for (const { z, x, y, data } of tiles) {
    mkdirSync(join(dir, 'tiles', level, String(z), String(x)), { recursive: true });
    writeFileSync(join(dir, 'tiles', level, String(z), String(x), `${y}.pbf`), data);
  }
  return `tiles/${level}/{z}/{x}/{y}.pbf`;
}

const asFeature = (a) => ({ type: 'Feature', id: a.id, properties: { code: a.code, name: a.name }, geometry: a.geometry });
const asLabel = (a) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: a.label } });

/** TileJSON-style metadata (vector_layers), as tippecanoe writes it: tools that inspect archives read it. */
function tileMetadata(level, layer, minzoom, maxzoom) {
  const fields = { name: 'String' };
  return { name: level, format: 'pbf', generator: 'gm-prepare', vector_layers: [{ id: layer, fields, minzoom, maxzoom }, { id: LABEL_LAYER, fields, minzoom, maxzoom }] };
}

function boundsOf(areas) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const a of areas) {
    const walk = (c) => (typeof c[0] === 'number' ? ((b[0] = Math.min(b[0], c[0])), (b[1] = Math.min(b[1], c[1])), (b[2] = Math.max(b[2], c[0])), (b[3] = Math.max(b[3], c[1]))) : c.forEach(walk));
    walk(a.geometry.coordinates);
  }
  return b.map((v) => Math.round(v * 1e4) / 1e4);
}

/** statuses.json with every area of the finest level unknown on every board (docs/data.md's ordered form). */
function unknownStatuses(count) {
  return { time: new Date().toISOString(), boards: STATUS_BOARDS, statuses: STATUS_NAMES, grids: String(UNKNOWN).repeat(count * STATUS_BOARDS.length) };
}

/** Indented, but each preview ring on one line (Chongqing's rings are ~100 KB of numbers). */
function manifestText(manifest) {
  const top = Object.keys(manifest.levels)[0];
  const rings = manifest.levels[top].preview;
  if (!rings) return `${JSON.stringify(manifest, null, 2)}\n`;
  const text = JSON.stringify({ ...manifest, levels: { ...manifest.levels, [top]: { ...manifest.levels[top], preview: '@RINGS@' } } }, null, 2);
  return `${text.replace('"@RINGS@"', `[\n${rings.map((r) => `        ${JSON.stringify(r)}`).join(',\n')}\n      ]`)}\n`;
}
