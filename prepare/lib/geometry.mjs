// Geometry clean-up and the district preview, shared by gm-prepare and the fixture generator.
import simplify from '@turf/simplify';

/** Output precision: 6 decimals of a degree ≈ 0.1 m. */
const PRECISION = 1e6;

/**
 * Rounds to PRECISION, drops repeated vertices and collapsed rings (under four positions) and
 * closes open rings; null when nothing is left. These are the repairs that cannot change what an
 * area covers, so gm-prepare makes them silently.
 */
export function roundGeometry(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const kept = [];
  for (const rings of polygons) {
    const outer = roundRing(rings[0] ?? []);
    if (!outer) continue;
    kept.push([outer, ...rings.slice(1).map(roundRing).filter(Boolean)]);
  }
  if (!kept.length) return null;
  return kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
}

function roundRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const p = [Math.round(x * PRECISION) / PRECISION, Math.round(y * PRECISION) / PRECISION];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (!out.length) return null;
  const [first, last] = [out[0], out[out.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out.length >= 4 ? out : null;
}

/**
 * The manifest's top-level `preview`: every ring simplified (Douglas–Peucker, `tolerance` degrees)
 * as `[lng, lat, lng, lat, …]` to 4 decimals (≈ 10 m). At the whole-city view of 1920 pixels a
 * pixel is ≈ 0.0045°, so 0.003° changes nothing a viewer sees, and keeps Chongqing's 38 district
 * outlines at ≈ 6,300 vertices (≈ 100 KB) instead of 20,000.
 */
export function previewRings(features, tolerance = 0.003) {
  const rings = [];
  for (const feature of features) {
    const { geometry } = simplify(feature, { tolerance, highQuality: true });
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) for (const ring of polygon) rings.push(ring.flatMap(([x, y]) => [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4]));
  }
  return rings;
}
