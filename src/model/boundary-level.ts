// One level of GeoJSON boundaries made ready for the map and its index in one pass: each feature
// checked (a code of the level, once, a valid polygon), its properties sanitized for MapLibre, its
// id set to its numeric code (feature-state), its label point and box computed. Pure data: it runs
// in the data worker for boundaries given by URL, and on the main thread for those given as objects.
import type { Feature, FeatureCollection } from 'geojson';
import { bbox as bboxOf } from '@turf/bbox';
import { pointOnFeature } from '@turf/point-on-feature';
import { isArea, MAX_AREA_NAME, type AreaIndexLevel } from './area-index.js';
import { levelOfCode, type BoundaryLevel } from './codes.js';
import { sanitizeProperties } from './feature-sanitize.js';

/** A level ready for the map and the index. */
export interface PreparedLevel {
  /** The level's entry of the area index (parallel arrays, in the features' order). */
  entry: AreaIndexLevel;
  /** The features to draw: the accepted ones, sanitized, with `id` = their numeric code. */
  collection: FeatureCollection;
  /** Codes refused (not of this level, a duplicate, no valid polygon): not drawn, not indexed. */
  rejected: string[];
  /** Features drawn with something taken out of their properties, as `code: what`. */
  sanitized: string[];
}

/** Checks, sanitizes and indexes one level's features. */
export function prepareLevel(collection: FeatureCollection, level: BoundaryLevel): PreparedLevel {
  const entry: AreaIndexLevel = { codes: [], names: [], labels: [], bboxes: [] };
  const features: Feature[] = [];
  const rejected: string[] = [];
  const sanitized: string[] = [];
  const seen = new Set<string>();
  for (const feature of collection.features as Feature[]) {
    const raw = (feature as Partial<Feature> | null)?.properties as Record<string, unknown> | null | undefined;
    const code = String(raw?.code ?? feature?.id ?? '');
    if (levelOfCode(code) !== level || seen.has(code) || !isArea(feature)) {
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
    features.push({ type: 'Feature', id: Number(code), properties, geometry: feature.geometry });
    entry.codes.push(code);
    entry.names.push(name);
    entry.labels.push(...(pointOnFeature(feature).geometry.coordinates as [number, number]));
    entry.bboxes!.push(...(bboxOf(feature) as [number, number, number, number]));
  }
  return { entry, collection: { type: 'FeatureCollection', features }, rejected, sanitized };
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
