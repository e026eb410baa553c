import { expect } from 'chai';
import { AreasInTiles } from './areas-in-tiles.js';

describe('AreasInTiles', () => {
  // Three areas: two in tile 10/815/423 (Chongqing's centre), one far away in the north-east.
  const labels = Float64Array.from([106.55, 29.56, 106.6, 29.6, 108.4, 31.2]);

  it('gives the areas of a tile the first time it loads, once each', () => {
    const areas = new AreasInTiles(labels, 0);
    expect(areas.enter({ z: 10, x: 815, y: 424 }), 'the tile below').to.deep.equal([]);
    expect(areas.enter({ z: 10, x: 815, y: 423 })).to.deep.equal([0, 1]);
    expect(areas.enter({ z: 10, x: 815, y: 423 }), 'a tile seen before').to.deep.equal([]);
    expect(areas.enter({ z: 9, x: 407, y: 211 }), 'its parent: the areas are written').to.deep.equal([]);
    expect([areas.has(0), areas.has(1), areas.has(2)]).to.deep.equal([true, true, false]);
  });

  it('takes in areas whose label lies within the margin around the tile', () => {
    // The point lies in tile 12/3260/1695, a quarter of a tile above 12/3260/1696.
    const point = Float64Array.from([106.562, 29.555]);
    expect(new AreasInTiles(point, 0).enter({ z: 12, x: 3260, y: 1696 }), 'no margin').to.deep.equal([]);
    expect(new AreasInTiles(point, 0.5).enter({ z: 12, x: 3260, y: 1696 }), 'half a tile').to.deep.equal([0]);
  });

  it('gives the seen tiles\' areas again after a restart, and forgets the tiles after a clear', () => {
    const areas = new AreasInTiles(labels, 0);
    expect(areas.enter({ z: 6, x: 50, y: 26 })).to.deep.equal([0, 1]);
    expect(areas.restart()).to.deep.equal([0, 1]);
    areas.clear();
    expect(areas.has(0)).to.equal(false);
    expect(areas.restart()).to.deep.equal([]);
  });
});
