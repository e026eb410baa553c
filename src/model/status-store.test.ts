import { expect } from 'chai';
import { AreaIndex } from './area-index.js';
import { BOARDS } from './board.js';
import { BOUNDARY_LEVELS, type BoundaryLevel } from './codes.js';
import { RANKED_STATUSES } from './grid-status.js';
import { StatusStore } from './status-store.js';

/** The sample fixture's hierarchy (one district: 11 towns, 80 communities, 710 grids). */
async function sampleIndex(): Promise<AreaIndex> {
  return AreaIndex.fromJson(await (await fetch('/fixtures/out/sample/areas.json')).json());
}

/** A deterministic pseudo-random rank per grid and board (mostly normal, as a city is). */
function rankAt(grid: number, board: number, round: number): number {
  const x = Math.sin(grid * 12.9898 + board * 78.233 + round * 37.719) * 43758.5453;
  const r = x - Math.floor(x);
  return r < 0.6 ? 0 : Math.min(RANKED_STATUSES.length - 1, Math.floor((r - 0.6) * 12.5));
}

/** Every area's shown rank, per level. */
function shownRanks(store: StatusStore, index: AreaIndex): Record<BoundaryLevel, number[]> {
  return Object.fromEntries(
    BOUNDARY_LEVELS.map((level) => [level, Array.from({ length: index.count(level) }, (_, i) => store.shownRank(level, i))]),
  ) as Record<BoundaryLevel, number[]>;
}

describe('StatusStore', () => {
  it('rolls a whole snapshot up in one pass per level exactly as grid by grid, and tells of the same areas', async () => {
    const index = await sampleIndex();
    const incremental = new StatusStore(index.hierarchy());
    const bulk = new StatusStore(index.hierarchy());
    for (let round = 0; round < 3; round++) {
      const told = { incremental: new Set<string>(), bulk: new Set<string>() };
      for (const store of [incremental, bulk]) {
        for (let grid = 0; grid < index.count('grid'); grid++) {
          BOARDS.forEach((_, b) => store.writeRank(grid, b, rankAt(grid, b, round)));
        }
      }
      const before = shownRanks(bulk, index);
      for (let grid = 0; grid < index.count('grid'); grid++) incremental.refresh(grid, (l, i) => told.incremental.add(`${l}:${i}`));
      bulk.refreshAll((l, i) => told.bulk.add(`${l}:${i}`));
      const after = shownRanks(bulk, index);
      expect(after, `round ${round}`).to.deep.equal(shownRanks(incremental, index));
      // Told of exactly the areas whose rank differs (the walk also tells of some that changed and changed back).
      const differ = BOUNDARY_LEVELS.flatMap((l) => after[l].flatMap((rank, i) => (rank !== before[l][i] ? [`${l}:${i}`] : [])));
      expect([...told.bulk].sort(), `round ${round}: the changed areas`).to.deep.equal(differ.sort());
      expect(differ.every((area) => told.incremental.has(area))).to.be.true;
      expect(told.bulk.size, 'a new snapshot changes areas at every level').to.be.greaterThan(index.count('grid') / 4);
    }
    // The roll-up is the worst of the children: the district shows the worst grid.
    const worstGrid = Math.max(...shownRanks(bulk, index).grid);
    expect(bulk.shownRank('district', 0)).to.equal(worstGrid);
    // After a bulk pass the counts are right for the incremental walk: one grid raised to the worst
    // rank and lowered again leaves every area as it was.
    const before = shownRanks(bulk, index);
    const grid = before.grid.indexOf(0);
    BOARDS.forEach((_, b) => bulk.writeRank(grid, b, RANKED_STATUSES.length - 1));
    bulk.refresh(grid, () => {});
    expect(bulk.shownRank('district', 0)).to.equal(RANKED_STATUSES.length - 1);
    BOARDS.forEach((_, b) => bulk.writeRank(grid, b, 0));
    bulk.refresh(grid, () => {});
    expect(shownRanks(bulk, index)).to.deep.equal(before);
  });

  it('shows the worst of the active boards only, after a change of boards', async () => {
    const index = await sampleIndex();
    const store = new StatusStore(index.hierarchy());
    store.writeRank(0, BOARDS.indexOf('safety'), RANKED_STATUSES.length - 1);
    for (let b = 0; b < BOARDS.length; b++) if (BOARDS[b] !== 'safety') store.writeRank(0, b, 0);
    store.refresh(0, () => {});
    expect(store.shownStatus('grid', 0)).to.equal(RANKED_STATUSES.at(-1));
    store.setActiveBoards(['party', 'economy'], () => {});
    expect(store.shownStatus('grid', 0)).to.equal(RANKED_STATUSES[0]);
    // Every other grid is still unknown on every board: so is the district, no longer in emergency.
    expect(store.shownStatus('district', 0)).to.equal('unknown');
  });
});
