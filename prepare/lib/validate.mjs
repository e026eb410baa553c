// The validation report gm-prepare prints before writing anything: duplicate codes, invalid
// geometry (repaired where that cannot change what an area covers), children outside their
// parent, siblings that overlap. Each problem names file, feature number and code.
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import bbox from '@turf/bbox';
import polygonClipping from 'polygon-clipping';
import sweeplineIntersections from 'sweepline-intersections';
import { labelPoint } from './labels.mjs';

/** Siblings may cover their parent's area this much over before the pairs are looked at. */
const OVERLAP_SLACK = 0.002;
/** An overlap smaller than this share of the smaller sibling is a digitising sliver (a warning). */
const SLIVER_SHARE = 0.01;

/**
 * Checks the linked hierarchy in place (repairs replace an area's geometry) and adds problems.
 * @param {import('./hierarchy.mjs').Area[][]} levels  top down, each linked to the level above
 * @param {import('./hierarchy.mjs').Problem[]} problems
 * @param {(step: string, done: number, total: number) => void} progress
 */
export function validateHierarchy(levels, problems, progress = () => {}) {
  const all = levels.flat();
  const seen = new Map();
  for (const a of all) {
    const first = seen.get(a.code);
    if (first) problems.push({ severity: 'error', file: a.file, n: a.n, code: a.code, problem: `duplicate code (also ${first.level} feature ${first.n} of ${first.file})` });
    else seen.set(a.code, a);
  }
  all.forEach((a, i) => {
    repairSelfIntersection(a, problems);
    if (i % 1000 === 0) progress('checking geometry', i, all.length);
  });
  for (let d = 1; d < levels.length; d++) {
    const parents = new Map(levels[d - 1].map((p) => [p.code, p]));
    const groups = new Map();
    for (const child of levels[d]) {
      const parent = parents.get(child.parent);
      if (!parent) continue;
      if (!booleanPointInPolygon(child.label, parent.geometry)) {
        problems.push({ severity: 'error', file: child.file, n: child.n, code: child.code, problem: `lies outside its parent ${parent.code} (${parent.name})` });
      }
      groups.set(parent, [...(groups.get(parent) ?? []), child]);
    }
    for (const [parent, children] of groups) checkSiblings(parent, children, problems);
    progress('checking parents and siblings', d, levels.length - 1);
  }
}

/**
 * A ring crossing itself is repaired by polygon-clipping's union of the polygon with itself (what
 * `ST_MakeValid` does for a bow-tie: the same points covered, as valid parts); reported as a warning.
 */
function repairSelfIntersection(a, problems) {
  const crossings = sweeplineIntersections(a.geometry);
  if (!crossings.length) return;
  const at = { file: a.file, n: a.n, code: a.code };
  const polygons = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
  let repaired;
  try {
    repaired = polygonClipping.union(...polygons);
  } catch {
    repaired = [];
  }
  const [x, y] = crossings[0].map((v) => Math.round(v * 1e6) / 1e6);
  if (!repaired.length) {
    problems.push({ severity: 'error', ...at, problem: `self-intersecting ring at ${x},${y} that cannot be repaired` });
    return;
  }
  a.geometry = repaired.length === 1 ? { type: 'Polygon', coordinates: repaired[0] } : { type: 'MultiPolygon', coordinates: repaired };
  a.label = labelPoint(a.geometry);
  problems.push({ severity: 'warning', ...at, problem: `self-intersecting ring at ${x},${y} repaired (made valid, same area covered)` });
}

/**
 * Overlapping siblings: only when the children's areas add up to more than their parent's are the
 * pairs with touching boxes intersected (polygon-clipping), so clean data costs one sum per parent.
 */
function checkSiblings(parent, children, problems) {
  const parentArea = area(parent.geometry);
  const sizes = children.map((c) => area(c.geometry));
  if (sizes.reduce((s, v) => s + v, 0) <= parentArea * (1 + OVERLAP_SLACK)) return;
  const boxes = children.map((c) => bbox(c.geometry));
  const coords = (g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
      let shared = 0;
      try {
        const overlap = polygonClipping.intersection(coords(children[i].geometry), coords(children[j].geometry));
        shared = overlap.length ? area({ type: 'MultiPolygon', coordinates: overlap }) : 0;
      } catch {
        continue;
      }
      if (shared <= 0) continue;
      const share = shared / Math.min(sizes[i], sizes[j]);
      const c = children[j];
      problems.push({
        severity: share >= SLIVER_SHARE ? 'error' : 'warning',
        file: c.file,
        n: c.n,
        code: c.code,
        problem: `overlaps its sibling ${children[i].code} by ${Math.round(shared)} m² (${(share * 100).toFixed(1)} % of the smaller)`,
      });
    }
  }
}
