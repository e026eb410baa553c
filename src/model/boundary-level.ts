// One level of GeoJSON boundaries made ready for the map and its index in one pass: each feature
// checked (a code, once, a valid polygon), its properties sanitized for MapLibre, its id set for
// feature-state (its code as a number, or its position: codes.ts codesAreIds), its label point and
// box computed. Pure data: it runs in the data worker for boundaries given by URL, and on the main
// thread for those given as objects.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointOnFeature } from '@turf/point-on-feature';
import { areaBox, MAX_AREA_NAME, MAX_CODE, type AreaIndexLevel } from './area-index.js';
import { codesAreIds, isCodeOf, type BoundaryLevel } from './codes.js';
import { sanitizeProperties } from './feature-sanitize.js';

/** A level ready for the map and the index. */
export interface PreparedLevel {
  /** The level's entry of the area index (parallel arrays, in the features' order). */
  entry: AreaIndexLevel;
  /** The features to draw: the accepted ones, sanitized, with their feature ids. */
  collection: FeatureCollection;
  /** Codes refused (none, too long, a duplicate, not of the level's official scheme, no valid polygon): not drawn, not indexed. */
  rejected: string[];
  /** Features drawn with something taken out of their properties, as `code: what`. */
  sanitized: string[];
}

/** Checks, sanitizes and indexes one level's features. */
export function prepareLevel(collection: FeatureCollection, level: BoundaryLevel): PreparedLevel {
  const entry = { codes: [] as string[], names: [] as string[], labels: [] as number[], bboxes: [] as number[] } satisfies AreaIndexLevel;
  const features: Feature[] = [];
  const rejected: string[] = [];
  const sanitized: string[] = [];
  const seen = new Set<string>();
  const official = followsOfficialScheme(collection.features as Feature[], level);
  for (const feature of collection.features as Feature[]) {
    const raw = (feature as Partial<Feature> | null)?.properties as Record<string, unknown> | null | undefined;
    const code = String(raw?.code ?? feature?.id ?? '');
    const shape = !code || code.length > MAX_CODE || (official && !isCodeOf(code, level)) || seen.has(code) ? undefined : measureArea(feature);
    if (!shape) {
      rejected.push(code.slice(0, 40) || '(no code)');
      continue;
    }
    seen.add(code);
    const { properties, problems } = sanitizeProperties(raw);
    const name = typeof properties.name === 'string' && properties.name ? properties.name.slice(0, MAX_AREA_NAME) : code;
    if (typeof properties.name === 'string' && properties.name.length > MAX_AREA_NAME) problems.push(`name: cut to ${MAX_AREA_NAME} characters`);
    properties.code = code;
    properties.name = name;
    if (problems.length) sanitized.push(`${code}: ${problems.join(', ')}`);
    features.push({ type: 'Feature', properties, geometry: feature.geometry });
    entry.codes.push(code);
    entry.names.push(name);
    entry.labels.push(shape.label[0], shape.label[1]);
    entry.bboxes.push(...shape.box);
  }
  const numeric = codesAreIds(entry.codes);
  features.forEach((feature, i) => (feature.id = numeric ? Number(entry.codes[i]) : i + 1));
  return { entry, collection: { type: 'FeatureCollection', features }, rejected, sanitized };
}

/**
 * A valid area's box and label point as turf's bbox and pointOnFeature give them (the box's centre
 * when it is inside the area, else turf's nearest vertex), or undefined when it is not a valid area.
 * The box comes from the validity check's own pass (areaBox): pointOnFeature alone clones the
 * feature and takes its box again; with turf's bbox and the check it was 0.44 s of the grids' 0.82 s
 * preparation in a CPU profile of the plain-GeoJSON load.
 */
function measureArea(feature: Feature): { box: [number, number, number, number]; label: [number, number] } | undefined {
  const box = areaBox(feature);
  if (!box) return undefined;
  const centre: [number, number] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const inside = booleanPointInPolygon(centre, feature as Feature<Polygon | MultiPolygon>);
  return { box, label: inside ? centre : (pointOnFeature(feature).geometry.coordinates as [number, number]) };
}

/**
 * Whether most of a level's codes are official codes of it (district 6 digits, …): then the others
 * are mistakes (a town's code in the district file, a typo) and refused, as the official scheme's
 * levels and parents are read from the codes. A city's own scheme is taken as it is.
 */
function followsOfficialScheme(features: Feature[], level: BoundaryLevel): boolean {
  let official = 0;
  for (const feature of features) {
    const code = (feature?.properties as Record<string, unknown> | null | undefined)?.code ?? feature?.id;
    if (isCodeOf(String(code ?? ''), level)) official++;
  }
  return official > features.length / 2;
}

/** The rings of a collection's (multi)polygons as `[lng, lat, lng, lat, …]`: the outline preview of a level. */
export function polygonRings(collection: FeatureCollection): number[][] {
  const out: number[][] = [];
  for (const feature of collection.features ?? []) {
    const geometry = feature?.geometry;
    const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const polygon of polygons ?? []) for (const ring of polygon ?? []) out.push((ring ?? []).flat());
  }
  return out;
}
