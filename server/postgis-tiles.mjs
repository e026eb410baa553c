#!/usr/bin/env node
// A minimal tile route in front of PostGIS, for `gm-prepare --to-postgis`'s tables and tile
// functions (docs/data.md, "From PostGIS to the wall"): the same function shape Martin and
// pg_tileserv serve, so in production either replaces this file. It serves
//   GET /manifest.json                    the map's manifest: one tile template per level
//   GET /tiles/<level>/<z>/<x>/<y>.pbf    gm_<level>_tiles(z, x, y) from the database
//   GET /areas.json                       the area index, read from gm_areas
//   GET /statuses.json                    the finest level's statuses from gm_statuses (keyed form)
// Bad paths and numbers get a 4xx, only allowed origins get CORS headers, the pool is bounded and
// each statement has a timeout.
//
//   node server/postgis-tiles.mjs --db postgres://… [--port 5175] [--schema public] [--allow-origin http://…]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BOARDS = ['party', 'economy', 'livelihood', 'safety'];
const STATUSES = ['normal', 'attention', 'warning', 'emergency', 'unknown'];
const LAYERS = { district: 'districts', town: 'towns', community: 'communities', grid: 'grids', 'microgrid': 'microgrids' };

/**
 * @param {{ db: string, port?: number, host?: string, schema?: string, allowOrigins?: string[], name?: string }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startPostgisTiles({ db, port = 5175, host = '127.0.0.1', schema = 'public', allowOrigins = [], name = '' }) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = new pg.Pool({ connectionString: db, max: 8, statement_timeout: 10_000, idleTimeoutMillis: 10_000 });
  const levels = (await pool.query(`SELECT level, min(depth) AS depth FROM ${schema}.gm_areas GROUP BY level ORDER BY depth`)).rows.map((r) => r.level);
  const fn = (level) => `${schema}.gm_${level.replace(/-/g, '_')}_tiles`;
  const routes = {
    '/manifest.json': async () => json(await manifest(pool, schema, levels, name)),
    '/areas.json': async () => json(await areaIndex(pool, schema, levels)),
    '/statuses.json': async () => json(await statuses(pool, schema, levels.at(-1))),
  };
  const server = createServer(async (req, res) => {
    const origin = req.headers.origin;
    const cors = origin && (allowOrigins.includes('*') || allowOrigins.includes(origin)) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    const send = (status, headers, body) => res.writeHead(status, { ...cors, 'X-Content-Type-Options': 'nosniff', ...headers }).end(body);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { Allow: 'GET, HEAD' }, 'only GET\n');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, {}, 'bad URL\n');
    }
    try {
      if (routes[path]) {
        const { type, body } = await routes[path]();
        return send(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }, body);
      }
      const tile = /^\/tiles\/([a-z-]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.pbf$/.exec(path);
      if (!tile) return send(404, {}, 'not found\n');
      const level = tile[1];
      const [z, x, y] = tile.slice(2).map(Number);
      if (!levels.includes(level)) return send(404, {}, `no level ${level}\n`);
      if (z > 22 || x >= 2 ** z || y >= 2 ** z) return send(400, {}, 'tile out of range\n');
      const { rows } = await pool.query(`SELECT ${fn(level)}($1, $2, $3) AS tile`, [z, x, y]);
      return send(200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Cache-Control': 'public, max-age=60' }, rows[0].tile);
    } catch (error) {
      return send(503, {}, `the database did not answer (${error.code ?? 'error'})\n`);
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    url: `http://${host}:${server.address().port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

const json = (value) => ({ type: 'application/json', body: JSON.stringify(value) });

/** Relative tile templates (resolved against the manifest's URL), the city's extent from the table. */
async function manifest(pool, schema, levels, name) {
  const { rows } = await pool.query(`SELECT ST_XMin(e) w, ST_YMin(e) s, ST_XMax(e) e, ST_YMax(e) n FROM (SELECT ST_Extent(geom) e FROM ${schema}.gm_areas WHERE depth = 0) t`);
  const top = (await pool.query(`SELECT code, name FROM ${schema}.gm_areas WHERE depth = 0 ORDER BY position`)).rows;
  const b = rows[0];
  return {
    name: name || (top.length === 1 ? top[0].name : ''),
    code: top.length === 1 ? top[0].code : '',
    bounds: [b.w, b.s, b.e, b.n],
    levels: Object.fromEntries(levels.map((level) => [level, { tiles: `tiles/${level}/{z}/{x}/{y}.pbf`, sourceLayer: LAYERS[level], labelLayer: 'labels', minzoom: 0, maxzoom: 14 }])),
    index: 'areas.json',
    data: { statuses: 'statuses.json' },
  };
}

/** areas.json (docs/data.md) from the table, in gm-prepare's order. */
async function areaIndex(pool, schema, levels) {
  const index = {};
  for (const [depth, level] of levels.entries()) {
    const { rows } = await pool.query(
      `SELECT a.code, a.name, ST_X(a.label) lx, ST_Y(a.label) ly, ST_XMin(a.geom) w, ST_YMin(a.geom) s, ST_XMax(a.geom) e, ST_YMax(a.geom) n, p.position AS parent
       FROM ${schema}.gm_areas a LEFT JOIN ${schema}.gm_areas p ON p.code = a.parent WHERE a.level = $1 ORDER BY a.position`,
      [level],
    );
    const r5 = (v) => Math.round(v * 1e5) / 1e5;
    index[level] = {
      codes: rows.map((r) => r.code),
      names: rows.map((r) => r.name),
      labels: rows.flatMap((r) => [r5(r.lx), r5(r.ly)]),
      ...(depth < levels.length - 1 ? { bboxes: rows.flatMap((r) => [r.w, r.s, r.e, r.n].map(r5)) } : {}),
      ...(depth > 0 && rows.some((r) => r.parent !== null) ? { parents: rows.map((r) => r.parent ?? 0) } : {}),
    };
  }
  return index;
}

/** The finest level's statuses from gm_statuses, keyed by code; boards without a row are unknown. */
async function statuses(pool, schema, finest) {
  const { rows } = await pool.query(`SELECT s.code, s.board, s.status, s.updated_at FROM ${schema}.gm_statuses s JOIN ${schema}.gm_areas a ON a.code = s.code AND a.level = $1`, [finest]);
  const grids = {};
  let time = 0;
  for (const r of rows) {
    const b = BOARDS.indexOf(r.board);
    const v = STATUSES.indexOf(r.status);
    if (b < 0 || v < 0) continue;
    (grids[r.code] ??= BOARDS.map(() => 4))[b] = v;
    time = Math.max(time, r.updated_at.getTime());
  }
  return { time: new Date(time || Date.now()).toISOString(), boards: BOARDS, statuses: STATUSES, grids };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string', default: '5175' }, schema: { type: 'string' }, 'allow-origin': { type: 'string', multiple: true }, name: { type: 'string' } } });
  if (!values.db) {
    console.error('usage: node server/postgis-tiles.mjs --db postgres://… [--port 5175] [--schema public] [--allow-origin URL]');
    process.exit(2);
  }
  const served = await startPostgisTiles({ db: values.db, port: Number(values.port), schema: values.schema, allowOrigins: values['allow-origin'] ?? [], name: values.name });
  console.log(`PostGIS tiles: ${served.url}/manifest.json`);
}
