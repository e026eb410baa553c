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
  for (const share of [0, 0.25]) {
  it(`rolls a whole snapshot up in one pass per level exactly as grid by grid, and tells of the same areas (share ${share})`, async () => {
    const index = await sampleIndex();
    const incremental = new StatusStore(index.hierarchy(), BOARDS, share);
    const bulk = new StatusStore(index.hierarchy(), BOARDS, share);
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
    // After a bulk pass the counts are right for the incremental walk: one grid raised to the worst
    // rank and lowered again leaves every area as it was.
    const before = shownRanks(bulk, index);
    const grid = before.grid.indexOf(0);
    BOARDS.forEach((_, b) => bulk.writeRank(grid, b, RANKED_STATUSES.length - 1));
    bulk.refresh(grid, () => {});
    // Share 0 is the worst child: one grid's emergency reaches the district.
    if (share === 0) expect(bulk.shownRank('district', 0)).to.equal(RANKED_STATUSES.length - 1);
    BOARDS.forEach((_, b) => bulk.writeRank(grid, b, 0));
    bulk.refresh(grid, () => {});
    expect(shownRanks(bulk, index)).to.deep.equal(before);
  });
  }

  it('shows an area in the worst status a quarter of its grids hold or exceed, so a healthy city is not orange', async () => {
    const index = await sampleIndex();
    const hierarchy = index.hierarchy();
    const [worst, quarter] = [new StatusStore(hierarchy, BOARDS, 0), new StatusStore(hierarchy)];
    // A healthy city: 1 grid in 20 warning, 1 in 8 attention, 1 emergency, the rest normal.
    for (let grid = 0; grid < index.count('grid'); grid++) {
      const rank = grid === 7 ? 4 : grid % 20 === 3 ? 3 : grid % 8 === 1 ? 2 : 0;
      for (const store of [worst, quarter]) BOARDS.forEach((_, b) => store.writeRank(grid, b, rank));
    }
    for (const store of [worst, quarter]) store.refreshAll(() => {});
    expect(worst.shownStatus('district', 0), 'the worst child: the emergency grid colours the district').to.equal('emergency');
    expect(quarter.shownStatus('district', 0)).to.equal('normal');
    const towns = quarter.tally('town');
    expect(towns.normal, `towns: ${JSON.stringify(towns)}`).to.be.at.least(index.count('town') * 0.8);
    expect(worst.tally('town').normal, 'the worst child: hardly a town normal').to.be.below(index.count('town') * 0.2);

    // The rule, on one community: its grids, k of them warning.
    const community = 0;
    const grids = [...hierarchy.parents.grid!.keys()].filter((g) => hierarchy.parents.grid![g] === community);
    const store = new StatusStore(hierarchy);
    const set = (count: number, rank: number) => {
      grids.forEach((g, i) => BOARDS.forEach((_, b) => store.writeRank(g, b, i < count ? rank : 0)));
      grids.forEach((g) => store.refresh(g, () => {}));
      return store.shownStatus('community', community);
    };
    const quarterOf = Math.ceil(grids.length / 4);
    expect(set(quarterOf - 1, 3), `${quarterOf - 1} of ${grids.length} warning`).to.equal('normal');
    expect(set(quarterOf, 3), `${quarterOf} of ${grids.length} warning`).to.equal('warning');
    expect(set(quarterOf, 4), `${quarterOf} of ${grids.length} in emergency`).to.equal('emergency');
    // At least a quarter at attention or worse, none of the worse ones a quarter alone: attention.
    grids.forEach((g, i) => BOARDS.forEach((_, b) => store.writeRank(g, b, i === 0 ? 4 : i < quarterOf ? 2 : 0)));
    grids.forEach((g) => store.refresh(g, () => {}));
    expect(store.shownStatus('community', community)).to.equal(quarterOf > 1 ? 'attention' : 'emergency');
    // Share 0 again: the worst child.
    store.setRollUpShare(0, () => {});
    expect(store.shownStatus('community', community)).to.equal('emergency');
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

  it('counts past 65,535 grids in one area, and keeps each board\'s rank of a grid apart', () => {
    // One district of 66,600 grids: 1,000 emergencies are 1.5 %, under a 5 % share (a count kept in
    // 16 bits would wrap 65,600 normal grids to 64 and show the district red).
    const grids = Array.from({ length: 66_600 }, (_, i) => `G${i}`);
    const index = AreaIndex.fromJson({ district: { codes: ['D'], names: ['区'], labels: [0, 0] }, grid: { codes: grids, names: grids, labels: grids.flatMap(() => [0, 0]), parents: grids.map(() => 0) } });
    const store = new StatusStore(index.hierarchy(), BOARDS, 0.05);
    const changed: string[] = [];
    for (let grid = 0; grid < grids.length; grid++) store.write(grid, grid < 1000 ? 'emergency' : 'normal', undefined);
    store.refreshAll((level, i) => changed.push(`${level}:${i}`));
    expect(store.shownStatus('district', 0)).to.equal('normal');
    store.write(5, 'warning', 'economy');
    store.write(5, 'attention', 'safety');
    expect([store.boardStatus(5, 'economy'), store.boardStatus(5, 'safety'), store.boardStatus(5, 'party')]).to.deep.equal(['warning', 'attention', 'emergency']);
    store.setActiveBoards(['economy', 'safety'], () => {});
    expect(store.shownStatus('grid', 5), 'the worst of the active boards').to.equal('warning');
    expect(store.boardTally().economy.warning).to.equal(1);
  });
});
