import { CodeColumn } from './code-column.js';
import { NameColumn } from './name-column.js';
import { CODE_LENGTH, codesAreIds, isLevelName, LEVEL_NAMES, parentLinks, type AreaLevel, type BoundaryLevel, type ParentLinks } from './codes.js';
import type { Feature, Geometry, Position } from 'geojson';
import type { Hierarchy } from './status-store.js';

/** The longest area name kept: a place name is a few words; a longer one is cut (and reported). */
export const MAX_AREA_NAME = 100;

/** The longest code kept: official codes have 6 to 17 characters, a city's own a few more. */
export const MAX_CODE = 64;

/**
 * Label points and boxes are held in units of 1e-7 degree (~1 cm) as Int32: exact for coordinates
 * of up to 7 decimals (gm-prepare writes 6), in half the bytes of a Float64Array (650,000 courtyards'
 * label points: 5 MB, not 10).
 */
export const LABEL_UNITS = 1e7;

/** What the map knows of one area without its polygon. */
export interface AreaInfo {
  code: string;
  level: BoundaryLevel;
  name: string;
  /** Index within its level. */
  index: number;
  /** A point inside the area, where its label goes. */
  label: [number, number];
  /** [west, south, east, north]; absent for the finest level (flown to at its label point). */
  bbox?: [number, number, number, number];
}

/** One level of areas.json: parallel arrays (see docs/fixture.md). */
export interface AreaIndexLevel {
  /** The codes: strings as parsed, a CodeColumn once loaded (readIndexJson compacts them). */
  codes: string[] | CodeColumn;
  /** The names: strings as parsed, a NameColumn once loaded. */
  names: string[] | NameColumn;
  /** [lng, lat, lng, lat, …]: in degrees as parsed, an Int32Array in LABEL_UNITS once loaded (readIndexJson compacts the parsed arrays). */
  labels: ArrayLike<number>;
  /** [west, south, east, north, …] per area (not on the finest level); in degrees, or an Int32Array in LABEL_UNITS once loaded. */
  bboxes?: ArrayLike<number>;
  /**
   * Each area's parent as its index in the level above, for codes that do not start with their
   * parent's (a city's own scheme); without it a parent is the area above whose code starts the child's.
   */
  parents?: ArrayLike<number>;
}
export type AreaIndexJson = Partial<Record<BoundaryLevel, AreaIndexLevel>>;

/** A level as the index holds it: its codes in one CodeColumn, its names in one NameColumn, its points in LABEL_UNITS. */
type IndexLevel = AreaIndexLevel & { codes: CodeColumn; names: NameColumn; labels: Int32Array; bboxes?: Int32Array };

/** A feature id: the code as a number, the 1-based position in the level, or (a tile server's `codeField`) the code itself. */
export type FeatureId = number | string;

/**
 * Every area by code: names, label points and boxes for naming, finding and flying to any of the
 * ~77,000 areas, and the parent links the status roll-up, the drill-down and the breadcrumb need.
 * Kept as the parallel arrays it is loaded from (no object per area until one is asked for).
 *
 * The hierarchy has the levels areas.json has (1 to 5 of LEVEL_NAMES, top down) and codes of any
 * form. Codes of the official scheme (each level's codes of its own length, each starting with its
 * parent's) are recognised at load: their level is their length, their parent their first digits,
 * and no lookup table is made until one is needed. Other codes are found through one table per level.
 */
export class AreaIndex {
  /** The hierarchy's levels, top down. */
  readonly levels: readonly BoundaryLevel[];
  /** The finest level: the one whose areas carry statuses and the grid mosaic. */
  readonly finest: BoundaryLevel;
  /** Names longer than MAX_AREA_NAME that were cut, as `code: first characters…` (reported by the map). */
  readonly cutNames: string[] = [];

  private readonly entries: Partial<Record<BoundaryLevel, IndexLevel>> = {};
  /** Whether every level's codes are official codes of it (the level is then the code's length). */
  private readonly official: boolean;
  private links?: Partial<Record<BoundaryLevel, ParentLinks>>;
  /** Per level: whether its feature ids are its codes as strings (a tile server's `codeField`). */
  private readonly codeIds = new Set<BoundaryLevel>();
  private readonly numericIds: Partial<Record<BoundaryLevel, boolean>> = {};
  /** Codes listed more than once, once known (duplicates()). */
  private duplicateCodes?: string[];

  /**
   * Each level's codes become a CodeColumn (the data worker sends them as one). Its table by code is
   * made on first use: the load needs only the levels above the finest (for the parent links) and
   * finds the finest areas by position (see indexOf's hint).
   */
  private constructor(levels: AreaIndexJson) {
    for (const level of LEVEL_NAMES) {
      const entry = levels[level];
      if (!entry) continue;
      const codes = entry.codes instanceof CodeColumn ? entry.codes : CodeColumn.from(entry.codes);
      const names = entry.names instanceof NameColumn ? entry.names : NameColumn.from(entry.names.map(String));
      this.entries[level] = { ...entry, codes, names, labels: inUnits(entry.labels), bboxes: entry.bboxes && inUnits(entry.bboxes) };
    }
    this.levels = LEVEL_NAMES.filter((level) => this.entries[level]);
    this.finest = this.levels[this.levels.length - 1];
    this.official = this.levels.every((level) => this.entries[level]!.codes.digitsWidth() === CODE_LENGTH[level]);
  }

  /**
   * Checks and wraps a parsed areas.json.
   * @throws Error naming what is wrong (the caller reports it as a `gm-error`)
   */
  static fromJson(json: unknown): AreaIndex {
    return AreaIndex.fromChecked(readIndexJson(json));
  }

  /** The index of a parsed areas.json already checked, cut and compacted (readIndexJson, in the data worker). */
  static fromChecked({ levels, cutNames, duplicates }: CheckedIndex): AreaIndex {
    const index = new AreaIndex(levels);
    index.cutNames.push(...cutNames);
    index.duplicateCodes = duplicates;
    return index;
  }

  /** The index of levels already prepared (boundary-level.ts: checked, one entry per accepted feature). */
  static fromLevels(levels: AreaIndexJson): AreaIndex {
    return new AreaIndex(levels);
  }

  /**
   * The levels whose features carry their code itself as id (a tile server's `codeField`, MapLibre's
   * `promoteId`): set once by the engine from the manifest, before the ids are asked for.
   */
  useCodesAsIds(levels: Iterable<BoundaryLevel>): void {
    for (const level of levels) this.codeIds.add(level);
  }

  /**
   * Codes listed more than once (the first is the one found by code). Found in the data worker with
   * the rest of areas.json's checks (readIndexJson); for an index of levels prepared here, at the
   * first call. The map reports them once it has drawn.
   */
  duplicates(): string[] {
    return (this.duplicateCodes ??= this.levels.flatMap((level) => this.entries[level]!.codes.duplicates()));
  }

  /** The level of an area of this hierarchy by its code (the first level that has it), or undefined. */
  levelOf(code: string): BoundaryLevel | undefined {
    if (typeof code !== 'string' || !code) return undefined;
    if (this.official) {
      const level = this.levels.find((l) => CODE_LENGTH[l] === code.length);
      return level && this.indexOf(code, level) !== undefined ? level : undefined;
    }
    return this.levels.find((level) => this.indexOf(code, level) !== undefined);
  }

  has(code: string): boolean {
    return this.levelOf(code) !== undefined;
  }

  get(code: string): AreaInfo | undefined {
    const level = this.levelOf(code);
    return level ? this.at(level, this.indexOf(code, level)!) : undefined;
  }

  /** The area at `index` of `level`. */
  at(level: BoundaryLevel, index: number): AreaInfo | undefined {
    const entry = this.entries[level];
    if (!entry || !(index >= 0 && index < entry.codes.length)) return undefined;
    const { labels, bboxes } = entry;
    return {
      code: entry.codes.at(index)!,
      level,
      index,
      name: entry.names.at(index)!,
      label: [labels[2 * index] / LABEL_UNITS, labels[2 * index + 1] / LABEL_UNITS],
      bbox: bboxes ? [bboxes[4 * index] / LABEL_UNITS, bboxes[4 * index + 1] / LABEL_UNITS, bboxes[4 * index + 2] / LABEL_UNITS, bboxes[4 * index + 3] / LABEL_UNITS] : undefined,
    };
  }

  /** The level below `level` (the top level below the city), or undefined for the finest. */
  childLevel(level: AreaLevel): BoundaryLevel | undefined {
    return level === 'city' ? this.levels[0] : this.levels[this.levels.indexOf(level) + 1];
  }

  /** The parent's code of an area ('' for an area of the top level, whose parent is the city; undefined for an unknown code). */
  parentOf(code: string): string | undefined {
    const level = this.levelOf(code);
    if (!level) return undefined;
    const depth = this.levels.indexOf(level);
    if (depth === 0) return '';
    const above = this.levels[depth - 1];
    return this.entries[above]!.codes.at(this.parentLinks()[level]![this.indexOf(code, level)!]);
  }

  /** The codes from the top level down to `code` itself (empty for an unknown code): one parent link per level. */
  pathOf(code: string): string[] {
    const level = this.levelOf(code);
    return level ? this.pathAt(level, this.indexOf(code, level)!) : [];
  }

  /**
   * The codes from the top level down to the area at `index` of `level`, by parent links only: no
   * lookup by code (the first lookup in a level makes its table, ~50 ms for 650,000 courtyards).
   */
  pathAt(level: BoundaryLevel, index: number): string[] {
    const links = this.parentLinks();
    const path = [this.entries[level]!.codes.at(index)!];
    for (let depth = this.levels.indexOf(level); depth > 0; depth--) {
      index = links[this.levels[depth]]![index];
      path.push(this.entries[this.levels[depth - 1]]!.codes.at(index)!);
    }
    return path.reverse();
  }

  /**
   * Whether the area `code` is the area `area` or lies inside it ('' the city holds every area). For
   * official codes, that the one starts with the other; else along the parent links.
   */
  contains(area: string, code: string): boolean {
    if (!area) return this.has(code);
    if (this.official) return code.startsWith(area) && this.has(area) && this.has(code);
    return this.pathOf(code).includes(area);
  }

  /** The level's names in its order (read one with `at`; `distinct` has each once). */
  names(level: BoundaryLevel): NameColumn {
    return this.entries[level]?.names ?? NO_NAMES;
  }

  /** The level's codes in its order (read one with `at`). */
  codes(level: BoundaryLevel): CodeColumn {
    return this.entries[level]?.codes ?? NO_CODES;
  }

  count(level: BoundaryLevel): number {
    return this.entries[level]?.codes.length ?? 0;
  }

  /** The level's label points, [lng, lat, lng, lat, …] in its order, in LABEL_UNITS (divide by it for degrees). */
  labelPoints(level: BoundaryLevel): Int32Array {
    return this.entries[level]?.labels ?? new Int32Array(0);
  }

  /**
   * The id of the area at `index` of `level` in its MapLibre source (feature-state, queries): its
   * code as a number when every code of the level is one (codesAreIds), else its 1-based position,
   * or its code itself for a level served with a `codeField`.
   */
  idOf(level: BoundaryLevel, index: number): FeatureId {
    const code = this.entries[level]!.codes.at(index)!;
    if (this.codeIds.has(level)) return code;
    return this.idsAreCodes(level) ? Number(code) : index + 1;
  }

  /** Every area's id of a level (idOf), in the level's order: for writing feature-state in bulk. */
  featureIds(level: BoundaryLevel): ArrayLike<FeatureId> {
    const codes = this.codes(level);
    if (this.codeIds.has(level)) return [...codes];
    return this.idsAreCodes(level) ? Float64Array.from(codes, Number) : Float64Array.from({ length: codes.length }, (_, i) => i + 1);
  }

  /** The code of the feature `id` of `level`'s source, or undefined when no area of the level has it. */
  codeOfId(level: BoundaryLevel, id: FeatureId): string | undefined {
    const index = this.indexOfId(level, id);
    return index === undefined ? undefined : this.codes(level).at(index);
  }

  /** The position in its level of the feature `id` of `level`'s source, or undefined when no area of the level has it. */
  indexOfId(level: BoundaryLevel, id: FeatureId): number | undefined {
    if (this.codeIds.has(level) || this.idsAreCodes(level)) return this.indexOf(String(id), level);
    const index = Number(id) - 1;
    return Number.isInteger(index) && index >= 0 && index < this.count(level) ? index : undefined;
  }

  private idsAreCodes(level: BoundaryLevel): boolean {
    return (this.numericIds[level] ??= codesAreIds(this.codes(level)));
  }

  /**
   * Index of `code` within its level, or undefined when it is not an area of `level`. `hint` is
   * where it is expected: data written in the index's own order (a statuses snapshot) is found
   * without a lookup.
   */
  indexOf(code: string, level: BoundaryLevel, hint = -1): number | undefined {
    const codes = this.entries[level]?.codes;
    if (!codes) return undefined;
    // The first of duplicate codes is the one found (duplicates() lists the others).
    return codes.equals(hint, code) ? hint : codes.find(code);
  }

  /** Parent links for the status roll-up; areas whose parent is missing hang off index 0 of the level above. */
  hierarchy(): Hierarchy {
    const links = this.parentLinks();
    const codes: Hierarchy['codes'] = {};
    const parents: Hierarchy['parents'] = {};
    for (const level of this.levels) {
      codes[level] = this.codes(level);
      parents[level] = links[level] ?? new Uint32Array(this.count(level));
    }
    const locate = (code: string): [BoundaryLevel, number] | undefined => {
      const level = this.levelOf(code);
      return level ? [level, this.indexOf(code, level)!] : undefined;
    };
    return { levels: this.levels, codes, parents, gridIndexOf: (code, hint) => this.indexOf(code, this.finest, hint), locate };
  }

  /** Each level's parent links below the top, made once. */
  private parentLinks(): Partial<Record<BoundaryLevel, ParentLinks>> {
    if (this.links) return this.links;
    const links: Partial<Record<BoundaryLevel, ParentLinks>> = {};
    this.levels.forEach((level, depth) => {
      if (depth > 0) links[level] = this.parentsOf(level, this.levels[depth - 1]);
    });
    return (this.links = links);
  }

  /**
   * Each area's parent, one level up: areas.json's `parents` when it has them, else the area whose
   * code starts the child's (the longest, for codes that are not official). Official codes listed
   * by parent, as areas.json is written, are matched by walking both lists together, which spares
   * the city's load 76,000 lookups; others are looked up by each length of code the level above has.
   */
  private parentsOf(level: BoundaryLevel, above: BoundaryLevel): ParentLinks {
    const { codes, parents: given } = this.entries[level]!;
    if (given) return given instanceof Uint32Array || given instanceof Uint16Array ? given : Uint32Array.from(given);
    const aboveCodes = this.entries[above]!.codes;
    const lengths = this.official ? [CODE_LENGTH[above]] : [...new Set(Array.from(aboveCodes, (c) => c.length))].sort((a, b) => b - a);
    const parents = parentLinks(codes.length, aboveCodes.length);
    let parent = 0;
    for (let i = 0; i < codes.length; i++) {
      // Official codes have one length per level: a code starting the child's is its parent. Others
      // may start each other ('A', 'AB'): the longest is the parent.
      if (!this.official) parent = this.prefixParent(codes.at(i)!, above, lengths);
      else if (!codes.startsWith(i, aboveCodes, parent)) {
        parent = parent + 1 < aboveCodes.length && codes.startsWith(i, aboveCodes, parent + 1) ? parent + 1 : this.prefixParent(codes.at(i)!, above, lengths);
      }
      parents[i] = parent;
    }
    return parents;
  }

  private prefixParent(code: string, above: BoundaryLevel, lengths: number[]): number {
    for (const length of lengths) {
      const found = length < code.length ? this.indexOf(code.slice(0, length), above) : undefined;
      if (found !== undefined) return found;
    }
    return 0;
  }
}

/** A parsed areas.json, checked, its long names cut (listed in `cutNames` as `code: first characters…`), compacted. */
export interface CheckedIndex {
  levels: AreaIndexJson;
  cutNames: string[];
  /** Codes listed more than once in their level. */
  duplicates: string[];
}

/**
 * Checks a parsed areas.json, cuts names over MAX_AREA_NAME (names are text drawn in labels, lists
 * and search: a 1 MB name froze the page) and compacts it in place (compactLevel). Pure: run in the
 * data worker for the map (engine/workers/data-worker.ts), which sends the result packed.
 * @throws Error naming what is wrong (the caller reports it as a `gm-error`)
 */
export function readIndexJson(json: unknown): CheckedIndex {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('the area index is not a JSON object');
  const levels = json as Record<string, AreaIndexLevel>;
  const unknown = Object.keys(levels).find((key) => !isLevelName(key));
  if (unknown !== undefined) throw new Error(`area index has an unknown level "${unknown.slice(0, 40)}" (levels: ${LEVEL_NAMES.join(', ')})`);
  const present = LEVEL_NAMES.filter((level) => levels[level] !== undefined);
  if (!present.length) throw new Error('area index has no level');
  present.forEach((level, depth) => checkEntry(levels[level], level, depth > 0 ? levels[present[depth - 1]].codes.length : 0));
  const cutNames: string[] = [];
  for (const [depth, level] of present.entries()) {
    cutLongNames(levels[level], cutNames);
    compactLevel(levels[level], depth > 0 ? levels[present[depth - 1]].codes.length : 0);
  }
  return checkedIndex(levels, present, cutNames);
}

/**
 * The last steps of reading an index, from areas.json or areas.bin (index-file.ts): levels compacted
 * and checked; finds the duplicate codes and keeps codes after their parents'.
 */
export function checkedIndex(levels: AreaIndexJson, present: BoundaryLevel[], cutNames: string[]): CheckedIndex {
  const duplicates = present.flatMap((level) => (levels[level]!.codes as CodeColumn).duplicates());
  keepCodesAfterParents(levels, present);
  return { levels, cutNames, duplicates };
}

/**
 * Keeps of the codes that start with their parent's only the rest (CodeColumn.afterParents), with
 * each area's parent link, found as the index finds it: the official scheme's 650,000 courtyard
 * codes are 3 bytes each, not 17, and the page gets the links made. A level with a code that does
 * not start with its parent's keeps its codes whole.
 */
function keepCodesAfterParents(levels: AreaIndexJson, present: BoundaryLevel[]): void {
  const { parents } = AreaIndex.fromLevels(levels).hierarchy();
  const whole = present.map((level) => levels[level]!.codes as CodeColumn);
  present.forEach((level, depth) => {
    const rest = depth > 0 ? whole[depth].restAfterParents(whole[depth - 1], parents[level]!) : undefined;
    if (!rest) return;
    levels[level]!.codes = CodeColumn.afterParents(rest, levels[present[depth - 1]]!.codes as CodeColumn, parents[level]!);
    levels[level]!.parents = parents[level];
  });
}

function cutLongNames(entry: AreaIndexLevel, cut: string[]): void {
  const names = entry.names as string[];
  const codes = entry.codes as string[];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name === 'string' && name.length <= MAX_AREA_NAME) continue;
    const text = typeof name === 'string' ? name : String(name);
    names[i] = text.slice(0, MAX_AREA_NAME);
    cut.push(`${codes[i]}: ${text.slice(0, 20)}…`);
  }
}

/**
 * Makes a parsed level compact in place: codes into one CodeColumn (code-column.ts), numbers into
 * typed arrays (a parsed array of 1.3 million label coordinates is 10 MB of the page's JS heap; as
 * Int32 in LABEL_UNITS, 5 MB), and names into one NameColumn, each repeated name one string (a city's
 * 650,000 courtyards repeat a few names — 第3院落, 1号院 — and JSON.parse makes a string for every
 * one: 15 MB of the micro-grid fixture's page). See docs/architecture.md, the index at 650,000 areas.
 */
function compactLevel(entry: AreaIndexLevel, above: number): void {
  entry.codes = CodeColumn.from(entry.codes as string[]);
  entry.labels = inUnits(entry.labels);
  if (entry.bboxes) entry.bboxes = inUnits(entry.bboxes);
  if (entry.parents) {
    const parents = parentLinks(entry.parents.length, above);
    parents.set(entry.parents);
    entry.parents = parents;
  }
  entry.names = NameColumn.from(entry.names as string[]);
}

/** Checks one level of a parsed areas.json (`above`: how many areas the level above has, 0 for the top). */
function checkEntry(entry: AreaIndexLevel | undefined, level: BoundaryLevel, above: number): void {
  if (!entry || !Array.isArray(entry.codes) || !Array.isArray(entry.names) || !Array.isArray(entry.labels)) {
    throw new Error(`area index has no valid "${level}" entry`);
  }
  if (entry.names.length !== entry.codes.length || entry.labels.length !== 2 * entry.codes.length) {
    throw new Error(`area index "${level}" arrays differ in length`);
  }
  const wrong = entry.codes.find((c) => typeof c !== 'string' || !c || c.length > MAX_CODE);
  if (wrong !== undefined) throw new Error(`area index "${level}" holds a code that is not a string of 1 to ${MAX_CODE} characters: ${String(wrong).slice(0, 40)}`);
  const { parents } = entry;
  if (parents === undefined) return;
  if (!Array.isArray(parents) || parents.length !== entry.codes.length || !parents.every((p: unknown) => Number.isInteger(p) && (p as number) >= 0 && (p as number) < above)) {
    throw new Error(`area index "${level}" parents are not one index of the level above per area`);
  }
}

/** Degrees in LABEL_UNITS (an Int32Array already is: readIndexJson made it). */
function inUnits(degrees: ArrayLike<number>): Int32Array {
  if (degrees instanceof Int32Array) return degrees;
  // A loop: Int32Array.from with a mapping function took 150 ms for 1.3 million points.
  const units = new Int32Array(degrees.length);
  for (let i = 0; i < units.length; i++) units[i] = Math.round(degrees[i] * LABEL_UNITS);
  return units;
}

const NO_CODES = CodeColumn.from([]);
const NO_NAMES = NameColumn.from([]);

/** A Polygon or MultiPolygon feature of closed rings of 4+ positions, all numbers in lng/lat range. */
export function isArea(feature: Feature): boolean {
  return areaBox(feature) !== undefined;
}

/**
 * A valid area's bounding box `[west, south, east, north]` (isArea's rule), or undefined: the check
 * and the box in one pass over the positions, which boundary-level.ts runs on every feature of a
 * GeoJSON level (65,000 grids: turf's bbox after the check walked them all twice).
 */
export function areaBox(feature: Feature): [number, number, number, number] | undefined {
  const polygons = polygonsOf(feature?.geometry);
  if (!polygons?.length) return undefined;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || !rings.length) return undefined;
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return undefined;
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2) return undefined;
        const [x, y] = p;
        // typeof: Math.abs takes '5' and null as numbers; the range test fails NaN and Infinity.
        if (typeof x !== 'number' || typeof y !== 'number' || !(Math.abs(x) <= 180 && Math.abs(y) <= 90)) return undefined;
        if (x < west) west = x;
        if (x > east) east = x;
        if (y < south) south = y;
        if (y > north) north = y;
      }
    }
  }
  return [west, south, east, north];
}

function polygonsOf(geometry: Geometry | null | undefined): Position[][][] | undefined {
  if (geometry?.type === 'Polygon') return Array.isArray(geometry.coordinates) ? [geometry.coordinates] : undefined;
  if (geometry?.type === 'MultiPolygon') return Array.isArray(geometry.coordinates) ? geometry.coordinates : undefined;
  return undefined;
}
