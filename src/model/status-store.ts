import { BOARDS, type Board } from './board.js';
import type { CodeList } from './code-column.js';
import type { BoundaryLevel, ParentLinks } from './codes.js';
import { RANKED_STATUSES, STATUS_RANK, type GridStatus } from './grid-status.js';

const RANKS = RANKED_STATUSES.length;
/** Bits of a grid's rank on one board (RANKS ≤ 16), and their mask. */
const BOARD_BITS = 4;
const RANK_MASK = (1 << BOARD_BITS) - 1;

/** A grid's packed ranks with `rank` on every board. */
function everyBoard(rank: number): number {
  let ranks = 0;
  for (let b = 0; b < BOARDS.length; b++) ranks |= rank << (b * BOARD_BITS);
  return ranks >>> 0;
}

/** Where these boards' ranks are in a grid's packed ranks. */
function shiftsOf(boards: readonly Board[]): number[] {
  return boards.map((board) => BOARDS.indexOf(board) * BOARD_BITS);
}
const UNKNOWN_RANK = STATUS_RANK.unknown;

/** The areas of each level in a fixed order, and each area's parent as an index one level up. */
export interface Hierarchy {
  /** The levels, top down; the last (the finest) is the one whose areas carry statuses ("grids" below). */
  levels: readonly BoundaryLevel[];
  /** Each level's codes in its order (only their count is read here). */
  codes: Partial<Record<BoundaryLevel, CodeList>>;
  /** parents[level][i]: index of area i's parent in the level above (unused for the top level). */
  parents: Partial<Record<BoundaryLevel, ParentLinks>>;
  /** A grid's index in the finest level's codes (`hint`: where it is expected), or undefined for a code that is not a grid of the hierarchy. */
  gridIndexOf(code: string, hint?: number): number | undefined;
  /** The level and index of an area by code, or undefined for a code that is not an area of the hierarchy. */
  locate(code: string): [BoundaryLevel, number] | undefined;
}

/** Told of each area whose shown (worst) status changed (its new rank is `shownRank(level, index)`). */
export type RankChanged = (level: BoundaryLevel, index: number) => void;

/**
 * The share of an area's grids that decides its colour: an area shows the worst status that at
 * least this share of its grids hold or exceed (1 in 4). Why not the worst child, as before: one
 * orange grid in twenty turned its community, town and district orange, and the city view of the
 * fixture was all orange (issue 28). Counted over grids, not children, so the rule does not
 * compound level by level (a quarter of communities each a quarter yellow is not a yellow town).
 * A grid's own emergency still reaches the city view as its alert: the flashing and the markers do
 * not depend on this roll-up.
 */
export const DEFAULT_ROLL_UP_SHARE = 0.25;

/**
 * Grid statuses per board, and the rolled-up status of every area, kept incrementally.
 *
 * Everything is typed arrays indexed by the hierarchy's order: a grid's ranks on the four boards are
 * 4 bits each of one Uint16 (650,000 courtyards: 1.3 MB, not 2.6 as a byte per board and grid).
 * Each area keeps a count of its grids per shown rank, so a grid change costs O(depth): two counts
 * per level above it. Never a full recompute, except when the active boards or the share change
 * (every grid's shown status may change then).
 */
export class StatusStore {
  /** Per grid, its rank on each board: board b's in bits BOARD_BITS × b and up. */
  private readonly boardRanks: Uint16Array | Uint32Array;
  /** Shown rank per area, per level. */
  private readonly shown: Partial<Record<BoundaryLevel, Uint8Array>>;
  /** The hierarchy's levels, top down, and its finest (the grids: the areas that carry statuses). */
  readonly levels: readonly BoundaryLevel[];
  readonly finest: BoundaryLevel;
  /**
   * Grids per shown rank, per area above grid level: counts[level][i * RANKS + rank]. A Uint16 per
   * count for a level none of whose areas holds 65,536 grids (a grid's courtyards; not a district's).
   */
  private readonly counts: Partial<Record<BoundaryLevel, Uint16Array | Uint32Array>> = {};
  /** Where the active boards' ranks are in boardRanks (a grid shows the worst of them). */
  private activeShifts: number[];

  /**
   * Every grid starts unknown on every board; `boards` are the active ones; `share`: an area shows
   * the worst status at least that share of its grids hold or exceed (0: the worst grid).
   */
  constructor(
    private readonly hierarchy: Hierarchy,
    boards: readonly Board[] = BOARDS,
    private share = DEFAULT_ROLL_UP_SHARE,
  ) {
    this.levels = hierarchy.levels;
    this.finest = this.levels[this.levels.length - 1];
    const grids = hierarchy.codes[this.finest]!.length;
    this.boardRanks = BOARDS.length * BOARD_BITS <= 16 ? new Uint16Array(grids) : new Uint32Array(grids);
    this.boardRanks.fill(everyBoard(UNKNOWN_RANK));
    this.shown = Object.fromEntries(
      this.levels.map((level) => [level, new Uint8Array(hierarchy.codes[level]!.length).fill(UNKNOWN_RANK)]),
    );
    const most = this.mostGrids();
    for (const level of this.levels.slice(0, -1)) {
      const size = hierarchy.codes[level]!.length * RANKS;
      this.counts[level] = most[level]! < 0x10000 ? new Uint16Array(size) : new Uint32Array(size);
    }
    this.countGrids();
    this.activeShifts = shiftsOf(boards);
  }

  /** The grid's index, or undefined for a code that is not a grid of this hierarchy. */
  gridIndexOf(code: string, hint?: number): number | undefined {
    return this.hierarchy.gridIndexOf(code, hint);
  }

  /**
   * Sets one grid's status on one board (or all), without rolling it up: call `refresh(grid)` once
   * after all the writes of a batch (a snapshot writes each grid four times, one per board).
   */
  write(grid: number, status: GridStatus, board: Board | undefined): void {
    const rank = STATUS_RANK[status];
    if (board) this.writeRank(grid, BOARDS.indexOf(board), rank);
    else this.boardRanks[grid] = everyBoard(rank);
  }

  /** `write` by numbers: a rank (an index into RANKED_STATUSES) on the board at `board` in BOARDS. */
  writeRank(grid: number, board: number, rank: number): void {
    const shift = board * BOARD_BITS;
    this.boardRanks[grid] = (this.boardRanks[grid] & ~(RANK_MASK << shift)) | (rank << shift);
  }


  /** Changes the active boards; tells of every area whose shown rank changed. */
  setActiveBoards(boards: readonly Board[], changed: RankChanged): void {
    this.activeShifts = shiftsOf(boards);
    this.refreshAll(changed);
  }

  /** Changes the roll-up share (see the constructor); tells of every area whose shown rank changed. */
  setRollUpShare(share: number, changed: RankChanged): void {
    if (share === this.share) return;
    this.share = share;
    this.refreshAll(changed);
  }

  /** The shown status of an area (the worst over the active boards, rolled up). */
  shownStatus(level: BoundaryLevel, index: number): GridStatus {
    return RANKED_STATUSES[this.shown[level]![index]];
  }

  /** The shown rank of an area (an index into RANKED_STATUSES). */
  shownRank(level: BoundaryLevel, index: number): number {
    return this.shown[level]![index];
  }

  /** A grid's status on one board. */
  boardStatus(grid: number, board: Board): GridStatus {
    return RANKED_STATUSES[(this.boardRanks[grid] >>> (BOARDS.indexOf(board) * BOARD_BITS)) & RANK_MASK];
  }

  /** Count of areas of a level per shown status. */
  tally(level: BoundaryLevel): Record<GridStatus, number> {
    const tally = Object.fromEntries(RANKED_STATUSES.map((s) => [s, 0])) as Record<GridStatus, number>;
    for (const rank of this.shown[level] ?? []) tally[RANKED_STATUSES[rank]]++;
    return tally;
  }

  /** Grids per shown status: all of them, or those inside the area `code` (none for an unknown code). */
  gridTally(code = ''): Record<GridStatus, number> {
    const tally = Object.fromEntries(RANKED_STATUSES.map((s) => [s, 0])) as Record<GridStatus, number>;
    const shown = this.shown[this.finest]!;
    const inside = this.within(code);
    for (let i = 0; i < shown.length; i++) if (inside(i)) tally[RANKED_STATUSES[shown[i]]]++;
    return tally;
  }

  /** Grids per status on each board (active or not), of all grids or those inside the area `code`. */
  boardTally(code = ''): Record<Board, Record<GridStatus, number>> {
    const inside = this.within(code);
    return Object.fromEntries(
      BOARDS.map((board, b) => {
        const tally = Object.fromEntries(RANKED_STATUSES.map((s) => [s, 0])) as Record<GridStatus, number>;
        const [ranks, shift] = [this.boardRanks, b * BOARD_BITS];
        for (let i = 0; i < ranks.length; i++) if (inside(i)) tally[RANKED_STATUSES[(ranks[i] >>> shift) & RANK_MASK]]++;
        return [board, tally];
      }),
    ) as Record<Board, Record<GridStatus, number>>;
  }

  /** Whether a grid lies inside the area `code` ('' the city: every grid), walking its parent links up. */
  private within(code: string): (grid: number) => boolean {
    if (!code) return () => true;
    const area = this.hierarchy.locate(code);
    if (!area) return () => false;
    const [level, index] = area;
    const depth = this.levels.indexOf(level);
    const links = this.levels.map((l) => this.hierarchy.parents[l]!);
    return (grid) => {
      let at = grid;
      for (let d = this.levels.length - 1; d > depth; d--) at = links[d][at];
      return at === index;
    };
  }

  /** Shows a grid's worst status over the active boards; tells of every area whose shown rank changed. */
  refresh(grid: number, changed: RankChanged): void {
    this.setShown(this.finest, grid, this.worstActive(grid), changed);
  }

  /**
   * What `refresh` does for every grid, as one pass per level: each grid's worst rank over the
   * active boards, then each level's child counts and worst ranks from the level below. For a batch
   * that touched most grids (a snapshot, a change of boards) this costs what the grid-by-grid walk
   * does, in tight loops over the typed arrays instead of a call chain per grid: on a cold page
   * (code not yet optimised) a 65,000-grid snapshot rolls up in a fraction of the time.
   */
  refreshAll(changed: RankChanged): void {
    const grids = this.shown[this.finest]!;
    for (let grid = 0; grid < grids.length; grid++) {
      const worst = this.worstActive(grid);
      if (grids[grid] !== worst) {
        grids[grid] = worst;
        changed(this.finest, grid);
      }
    }
    this.countGrids();
    for (const level of this.levels.slice(0, -1)) {
      const [counts, shown] = [this.counts[level]!, this.shown[level]!];
      for (let area = 0; area < shown.length; area++) {
        const rank = this.rolledUp(counts, area);
        if (shown[area] !== rank) {
          shown[area] = rank;
          changed(level, area);
        }
      }
    }
  }

  /** The most grids an area of each level above the finest holds. */
  private mostGrids(): Partial<Record<BoundaryLevel, number>> {
    const most: Partial<Record<BoundaryLevel, number>> = {};
    let below: Uint32Array | undefined;
    for (let depth = this.levels.length - 1; depth > 0; depth--) {
      const [parentLevel, level] = [this.levels[depth - 1], this.levels[depth]];
      const parents = this.hierarchy.parents[level]!;
      const grids = new Uint32Array(this.hierarchy.codes[parentLevel]!.length);
      for (let i = 0; i < parents.length; i++) grids[parents[i]] += below ? below[i] : 1;
      most[parentLevel] = grids.reduce((a, b) => Math.max(a, b), 0);
      below = grids;
    }
    return most;
  }

  /** Counts every area's grids per shown rank: the grids into their parents, then level by level up. */
  private countGrids(): void {
    for (let depth = this.levels.length - 1; depth > 0; depth--) {
      const [parentLevel, level] = [this.levels[depth - 1], this.levels[depth]];
      const parents = this.hierarchy.parents[level]!;
      const counts = this.counts[parentLevel]!.fill(0);
      if (level === this.finest) {
        const ranks = this.shown[level]!;
        for (let i = 0; i < ranks.length; i++) counts[parents[i] * RANKS + ranks[i]]++;
        continue;
      }
      const below = this.counts[level]!;
      for (let i = 0; i < parents.length; i++) for (let r = 0; r < RANKS; r++) counts[parents[i] * RANKS + r] += below[i * RANKS + r];
    }
  }

  /** A grid's worst rank over the active boards. */
  private worstActive(grid: number): number {
    const ranks = this.boardRanks[grid];
    const shifts = this.activeShifts;
    let worst = 0;
    for (let b = 0; b < shifts.length; b++) {
      const rank = (ranks >>> shifts[b]) & RANK_MASK;
      if (rank > worst) worst = rank;
    }
    return worst;
  }

  /** Shows a grid's rank and moves it in every area above (O(depth)); tells of each area whose shown rank changed. */
  private setShown(level: BoundaryLevel, index: number, rank: number, changed: RankChanged): void {
    const before = this.shown[level]![index];
    if (before === rank) return;
    this.shown[level]![index] = rank;
    changed(level, index);
    let [child, childLevel] = [index, level];
    for (let depth = this.levels.indexOf(level) - 1; depth >= 0; depth--) {
      const parentLevel = this.levels[depth];
      const parent = this.hierarchy.parents[childLevel]![child];
      const counts = this.counts[parentLevel]!;
      counts[parent * RANKS + before]--;
      counts[parent * RANKS + rank]++;
      const shown = this.rolledUp(counts, parent);
      if (this.shown[parentLevel]![parent] !== shown) {
        this.shown[parentLevel]![parent] = shown;
        changed(parentLevel, parent);
      }
      [child, childLevel] = [parent, parentLevel];
    }
  }

  /**
   * The rank an area shows: the worst of attention, warning and emergency that at least `share` of
   * its grids hold or exceed; else unknown when at least that share is unknown; else normal. (Not
   * cumulative through unknown: a district a fifth yellow and a twentieth unknown is not grey.)
   */
  private rolledUp(counts: Uint16Array | Uint32Array, area: number): number {
    const base = area * RANKS;
    let total = 0;
    for (let r = 0; r < RANKS; r++) total += counts[base + r];
    const needed = this.share * total;
    let atLeast = 0;
    for (let r = RANKS - 1; r > UNKNOWN_RANK; r--) {
      atLeast += counts[base + r];
      if (atLeast > 0 && atLeast >= needed) return r;
    }
    const unknown = counts[base + UNKNOWN_RANK];
    return unknown > 0 && unknown >= needed ? UNKNOWN_RANK : 0;
  }

}
