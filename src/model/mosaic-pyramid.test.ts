import { expect } from 'chai';
import { MAX_PIECES, mercatorBox, mosaicPyramid } from './mosaic-pyramid.js';

const BOUNDS: [number, number, number, number] = [105.29, 28.16, 110.19, 32.2];

describe('mosaicPyramid', () => {
  it('wants the tile zoom nearest the view\'s, within the pyramid, and only tiles within the bounds', () => {
    const tiles = mosaicPyramid({ pmtiles: 'm.pmtiles', bounds: BOUNDS, maxzoom: 10.5, minzoom: 5 });
    expect(tiles.tiled).to.equal(true);
    // Drawn up to z10.5: the finest tiles are z10 (the ones the view takes just below 10.5), none of z11.
    expect([3, 7.3, 7.6, 10.4, 13].map((z) => tiles.levelAt(z))).to.deep.equal([5, 7, 8, 10, 10]);
    expect(mosaicPyramid({ pmtiles: 'm.pmtiles', bounds: BOUNDS, maxzoom: 9 }).levelAt(8.9), 'z9 up to z9').to.equal(9);
    const whole = tiles.piecesIn(7, mercatorBox([-180, -80, 180, 80]));
    // Chongqing at z7: tile columns 101–103, rows 51–53 (the bounds' tiles, not the world's).
    const keys = [51, 52, 53].flatMap((y) => [101, 102, 103].map((x) => `7/${x}/${y}`));
    expect(whole.map((p) => p.key).sort()).to.deep.equal(keys.sort());
    expect(tiles.piecesIn(7, mercatorBox([0, 0, 1, 1])), 'a view elsewhere').to.deep.equal([]);
  });

  it('takes a coarser level when a view would want more than MAX_PIECES tiles', () => {
    const tiles = mosaicPyramid({ tiles: 't/{z}/{x}/{y}.png', bounds: BOUNDS, maxzoom: 12, minzoom: 5 });
    const pieces = tiles.piecesIn(12, mercatorBox(BOUNDS));
    expect(pieces.length).to.be.within(1, MAX_PIECES);
    expect(pieces[0].level).to.be.below(12);
  });

  it('links a tile to its parent and children, whose frames nest', () => {
    const tiles = mosaicPyramid({ pmtiles: 'm.pmtiles', bounds: BOUNDS, maxzoom: 9, minzoom: 6 });
    const [tile] = tiles.piecesIn(8, mercatorBox([106.5, 29.5, 106.51, 29.51]));
    const parent = tiles.parent(tile)!;
    expect(parent.key).to.equal(`7/${tile.x >> 1}/${tile.y >> 1}`);
    expect(tiles.parent(tiles.parent(parent)!), 'none above minzoom').to.equal(undefined);
    const children = tiles.children(tile);
    expect(children.map((c) => c.level)).to.deep.equal([9, 9, 9, 9]);
    expect(children.reduce((a, c) => a + c.frame[2] * c.frame[3], 0)).to.be.closeTo(tile.frame[2] * tile.frame[3], 1e-15);
    expect(tiles.children(children[0]), 'none below the finest').to.deep.equal([]);
  });

  it('keeps an image mosaic\'s rule: the coarsest overview drawn up to the zoom', () => {
    const images = mosaicPyramid({ image: 'm.png', bounds: BOUNDS, maxzoom: 9, overviews: [{ image: 'm-1.png', bounds: BOUNDS, maxzoom: 8 }] });
    expect(images.tiled).to.equal(false);
    expect([7, 8, 8.5, 12].map((z) => images.levelAt(z))).to.deep.equal([0, 0, 1, 1]);
    const [full] = images.piecesIn(1, mercatorBox(BOUNDS));
    expect(images.parent(full)!.level).to.equal(0);
    expect(images.children(images.parent(full)!)).to.deep.equal([full]);
  });
});
