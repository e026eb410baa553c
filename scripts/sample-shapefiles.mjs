#!/usr/bin/env node
// A folder of Shapefiles to try gm-prepare on (docs/prepare.md): the sample district (渝中区) as
// a city's GIS office would hand it over — one Shapefile per level, in CGCS2000 / 3-degree
// Gauss-Kruger CM 105E (EPSG:4544, metres) with a .prj, names in GBK with a .cpg, fields code,
// name, parent. Made from fixtures/out/sample (npm run fixtures:ensure makes it).
//   node scripts/sample-shapefiles.mjs DIR
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeProjectedShapefile } from '../test/prepare/inputs.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/sample-shapefiles.mjs DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const sample = new URL('../fixtures/out/sample/', import.meta.url);
for (const name of ['districts', 'towns', 'communities', 'grids']) {
  const { features } = JSON.parse(readFileSync(new URL(`${name}.geojson`, sample), 'utf8'));
  // Shapefile polygons: a MultiPolygon's parts become rings of one record (shp-write takes Polygons).
  const polygons = features.map((f) => ({
    type: 'Feature',
    properties: { code: f.properties.code, name: f.properties.name, parent: f.properties.parent ?? '' },
    geometry: f.geometry.type === 'Polygon' ? f.geometry : { type: 'Polygon', coordinates: f.geometry.coordinates.flat() },
  }));
  writeProjectedShapefile(out, name, polygons);
  console.log(`${join(out, name)}.shp: ${features.length} ${name}`);
}
