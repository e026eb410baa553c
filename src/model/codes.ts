/**
 * The levels of the area hierarchy and the official code scheme. A hierarchy has 1 to 5 of the
 * levels below, top down in this order (a city with three levels may have districts, towns and
 * grids); its codes are strings of any form. The official scheme (district 6 digits, town 9,
 * community 12, grid 14, micro-grid 17, each code starting with its parent's) is one case of it,
 * which the area index recognises to spare the load its lookups (area-index.ts).
 */

/** Every level a hierarchy may have, top down: micro-grids (微网格, courtyards) below the grids. */
export const LEVEL_NAMES = ['district', 'town', 'community', 'grid', 'microgrid'] as const;

/**
 * Each area's parent as its position in the level above: a Uint16 each when that level has at most
 * 65,536 areas (Chongqing's 65,000 grids, parents of 650,000 courtyards: 1.3 MB, not 2.6).
 */
export type ParentLinks = Uint16Array | Uint32Array;

/** Room for `count` links to a level of `above` areas (ParentLinks). */
export function parentLinks(count: number, above: number): ParentLinks {
  return above <= 0x10000 ? new Uint16Array(count) : new Uint32Array(count);
}

/** A level that has boundaries. */
export type BoundaryLevel = (typeof LEVEL_NAMES)[number];

/** The levels of the area hierarchy, the city at the top. */
export type AreaLevel = 'city' | BoundaryLevel;

/** The levels of the official scheme's four-level hierarchy (what the bundled fixture has). */
export const BOUNDARY_LEVELS: readonly BoundaryLevel[] = ['district', 'town', 'community', 'grid'];

/** How many digits an official code of each level has. */
export const CODE_LENGTH: Readonly<Record<BoundaryLevel, number>> = { district: 6, town: 9, community: 12, grid: 14, 'microgrid': 17 };

/** Whether `level` is one of LEVEL_NAMES. */
export const isLevelName = (level: unknown): level is BoundaryLevel => (LEVEL_NAMES as readonly unknown[]).includes(level);

/** The level of an official code (by its length), or undefined when it is not one. */
export function levelOfCode(code: string): BoundaryLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  return LEVEL_NAMES.find((level) => CODE_LENGTH[level] === code.length);
}

/**
 * Whether `code` is an official code of `level`: that many digits. A character loop, not a regular
 * expression: an area index checks ~77,000 codes with it while the map loads.
 */
export function isCodeOf(code: unknown, level: BoundaryLevel): boolean {
  if (typeof code !== 'string' || code.length !== CODE_LENGTH[level]) return false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether a level's feature ids are its codes as numbers: every code a number of at most 15 digits
 * without a leading zero (exact in a double, one number per code). Otherwise a feature's id is its
 * 1-based position in the level (areas.json's order). `gm-prepare` writes tiles by the same rule.
 */
export function codesAreIds(codes: Iterable<string>): boolean {
  for (const code of codes) {
    if (typeof code !== 'string' || code.length === 0 || code.length > 15 || code.charCodeAt(0) === 48) return false;
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
  }
  return true;
}
