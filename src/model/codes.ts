/**
 * Administrative codes and the levels of the hierarchy. A code's length says its level (district
 * 6 digits, town 9, community 12, grid 14) and each code starts with its parent's.
 */

/** The levels of the area hierarchy, city at the top. */
export type AreaLevel = 'city' | 'district' | 'town' | 'community' | 'grid';

/** The levels that have boundaries, top down. */
export const BOUNDARY_LEVELS = ['district', 'town', 'community', 'grid'] as const;
export type BoundaryLevel = (typeof BOUNDARY_LEVELS)[number];

/** How many digits a code of each level has. */
export const CODE_LENGTH: Readonly<Record<BoundaryLevel, number>> = { district: 6, town: 9, community: 12, grid: 14 };

/** The level a code belongs to, or undefined when it is not a code of the hierarchy. */
export function levelOfCode(code: string): BoundaryLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  return BOUNDARY_LEVELS.find((level) => CODE_LENGTH[level] === code.length);
}

/**
 * Whether `code` is a code of `level`: that many digits. A character loop, not a regular
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

/** The parent's code (the city has none; a district's parent is the city, returned as ''). */
export function parentCode(code: string): string {
  const level = levelOfCode(code);
  const index = level ? BOUNDARY_LEVELS.indexOf(level) : -1;
  return index > 0 ? code.slice(0, CODE_LENGTH[BOUNDARY_LEVELS[index - 1]]) : '';
}

/** The code of the area of `level` that contains the area `code` (`code` itself when not deeper). */
export function ancestorAt(code: string, level: BoundaryLevel): string {
  return code.length > CODE_LENGTH[level] ? code.slice(0, CODE_LENGTH[level]) : code;
}

/** The level below, or undefined for grids. */
export function childLevel(level: AreaLevel): BoundaryLevel | undefined {
  if (level === 'city') return 'district';
  return BOUNDARY_LEVELS[BOUNDARY_LEVELS.indexOf(level) + 1];
}

/** Feature ids are the numeric codes (at most 14 digits, exact in a double). */
export const codeToId = (code: string): number => Number(code);
export const idToCode = (id: number | string): string => String(id);
