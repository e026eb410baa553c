/** 四板块: the four boards a town's command centre splits its work into. */
export type Board = 'party' | 'economy' | 'livelihood' | 'safety';

export const BOARDS: readonly Board[] = ['party', 'economy', 'livelihood', 'safety'];

export function isBoard(value: unknown): value is Board {
  return typeof value === 'string' && (BOARDS as readonly string[]).includes(value);
}

/**
 * Parses the `boards` attribute (a comma list; empty means all boards).
 * @returns the active boards and any names that are not boards
 */
export function parseBoards(attribute: string | null | undefined): { boards: Board[]; unknown: string[] } {
  const names = (attribute ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isBoard(n));
  const boards = names.filter(isBoard);
  return { boards: names.length === 0 || boards.length === 0 ? [...BOARDS] : boards, unknown };
}
