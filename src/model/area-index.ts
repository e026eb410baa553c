import { BOUNDARY_LEVELS, levelOfCode, parentCode, type BoundaryLevel } from './codes.js';
import type { Feature, FeatureCollection } from 'geojson';
import { bbox as bboxOf } from '@turf/bbox';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Hierarchy } from './status-store.js';

/** What the map knows of one area without its polygon. */
export interface AreaInfo {
  code: string;
  level: BoundaryLevel;
  name: string;
  /** Index within its level. */
  index: number;
  /** A point inside the area, where its label goes. */
  label: [number, number];
  /** [west, south, east, north]; absent for grids (flown to at their label point). */
  bbox?: [number, number, number, number];
}

/** One level of areas.json: parallel arrays (see docs/fixture.md). */
export interface AreaIndexLevel {
  codes: string[];
  names: string[];
  labels: number[];
  bboxes?: number[];
}
export type AreaIndexJson = Record<BoundaryLevel, AreaIndexLevel>;

/**
 * Every area by code: names, label points and boxes for naming, finding and flying to any of the
 * ~77,000 areas, and the parent links the status roll-up needs. Kept as the parallel arrays it is
 * loaded from (no object per area until one is asked for).
 */
export class AreaIndex {
  private readonly byCode = new Map<string, number>();

  private constructor(private readonly levels: AreaIndexJson) {
    for (const level of BOUNDARY_LEVELS) levels[level].codes.forEach((code, i) => this.byCode.set(code, i));
  }

  /**
   * Checks and wraps a parsed areas.json.
   * @throws Error naming what is wrong (the caller reports it as a `gm-error`)
   */
  static fromJson(json: unknown): AreaIndex {
    const levels = json as AreaIndexJson;
    for (const level of BOUNDARY_LEVELS) {
      const entry = levels?.[level];
      if (!entry || !Array.isArray(entry.codes) || !Array.isArray(entry.names) || !Array.isArray(entry.labels)) {
        throw new Error(`area index has no valid "${level}" entry`);
      }
      if (entry.names.length !== entry.codes.length || entry.labels.length !== 2 * entry.codes.length) {
        throw new Error(`area index "${level}" arrays differ in length`);
      }
      const wrong = entry.codes.find((c) => levelOfCode(String(c)) !== level);
      if (wrong !== undefined) throw new Error(`area index "${level}" holds code ${String(wrong)} of another level`);
    }
    return new AreaIndex(levels);
  }

  /**
   * Builds the index from GeoJSON boundaries (the `boundaries` property, or a manifest without
   * areas.json): one pass over the features on the main thread, fine for GeoJSON-sized data.
   * Features need a string `code` of their level and a `name`; others are returned as rejected.
   */
  static fromFeatures(collections: Record<BoundaryLevel, FeatureCollection>): { index: AreaIndex; rejected: string[] } {
    const rejected: string[] = [];
    const json = {} as AreaIndexJson;
    for (const level of BOUNDARY_LEVELS) {
      const entry: AreaIndexLevel = { codes: [], names: [], labels: [], bboxes: [] };
      const seen = new Set<string>();
      for (const feature of collections[level].features as Feature[]) {
        const code = String(feature.properties?.code ?? feature.id ?? '');
        if (levelOfCode(code) !== level || seen.has(code) || !isArea(feature)) {
          rejected.push(code || '(no code)');
          continue;
        }
        seen.add(code);
        entry.codes.push(code);
        entry.names.push(String(feature.properties?.name ?? code));
        entry.labels.push(...(pointOnFeature(feature).geometry.coordinates as [number, number]));
        entry.bboxes!.push(...(bboxOf(feature) as [number, number, number, number]));
      }
      json[level] = entry;
    }
    return { index: new AreaIndex(json), rejected };
  }

  has(code: string): boolean {
    return this.byCode.has(code) && levelOfCode(code) !== undefined;
  }

  get(code: string): AreaInfo | undefined {
    const level = levelOfCode(code);
    const index = this.byCode.get(code);
    if (!level || index === undefined || this.levels[level].codes[index] !== code) return undefined;
    const entry = this.levels[level];
    const { labels, bboxes } = entry;
    return {
      code,
      level,
      index,
      name: String(entry.names[index]),
      label: [labels[2 * index], labels[2 * index + 1]],
      bbox: bboxes ? [bboxes[4 * index], bboxes[4 * index + 1], bboxes[4 * index + 2], bboxes[4 * index + 3]] : undefined,
    };
  }

  names(level: BoundaryLevel): readonly string[] {
    return this.levels[level].names;
  }

  codes(level: BoundaryLevel): readonly string[] {
    return this.levels[level].codes;
  }

  count(level: BoundaryLevel): number {
    return this.levels[level].codes.length;
  }

  /** Parent links for the status roll-up; areas whose parent is missing hang off index 0 of the level above. */
  hierarchy(): Hierarchy {
    const parents = {} as Hierarchy['parents'];
    for (const level of BOUNDARY_LEVELS) {
      parents[level] = Uint32Array.from(this.levels[level].codes, (code) => this.byCode.get(parentCode(code)) ?? 0);
    }
    const codes = {} as Hierarchy['codes'];
    for (const level of BOUNDARY_LEVELS) codes[level] = this.levels[level].codes;
    return { codes, parents };
  }
}

/** A Polygon or MultiPolygon feature whose coordinates are all finite numbers. */
export function isArea(feature: Feature): boolean {
  const g = feature?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return false;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return (
    polygons.length > 0 &&
    polygons.every((rings) =>
      Array.isArray(rings) &&
      rings.length > 0 &&
      rings.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition)),
    )
  );
}

function isPosition(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}
