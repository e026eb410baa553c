// Small hand-made boundary files in every format gm-prepare reads, for its tests: a three-level
// city with its own code scheme (districts XW/XE, communities XW-N…, grids XW-N-1…).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { zipSync } from 'fflate';

const require = createRequire(import.meta.url);

/** CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544), as a .prj holds it. */
export const PRJ_4544 =
  'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 105E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4544"]]';
const TO_4544 = proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');

const box = (w, s, e, n) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });

/** The city: 2 districts side by side, each cut into a north and a south community, each into 2 grids. */
export function threeLevelCity() {
  const districts = [];
  const communities = [];
  const grids = [];
  for (const [d, w] of [['XW', 106.0], ['XE', 106.2]]) {
    districts.push(feature({ code: d, name: `${d === 'XW' ? '西' : '东'}区` }, box(w, 29.0, w + 0.2, 29.2)));
    for (const [c, s] of [['N', 29.1], ['S', 29.0]]) {
      const community = `${d}-${c}`;
      communities.push(feature({ code: community, name: `${community}社区`, parent: d }, box(w, s, w + 0.2, s + 0.1)));
      for (const g of [1, 2]) grids.push(feature({ code: `${community}-${g}`, name: `第${g}网格` }, box(w + (g - 1) * 0.1, s, w + g * 0.1, s + 0.1)));
    }
  }
  return { districts, communities, grids };
}

export const collection = (features) => ({ type: 'FeatureCollection', features });
export const writeGeoJson = (file, features) => writeFileSync(file, JSON.stringify(collection(features)));
export const writeGeoJsonLines = (file, features) => writeFileSync(file, features.map((f) => JSON.stringify(f)).join('\n') + '\n');

/** A shapefile's .shp, .shx and .dbf (Mapbox's shp-write) of polygons, optionally projected. */
function shapefileParts(features, project) {
  const write = require('@mapbox/shp-write/src/write.js');
  const geometries = features.map((f) => (project ? f.geometry.coordinates.map((ring) => ring.map((p) => project(p))) : f.geometry.coordinates));
  let parts;
  write(features.map((f) => f.properties), 'POLYGON', geometries, (error, out) => (parts = out));
  const bytes = (view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return { shp: bytes(parts.shp), shx: bytes(parts.shx), dbf: bytes(parts.dbf) };
}

/**
 * `name.shp/.shx/.dbf/.prj/.cpg` in `dir`: coordinates in EPSG:4544 (metres), names in GBK with a
 * .cpg saying so, as Chinese GIS software writes them.
 */
export function writeProjectedShapefile(dir, name, features) {
  if (!features.length) throw new Error(`${name}: no features`);
  const parts = shapefileParts(features, (p) => TO_4544.forward(p));
  for (const [ext, data] of Object.entries(parts)) writeFileSync(join(dir, `${name}.${ext}`), data);
  writeFileSync(join(dir, `${name}.dbf`), gbkDbf(features));
  writeFileSync(join(dir, `${name}.prj`), PRJ_4544);
  writeFileSync(join(dir, `${name}.cpg`), 'GBK');
}

/** GBK bytes (Node has GBK decoders only; iconv-lite encodes). */
const gbk = (text) => require('iconv-lite').encode(text, 'gbk');

/** A dBASE III table of character fields code, name, parent (written by hand for the GBK bytes). */
function gbkDbf(features) {
  const fields = ['code', 'name', 'parent'];
  const width = 40;
  const headerLength = 32 + fields.length * 32 + 1;
  const recordLength = 1 + fields.length * width;
  const out = Buffer.alloc(headerLength + features.length * recordLength + 1, 0x20);
  out.fill(0, 0, headerLength);
  out[0] = 0x03;
  out.writeUInt32LE(features.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  fields.forEach((f, i) => {
    out.write(f, 32 + i * 32, 'ascii');
    out[32 + i * 32 + 11] = 0x43; // 'C'
    out[32 + i * 32 + 16] = width;
  });
  out[headerLength - 1] = 0x0d;
  features.forEach((feature, r) => {
    const at = headerLength + r * recordLength;
    out[at] = 0x20;
    fields.forEach((f, i) => Buffer.from(gbk(String(feature.properties[f] ?? ''))).copy(out, at + 1 + i * width));
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zipped shapefile in longitude/latitude, as a download comes. */
export function writeZippedShapefile(file, name, features) {
  const parts = shapefileParts(features);
  const entries = Object.fromEntries(Object.entries(parts).map(([ext, data]) => [`${name}.${ext}`, data]));
  entries[`${name}.prj`] = new TextEncoder().encode('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]');
  writeFileSync(file, zipSync(entries));
}

/** A GeoPackage (sql.js) with one feature table, geometries as GeoPackage blobs around WKB (wkx). */
export async function writeGeoPackage(file, table, features) {
  const initSqlJs = (await import('sql.js')).default;
  const { Geometry } = require('wkx');
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84"]', NULL);
    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
    INSERT INTO gpkg_contents VALUES ('${table}', 'features', '${table}', 4326);
    INSERT INTO gpkg_geometry_columns VALUES ('${table}', 'geom', 'POLYGON', 4326, 0, 0);
    CREATE TABLE "${table}" (fid INTEGER PRIMARY KEY, geom BLOB, code TEXT, name TEXT);`);
  for (const f of features) {
    const header = Buffer.from([0x47, 0x50, 0, 0b00000001, 0xe6, 0x10, 0, 0]); // GP, v0, little-endian, no envelope, srs 4326
    const blob = Buffer.concat([header, Geometry.parseGeoJSON(f.geometry).toWkb()]);
    db.run(`INSERT INTO "${table}" (geom, code, name) VALUES (?, ?, ?)`, [blob, f.properties.code, f.properties.name]);
  }
  writeFileSync(file, db.export());
  db.close();
}

/** FlatGeobuf with its own writer, EPSG:4326 in its header. */
export async function writeFlatGeobuf(file, features) {
  const { serialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  writeFileSync(file, serialize(collection(features), 4326));
}
