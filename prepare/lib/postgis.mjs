// `gm-prepare --to-postgis`: the prepared areas into a PostGIS table, and per level a tile function
// of the shape Martin and pg_tileserv serve (`<name>(z integer, x integer, y integer) RETURNS bytea`),
// written with ST_AsMVT so the tiles have the same layers, ids and names as gm-prepare's archives.
// The `pg` driver is an optional peer dependency: only this needs it. See docs/data.md,
// "From PostGIS to the wall".
import { InputError } from './crs.mjs';

const identifier = (name) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new InputError(`--schema ${name}: use lower-case letters, digits and _`);
  return name;
};

/** `gm_<level>_tiles`: the function a tile server is pointed at for one level (each level's name). */
export const tileFunctionName = (level) => `gm_${level.replace(/-/g, '_')}_tiles`;

/**
 * Replaces the schema's `gm_areas` table with the areas (in one transaction: a failure changes
 * nothing), and creates the tile functions and `gm_statuses` (grid code, board, status) if missing.
 * @param {import('./hierarchy.mjs').Area[][]} levels  ordered and with ids, as written to areas.json
 * @param {{ url: string, schema?: string, layers: Record<string, string>, labelLayer: string, labelMinZoom: number[] }} options
 */
export async function loadIntoPostgis(levels, { url, schema = 'public', layers, labelLayer, labelMinZoom }) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    throw new InputError('--to-postgis needs the pg package: npm install --save-dev pg');
  }
  const s = identifier(schema);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new InputError(`--to-postgis: cannot connect to ${url.replace(/:[^:@/]*@/, ':***@')} (${error.message})`);
  }
  try {
    await client.query('BEGIN');
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis').catch((error) => {
      throw new InputError(`--to-postgis: PostGIS is not available in this database (${error.message})`);
    });
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`DROP TABLE IF EXISTS ${s}.gm_areas CASCADE`);
    await client.query(`CREATE TABLE ${s}.gm_areas (
      code text PRIMARY KEY, id bigint NOT NULL, level text NOT NULL, depth int NOT NULL, position int NOT NULL,
      name text NOT NULL, parent text, label geometry(Point, 4326) NOT NULL, geom geometry(MultiPolygon, 4326) NOT NULL,
      geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
      label_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(label, 3857)) STORED)`);
    for (const [depth, areas] of levels.entries()) {
      // In batches of 500 rows: one statement per area would be 77,000 round trips for a city.
      for (let i = 0; i < areas.length; i += 500) {
        const rows = areas.slice(i, i + 500);
        const values = [];
        const params = [];
        rows.forEach((a, k) => {
          const p = params.length;
          values.push(`($${p + 1}, $${p + 2}, $${p + 3}, ${depth}, ${i + k}, $${p + 4}, $${p + 5}, ST_SetSRID(ST_MakePoint($${p + 6}, $${p + 7}), 4326), ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${p + 8}), 4326)))`);
          params.push(a.code, a.id, a.level, a.name, a.parent || null, a.label[0], a.label[1], JSON.stringify(a.geometry));
        });
        await client.query(`INSERT INTO ${s}.gm_areas (code, id, level, depth, position, name, parent, label, geom) VALUES ${values.join(', ')}`, params);
      }
    }
    await client.query(`CREATE INDEX ON ${s}.gm_areas USING gist (geom_3857)`);
    await client.query(`CREATE INDEX ON ${s}.gm_areas (level, position)`);
    await client.query(`CREATE UNIQUE INDEX ON ${s}.gm_areas (level, id)`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.gm_statuses (code text NOT NULL, board text NOT NULL, status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (code, board))`);
    for (const [depth, areas] of levels.entries()) {
      const level = areas[0].level;
      await client.query(tileFunction(s, level, layers[level], labelLayer, labelMinZoom[depth] ?? 0));
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * One level's tiles: its polygons (layer `layer`) and, from `labelMinZoom`, its label points (layer
 * `labelLayer`), feature ids the areas' ids, each with its code and name (a client that reads the
 * code from a property, as pg_tileserv's do, names it with `codeField`). Two ST_AsMVT layers concatenated
 * make one tile (a tile is a sequence of layers).
 */
export function tileFunction(schema, level, layer, labelLayer, labelMinZoom) {
  return `CREATE OR REPLACE FUNCTION ${schema}.${tileFunctionName(level)}(z integer, x integer, y integer) RETURNS bytea AS $$
  WITH env AS (SELECT ST_TileEnvelope(z, x, y) AS box),
  polygons AS (
    SELECT a.id, a.code, a.name, ST_AsMVTGeom(a.geom_3857, env.box, 4096, 64, true) AS geom
    FROM ${schema}.gm_areas a, env WHERE a.level = '${level}' AND a.geom_3857 && env.box),
  labels AS (
    SELECT a.id, a.name, ST_AsMVTGeom(a.label_3857, env.box, 4096, 64, true) AS geom
    FROM ${schema}.gm_areas a, env WHERE a.level = '${level}' AND z >= ${labelMinZoom} AND a.label_3857 && env.box)
  SELECT coalesce((SELECT ST_AsMVT(polygons, '${layer}', 4096, 'geom', 'id') FROM polygons WHERE geom IS NOT NULL), ''::bytea)
      || coalesce((SELECT ST_AsMVT(labels, '${labelLayer}', 4096, 'geom', 'id') FROM labels WHERE geom IS NOT NULL), ''::bytea)
$$ LANGUAGE sql STABLE PARALLEL SAFE`;
}
