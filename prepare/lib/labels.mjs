// Label points and the area index: what a map needs to name, find and fly to any area without
// loading its polygons.
import bbox from '@turf/bbox';
import polylabel from 'polylabel';

const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The pole of inaccessibility of an area's largest part (polylabel): always inside, far from the
 * edges, unlike a centroid, which falls outside concave shapes.
 */
export function labelPoint(geometry) {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const [west, south, east, north] = bbox(geometry);
  const largest = parts.reduce((best, p) => (ringSize(p[0]) > ringSize(best[0]) ? p : best));
  const [x, y] = polylabel(largest, Math.max(east - west, north - south) / 200);
  return [round(x, 6), round(y, 6)];
}

function ringSize(ring) {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
  return Math.abs(sum);
}

/** A label Point feature per area: id and name as on the polygon, for a symbol layer. */
export function labelFeatures(areas) {
  return areas.map((a) => ({ type: 'Feature', id: a.id, properties: { name: a.name }, geometry: { type: 'Point', coordinates: a.label } }));
}

/**
 * areas.json: per level, parallel arrays of codes, names, label points and (above the finest
 * level) bounding boxes. The finest level has no bbox (an area is flown to at its label point) to
 * keep the file small; `parents` (the index of each area's parent in the level above) is written
 * only when a parent's code does not start its children's codes (the official scheme needs none).
 * @param {import('./hierarchy.mjs').Area[][]} levels  top down
 */
export function areaIndex(levels) {
  const index = {};
  levels.forEach((areas, depth) => {
    const finest = depth === levels.length - 1;
    const above = depth > 0 ? new Map(levels[depth - 1].map((p, i) => [p.code, i])) : undefined;
    const prefixed = !above || areas.every((a) => a.code.startsWith(a.parent));
    index[areas[0]?.level ?? `level-${depth}`] = {
      codes: areas.map((a) => a.code),
      names: areas.map((a) => a.name),
      labels: areas.flatMap((a) => a.label.map((v) => round(v, 5))),
      ...(finest ? {} : { bboxes: areas.flatMap((a) => bbox(a.geometry).map((v) => round(v, 5))) }),
      ...(prefixed ? {} : { parents: areas.map((a) => above.get(a.parent)) }),
    };
  });
  return index;
}
