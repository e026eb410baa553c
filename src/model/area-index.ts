import { BOUNDARY_LEVELS, CODE_LENGTH, isCodeOf, levelOfCode, type BoundaryLevel } from './codes.js';
import type { Feature } from 'geojson';
import type { Hierarchy } from './status-store.js';

/** The longest area name kept: a place name is a few words; a longer one is cut (and reported). */
export const MAX_AREA_NAME = 100;

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
  /**
   * Index by code, per level, each made on first use: the load only needs the levels above the
   * grids (for the parent links) and finds grids by position (see indexOf's hint), so the 65,000
   * grid entries are made later, by the first lookup of a grid by code alone.
   */
  private readonly byCode: Partial<Record<BoundaryLevel, Map<string, number>>> = {};

  /** Names longer than MAX_AREA_NAME that were cut, as `code: first characters…` (reported by the map). */
  readonly cutNames: string[] = [];

  private constructor(private readonly levels: AreaIndexJson) {}

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
      const wrong = entry.codes.find((c) => !isCodeOf(c, level));
      if (wrong !== undefined) throw new Error(`area index "${level}" holds code ${String(wrong)} of another level`);
    }
    const index = new AreaIndex(levels);
    index.cutLongNames();
    return index;
  }

  /** The index of levels already prepared (boundary-level.ts: checked, one entry per accepted feature). */
  static fromLevels(levels: AreaIndexJson): AreaIndex {
    return new AreaIndex(levels);
  }

  /**
   * Codes listed more than once (the first is the one found by code). Not checked at load, where
   * every millisecond of main thread delays the first paint: the map asks once it has drawn.
   */
  duplicates(): string[] {
    const out: string[] = [];
    for (const level of BOUNDARY_LEVELS) {
      const seen = new Set<string>();
      for (const code of this.levels[level].codes) {
        if (seen.has(code)) out.push(code);
        else seen.add(code);
      }
    }
    return out;
  }

  has(code: string): boolean {
    const level = levelOfCode(code);
    return level !== undefined && this.indexOf(code, level) !== undefined;
  }

  get(code: string): AreaInfo | undefined {
    const level = levelOfCode(code);
    const index = level === undefined ? undefined : this.indexOf(code, level);
    if (!level || index === undefined) return undefined;
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

  /**
   * Index of `code` within its level, or undefined when it is not an area of `level`. `hint` is
   * where it is expected: data written in the index's own order (a statuses snapshot) is found
   * without a lookup.
   */
  indexOf(code: string, level: BoundaryLevel, hint = -1): number | undefined {
    const codes = this.levels[level].codes;
    if (codes[hint] === code) return hint;
    let byCode = this.byCode[level];
    if (!byCode) {
      byCode = this.byCode[level] = new Map();
      // The first of duplicate codes is the one found (duplicates() lists the others).
      for (let i = codes.length - 1; i >= 0; i--) byCode.set(codes[i], i);
    }
    return byCode.get(code);
  }

  /** Cuts names over MAX_AREA_NAME (names are text drawn in labels, lists and search: a 1 MB name froze the page). */
  private cutLongNames(): void {
    for (const level of BOUNDARY_LEVELS) {
      const { names, codes } = this.levels[level];
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        if (typeof name === 'string' && name.length <= MAX_AREA_NAME) continue;
        const text = typeof name === 'string' ? name : String(name);
        (names as string[])[i] = text.slice(0, MAX_AREA_NAME);
        this.cutNames.push(`${codes[i]}: ${text.slice(0, 20)}…`);
      }
    }
  }

  /** Parent links for the status roll-up; areas whose parent is missing hang off index 0 of the level above. */
  hierarchy(): Hierarchy {
    const parents = {} as Hierarchy['parents'];
    const codes = {} as Hierarchy['codes'];
    BOUNDARY_LEVELS.forEach((level, depth) => {
      const above = BOUNDARY_LEVELS[depth - 1];
      codes[level] = this.levels[level].codes;
      parents[level] = above ? this.parentsOf(level, above) : new Uint32Array(codes[level].length);
    });
    return { codes, parents, gridIndexOf: (code, hint) => this.indexOf(code, 'grid', hint) };
  }

  /**
   * Each area's parent, one level up: the area whose code is its first digits (every code was
   * checked at load). Areas listed by parent, as areas.json is written, are matched by walking both
   * lists together, which spares the city's load 76,000 lookups; others are looked up.
   */
  private parentsOf(level: BoundaryLevel, above: BoundaryLevel): Uint32Array {
    const codes = this.levels[level].codes;
    const aboveCodes = this.levels[above].codes;
    const parents = new Uint32Array(codes.length);
    let parent = 0;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (!code.startsWith(aboveCodes[parent])) {
        const next = aboveCodes[parent + 1];
        parent = next !== undefined && code.startsWith(next) ? parent + 1 : (this.indexOf(code.slice(0, CODE_LENGTH[above]), above) ?? 0);
      }
      parents[i] = parent;
    }
    return parents;
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
