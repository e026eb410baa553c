import { itemProblem, type ItemProblem, type MapItem } from './map-item.js';
import type { Board } from './board.js';

/** 重点场所: the kinds of key site. */
export type SiteCategory =
  | 'school'
  | 'hospital'
  | 'hazard'
  | 'market'
  | 'elderly'
  | 'childcare'
  | 'hydrant'
  | 'camera'
  | 'shelter'
  | 'government'
  | 'other';

export const SITE_CATEGORIES: readonly SiteCategory[] = [
  'school', 'hospital', 'hazard', 'market', 'elderly', 'childcare', 'hydrant', 'camera', 'shelter', 'government', 'other',
];

/** 重点场所 key site. */
export interface Site extends MapItem {
  name: string;
  category: SiteCategory;
  board: Board;
  gridCode?: string;
}

/** The shared checks plus a known category. */
export function siteProblem(item: unknown): ItemProblem {
  const problem = itemProblem(item);
  if (problem) return problem;
  return (SITE_CATEGORIES as readonly string[]).includes((item as Site).category) ? null : 'bad-kind';
}
