// Reading a user's boundary files: GeoJSON, newline-delimited GeoJSON, Shapefile (.shp or .zip),
// GeoPackage and FlatGeobuf, each with a maintained library, into plain GeoJSON features and the
// file's coordinate system (a .prj's WKT, an EPSG code) for crs.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { createRequire } from 'node:module';
import { InputError } from './crs.mjs';

/**
 * @typedef {{ n: number, properties: Record<string, unknown>, geometry: import('geojson').Geometry | null }} InputFeature
 *   `n`: the feature's number in its file (1-based), for the report
 * @typedef {{ file: string, features: InputFeature[], crs?: string }} InputFile
 */

/**
 * Reads one file. `path#layer` picks a layer (a GeoPackage table, a shapefile in a zip).
 * @returns {Promise<InputFile>}
 */
export async function readInput(spec) {
  const [path, layer] = splitLayer(spec);
  if (!existsSync(path)) throw new InputError(`${path}: no such file`);
  const ext = extname(path).toLowerCase();
  const reader = READERS[ext];
  if (!reader) throw new InputError(`${path}: unknown format "${ext}" (gm-prepare reads ${Object.keys(READERS).join(' ')})`);
  try {
    return { file: basename(spec), ...(await reader(path, layer)) };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot be read as ${ext.slice(1)} (${error.message ?? error})`);
  }
}

function splitLayer(spec) {
  const at = spec.lastIndexOf('#');
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
}

const numbered = (features) => features.map((f, i) => ({ n: i + 1, properties: f?.properties ?? {}, geometry: f?.geometry ?? null }));

function readGeoJson(path) {
  let json;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${error.message})`);
  }
  const features = json?.type === 'FeatureCollection' ? json.features : json?.type === 'Feature' ? [json] : undefined;
  if (!Array.isArray(features)) throw new InputError(`${path}: not a GeoJSON FeatureCollection`);
  return { features: numbered(features), crs: json.crs?.properties?.name };
}

/** One feature per line; a line that is not JSON is reported by its line number (as feature n). */
function readGeoJsonLines(path) {
  const features = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let feature;
      try {
        feature = JSON.parse(line.replace(/^\x1e/, ''));
      } catch {
        feature = { properties: {}, geometry: { type: 'Invalid', coordinates: [], reason: 'the line is not JSON' } };
      }
      features.push({ n: i + 1, properties: feature?.properties ?? {}, geometry: feature?.geometry ?? null });
    });
  return { features };
}

/** The `shapefile` package reads the .shp and .dbf; the .prj gives the system, the .cpg the names' encoding. */
async function readShapefile(path) {
  const base = path.slice(0, -4);
  const sibling = (ext) => [ext, ext.toUpperCase()].map((e) => base + e).find(existsSync);
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  return shapefileFeatures(readFileSync(path), dbf && readFileSync(dbf), prj && readFileSync(prj, 'utf8'), cpg && readFileSync(cpg, 'utf8'));
}

/** A zipped shapefile (the usual download), opened with fflate: its one .shp, or `file.zip#name`. */
async function readZippedShapefile(path, layer) {
  const { unzipSync } = await import('fflate');
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  const names = Object.keys(entries);
  const shps = names.filter((n) => /\.shp$/i.test(n) && (!layer || basename(n, extname(n)) === layer));
  if (shps.length !== 1) {
    const all = names.filter((n) => /\.shp$/i.test(n)).map((n) => basename(n, extname(n)));
    throw new InputError(`${path}: ${shps.length ? 'holds several shapefiles' : 'holds no shapefile' + (layer ? ` "${layer}"` : '')} (${all.join(', ') || 'none'}); name one as ${basename(path)}#name`);
  }
  const base = shps[0].slice(0, -4);
  const find = (ext) => names.find((n) => n.toLowerCase() === (base + ext).toLowerCase());
  const text = (name) => name && new TextDecoder().decode(entries[name]);
  const dbf = find('.dbf');
  return shapefileFeatures(entries[shps[0]], dbf && entries[dbf], text(find('.prj')), text(find('.cpg')));
}

async function shapefileFeatures(shp, dbf, prj, cpg) {
  const shapefile = await import('shapefile');
  const toBuffer = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  // Chinese shapefiles are often GBK without a .cpg; a .cpg names the encoding when there is one.
  const encoding = cpg?.trim() || 'utf-8';
  const source = await shapefile.open(toBuffer(shp), dbf && toBuffer(dbf), { encoding: /^(936|cp936|gbk|gb2312|gb18030)$/i.test(encoding) ? 'gbk' : encoding });
  const features = [];
  for (let r = await source.read(); !r.done; r = await source.read()) features.push(r.value);
  return { features: numbered(features), crs: prj?.trim() || undefined };
}

/**
 * A GeoPackage's feature table (the first, or `file.gpkg#table`), read with sql.js (SQLite in
 * WebAssembly, an optional peer dependency: only GeoPackage needs it) and each geometry's WKB
 * with wkx. The GeoPackage header before the WKB is 8 bytes plus an envelope its flags size.
 */
async function readGeoPackage(path, layer) {
  let initSqlJs;
  try {
    initSqlJs = (await import('sql.js')).default;
  } catch {
    throw new InputError(`${path}: reading GeoPackage needs the sql.js package: npm install --save-dev sql.js`);
  }
  const { Geometry } = createRequire(import.meta.url)('wkx');
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    const rows = (sql, ...params) => {
      const statement = db.prepare(sql);
      statement.bind(params);
      const out = [];
      while (statement.step()) out.push(statement.getAsObject());
      statement.free();
      return out;
    };
    const tables = rows("SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features'");
    const table = layer ? tables.find((t) => t.table_name === layer) : tables[0];
    if (!table) throw new InputError(`${path}: no feature table${layer ? ` "${layer}"` : ''} (has: ${tables.map((t) => t.table_name).join(', ') || 'none'})`);
    const srs = rows('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', table.srs_id)[0];
    const crs = srs?.organization?.toUpperCase() === 'EPSG' ? `EPSG:${srs.organization_coordsys_id}` : srs?.definition;
    const quoted = (name) => `"${String(name).replaceAll('"', '""')}"`;
    const features = rows(`SELECT * FROM ${quoted(table.table_name)}`).map((row) => {
      const { [table.column_name]: blob, ...properties } = row;
      return { properties, geometry: blob ? Geometry.parse(Buffer.from(wkbOf(blob))).toGeoJSON() : null };
    });
    return { features: numbered(features), crs };
  } finally {
    db.close();
  }
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];
function wkbOf(blob) {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('a geometry is not a GeoPackage geometry blob');
  return blob.subarray(8 + (ENVELOPE_BYTES[(blob[3] >> 1) & 7] ?? 0));
}

/** FlatGeobuf with its own reader; the header's CRS (an EPSG code or WKT) comes with it. */
async function readFlatGeobuf(path) {
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  let crs;
  const features = [];
  const headerMetaFn = (header) => {
    const c = header.crs;
    crs = c?.org?.toUpperCase() === 'EPSG' && c.code ? `EPSG:${c.code}` : c?.wkt || undefined;
  };
  for await (const feature of deserialize(new Uint8Array(readFileSync(path)), { headerMetaFn })) features.push(feature);
  return { features: numbered(features), crs };
}

const READERS = {
  '.geojson': readGeoJson,
  '.json': readGeoJson,
  '.ndjson': readGeoJsonLines,
  '.geojsonl': readGeoJsonLines,
  '.geojsons': readGeoJsonLines,
  '.jsonl': readGeoJsonLines,
  '.shp': readShapefile,
  '.zip': readZippedShapefile,
  '.gpkg': readGeoPackage,
  '.fgb': readFlatGeobuf,
};
