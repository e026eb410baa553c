// From a user's features to the area hierarchy: which field is the code, the name, the parent;
// each area's parent (a field, the longest code prefix, or the parent its label point is in);
// the geometry cleaned. Problems are collected for the validation report, never thrown.
import rewind from '@turf/rewind';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import bbox from '@turf/bbox';
import RBush from 'rbush';
import { mapPositions } from './crs.mjs';
import { roundGeometry } from './geometry.mjs';
import { labelPoint } from './labels.mjs';

/** The level names, top down: a city uses 2 to 5 of them, in this order. */
export const LEVEL_NAMES = ['district', 'town', 'community', 'grid', 'microgrid'];

/** Field names tried when the user names none, in order (common Chinese GIS exports included). */
export const FIELD_CANDIDATES = {
  code: ['code', 'CODE', 'Code', 'adcode', 'ADCODE', 'gb', 'GB', 'id', 'ID', '编码', '代码', '区划代码'],
  name: ['name', 'NAME', 'Name', '名称', 'mc', 'MC'],
  parent: ['parent', 'PARENT', 'parent_code', 'PARENT_CODE', 'pcode', 'PCODE', '上级编码', '上级代码'],
};

/**
 * @typedef {{ level: string, depth: number, file: string, n: number, code: string, name: string,
 *   parent: string, geometry: import('geojson').Polygon | import('geojson').MultiPolygon, label: [number, number] }} Area
 * @typedef {{ severity: 'error'|'warning', file: string, n?: number, code?: string, problem: string }} Problem
 */

/** The first candidate field that the file's features have (or the user's own name for it). */
export function fieldOf(features, kind, given) {
  if (given) return given;
  return FIELD_CANDIDATES[kind].find((f) => features.some((feature) => feature.properties[f] !== undefined && feature.properties[f] !== null));
}

/**
 * The areas of one level from its files: codes and names as text, geometry reprojected (`project`),
 * cleaned and wound as RFC 7946 says.
 * @param {import('./read.mjs').InputFile[]} files
 * @param {{ code?: string, name?: string, parent?: string }} fields
 * @param {(file: import('./read.mjs').InputFile) => ((p: number[]) => number[]) | null} projectionOf
 * @param {Problem[]} problems
 */
export function levelAreas(level, depth, files, fields, projectionOf, problems) {
  const areas = [];
  for (const input of files) {
    const codeField = fieldOf(input.features, 'code', fields.code);
    const nameField = fieldOf(input.features, 'name', fields.name);
    const parentField = depth > 0 ? fieldOf(input.features, 'parent', fields.parent) : undefined;
    if (!codeField) {
      problems.push({ severity: 'error', file: input.file, problem: `no code field (tried ${FIELD_CANDIDATES.code.join(', ')}); name it with --code-field` });
      continue;
    }
    const project = projectionOf(input);
    for (const feature of input.features) {
      const at = { file: input.file, n: feature.n };
      const code = text(feature.properties[codeField]);
      if (!code) {
        problems.push({ severity: 'error', ...at, problem: `no code (field "${codeField}")` });
        continue;
      }
      const geometry = cleanGeometry(feature.geometry, project, { ...at, code }, problems);
      if (!geometry) continue;
      let name = nameField ? text(feature.properties[nameField]) : '';
      if (!name) {
        problems.push({ severity: 'warning', ...at, code, problem: `no name${nameField ? ` (field "${nameField}")` : ''}: shown as its code` });
        name = code;
      }
      areas.push({ level, depth, ...at, code, name, parent: parentField ? text(feature.properties[parentField]) : '', geometry, label: labelPoint(geometry) });
    }
  }
  return areas;
}

const text = (v) => (v === undefined || v === null ? '' : String(v).trim());

/** Polygons only, finite longitude/latitude, rounded to 0.1 m, closed, wound counter-clockwise. */
function cleanGeometry(geometry, project, at, problems) {
  const problem = (severity, text) => problems.push({ severity, ...at, problem: text });
  if (!geometry) return problem('error', 'no geometry'), null;
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    return problem('error', geometry.reason ?? `a ${geometry.type}, not a polygon`), null;
  }
  const finite = (p) => p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
  let bad = false;
  try {
    mapPositions(geometry, (p) => ((bad ||= !finite(p)), p));
  } catch {
    return problem('error', 'malformed coordinates (not arrays of positions)'), null;
  }
  if (bad) return problem('error', 'coordinates that are not longitude/latitude (NaN, null or missing)'), null;
  let projected = geometry;
  try {
    if (project) projected = mapPositions(geometry, project);
  } catch {
    return problem('error', 'coordinates that cannot be reprojected'), null;
  }
  mapPositions(projected, (p) => {
    if (!(finite(p) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 85)) bad = true;
    return p;
  });
  if (bad) return problem('error', project ? 'coordinates outside longitude/latitude after reprojection' : 'coordinates that are not longitude/latitude (NaN, or out of range: a projected file needs --from EPSG:…)'), null;
  const rounded = roundGeometry(projected);
  if (!rounded) return problem('error', 'an empty polygon (no ring of three distinct points)'), null;
  return rewind(rounded);
}

/**
 * Links each area of `children` to its parent among `parents`: by the parent field when the file
 * has one; else by the longest code of the level above that starts the child's code (the official
 * scheme); else the parent whose polygon holds the child's label point.
 */
export function linkParents(children, parents, problems) {
  const byCode = new Map(parents.map((p) => [p.code, p]));
  const lengths = [...new Set(parents.map((p) => p.code.length))].sort((a, b) => b - a);
  let spatial;
  for (const child of children) {
    const at = { severity: 'error', file: child.file, n: child.n, code: child.code };
    if (child.parent) {
      if (!byCode.has(child.parent)) problems.push({ ...at, problem: `its parent ${child.parent} is not among the ${parents[0]?.level ?? 'parent'} areas` });
      continue;
    }
    const prefix = lengths.map((k) => child.code.slice(0, k)).find((c) => c.length < child.code.length && byCode.has(c));
    if (prefix) {
      child.parent = prefix;
      continue;
    }
    spatial ??= spatialIndex(parents);
    const [x, y] = child.label;
    const hit = spatial.search({ minX: x, minY: y, maxX: x, maxY: y }).find((box) => booleanPointInPolygon(child.label, box.area.geometry));
    if (hit) child.parent = hit.area.code;
    else problems.push({ ...at, problem: `no parent: no parent field, no ${parents[0]?.level ?? 'parent'} code starts its code, and it lies in no ${parents[0]?.level ?? 'parent'}` });
  }
}

export function spatialIndex(areas) {
  const tree = new RBush();
  tree.load(areas.map((area) => {
    const [minX, minY, maxX, maxY] = bbox(area.geometry);
    return { minX, minY, maxX, maxY, area };
  }));
  return tree;
}
