#!/usr/bin/env node
// gm-prepare: a city's own boundaries in, what <gm-map> reads fast out. See docs/prepare.md.
import { parseArgs } from 'node:util';
import { prepare, interrupt, Interrupted, InputError, LEVEL_NAMES } from '../prepare/index.mjs';
import { progressReporter } from '../prepare/lib/progress.mjs';

const USAGE = `Usage:
  gm-prepare --level district=districts.shp --level town=towns.zip … --out public/city
  gm-prepare --input all.gpkg --level-field level --out public/city

Each --level NAME=FILE gives one level, top down (2 to 5 of: ${LEVEL_NAMES.join(', ')});
repeat a level to give it several files. FILE: .geojson .json .ndjson .geojsonl .shp .zip .gpkg .fgb
(FILE#layer picks a GeoPackage table or a shapefile in a zip).

Options:
  --out DIR             the folder to write (replaced whole, only when no error remains)
  --to-postgis URL      also (or instead) load the areas into PostGIS (postgres://…): table
                        gm_areas, tile functions gm_<level>_tiles(z, x, y) for Martin or
                        pg_tileserv, table gm_statuses (docs/data.md, From PostGIS to the wall)
  --schema NAME         the schema for --to-postgis (default public)
  --code-field F        the field holding each area's code (default: code, adcode, id, 编码…)
  --name-field F        the field holding its name (default: name, 名称, mc…)
  --parent-field F      the field holding its parent's code (default: parent, parent_code, pcode…;
                        without one, the parent is the area above whose code starts the code, or
                        else the one its label point lies in)
  --level-field F       with --input: the field naming each feature's level (a level name or 1–5)
  --from CRS            the files' coordinate system when they do not say (EPSG:4547, "+proj=…");
                        GCJ-02 is refused unless given as gcj02-approximate
  --name TEXT           the city's name (default: the top area's, when there is one)
  --code TEXT           the city's code
  --mosaic-maxzoom Z    the zoom up to which the finest level is drawn as the grid mosaic
  --mosaic-image        the mosaic as one image and two overviews (at most 4,096 pixels a side)
                        instead of 512-pixel tiles in <level>s.mosaic.pmtiles
  --tile-files          write each level's tiles as tiles/<level>/{z}/{x}/{y}.pbf files instead of
                        one PMTiles archive (for static servers without range requests)
  --check               validate and report only; write nothing
  --quiet               no progress
  --help`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        level: { type: 'string', multiple: true },
        input: { type: 'string' },
        out: { type: 'string' },
        'to-postgis': { type: 'string' },
        schema: { type: 'string' },
        'code-field': { type: 'string' },
        'name-field': { type: 'string' },
        'parent-field': { type: 'string' },
        'level-field': { type: 'string' },
        from: { type: 'string' },
        name: { type: 'string' },
        code: { type: 'string' },
        'mosaic-maxzoom': { type: 'string' },
        'tile-files': { type: 'boolean' },
        'mosaic-image': { type: 'boolean' },
        check: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return fail(`${error.message}\n\n${USAGE}`);
  }
  if (values.help) return console.log(USAGE);
  if (!values.out && !values['to-postgis'] && !values.check) return fail(`--out or --to-postgis is needed (or --check)\n\n${USAGE}`);
  const mosaicMaxzoom = values['mosaic-maxzoom'] === undefined ? undefined : Number(values['mosaic-maxzoom']);
  if (mosaicMaxzoom !== undefined && !(mosaicMaxzoom >= 0 && mosaicMaxzoom <= 20)) return fail('--mosaic-maxzoom must be a zoom from 0 to 20');
  const reporter = progressReporter(process.stderr, values.quiet);
  // Ctrl-C: stop between two steps, remove the temporary folder, leave --out as it was.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, interrupt);
  const started = performance.now();
  let result;
  try {
    result = await prepare({
      levels: values.level ? levelsOf(values.level) : undefined,
      input: values.input,
      levelField: values['level-field'],
      fields: { code: values['code-field'], name: values['name-field'], parent: values['parent-field'] },
      from: values.from,
      out: values.out,
      toPostgis: values['to-postgis'],
      schema: values.schema,
      name: values.name,
      code: values.code,
      mosaicMaxzoom,
      tileFormat: values['tile-files'] ? 'files' : 'pmtiles',
      mosaic: values['mosaic-image'] ? 'image' : 'tiles',
      check: values.check,
      progress: reporter.progress,
    });
  } catch (error) {
    reporter.end();
    if (error instanceof InputError) return fail(error.message);
    if (error instanceof Interrupted) return fail(`interrupted: nothing was written${values.out ? ` (${values.out} is as it was)` : ''}`, 130);
    return fail(`gm-prepare stopped: ${error.message ?? error} (nothing was written; please report this with the input that caused it)`);
  }
  reporter.end();
  report(result, ((performance.now() - started) / 1000).toFixed(1), values);
}

/** `--level town=a.shp --level town=b.shp` → [{ level: 'town', inputs: ['a.shp', 'b.shp'] }], in the order given. */
function levelsOf(specs) {
  const levels = [];
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at < 1) throw new InputError(`--level ${spec}: write it as NAME=FILE (names: ${LEVEL_NAMES.join(', ')})`);
    const [level, file] = [spec.slice(0, at), spec.slice(at + 1)];
    const known = levels.find((l) => l.level === level);
    if (known) known.inputs.push(file);
    else levels.push({ level, inputs: [file] });
  }
  return levels;
}

function report({ problems, counts, written }, seconds, values) {
  for (const p of problems) {
    const where = [p.file, p.n !== undefined ? `feature ${p.n}` : '', p.code !== undefined ? `code ${p.code}` : ''].filter(Boolean).join(', ');
    console.log(`${p.severity}: ${where}: ${p.problem}`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const summary = Object.entries(counts).map(([level, n]) => `${n} ${level}`).join(', ');
  console.log(`${summary}; ${errors} errors, ${problems.length - errors} warnings; ${seconds} s`);
  if (errors) {
    console.log(`nothing written: fix the ${errors === 1 ? 'error' : 'errors'} above and run again`);
    process.exitCode = 1;
  } else if (written) {
    if (values['to-postgis']) console.log(`loaded into PostGIS: table ${values.schema ?? 'public'}.gm_areas, tile functions gm_<level>_tiles(z, x, y)`);
    if (values.out) console.log(`written to ${values.out}`);
  }
}

function fail(message, code = 2) {
  console.error(`gm-prepare: ${message}`);
  process.exitCode = code;
}

main().catch((error) => fail(error instanceof InputError ? error.message : `gm-prepare stopped: ${error.message ?? error}`));
