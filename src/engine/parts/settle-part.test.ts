import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { idle, sharedEngine } from '../../../test/harness/engine-harness.js';

/** A checksum of the drawing buffer (the maps here preserve it): what the frame left on screen. */
function picture(map: MaplibreMap): number {
  const gl = map.painter.context.gl;
  const { drawingBufferWidth: width, drawingBufferHeight: height } = gl;
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum = (sum * 31 + pixels[i] + 7 * pixels[i + 1] + 13 * pixels[i + 2] + pixels[i + 3]) >>> 0;
  return sum;
}

describe('SettlePart', function () {
  const engineFixture = sharedEngine(this);
  // A slow test machine may take longer than a wall PC's second to cut the new view's tiles.
  before(() => (engineFixture().engine.settle.waitMs = 20_000));

  it('after a move, shows the last picture until the view is in, then paints it whole', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    const index = engine.scene.index!;
    const grid = index.get(index.codes('grid').at(Math.floor(index.count('grid') / 2))!)!;
    const before = picture(map);
    const frames: { held: boolean; picture: number }[] = [];
    const onRender = () => frames.push({ held: engine.settle.held, picture: picture(map) });
    map.on('render', onRender);
    map.jumpTo({ center: grid.label, zoom: 14.5 });
    await idle(map);
    map.off('render', onRender);
    const after = picture(map);
    expect(after, 'the new view is drawn').not.to.equal(before);
    const held = frames.filter((frame) => frame.held);
    expect(held.length, 'frames held while the tiles came').to.be.greaterThan(0);
    expect(held.every((frame) => frame.picture === before), 'a held frame leaves the last picture on screen').to.equal(true);
    const painted = frames.filter((frame) => !frame.held && frame.picture !== before);
    expect(painted[0]?.picture, 'the first frame painted is the whole new view').to.equal(after);
  });

  it('lets the frames of a new move through at once', async () => {
    const { engine } = engineFixture();
    const map = engineFixture().map();
    const index = engine.scene.index!;
    map.jumpTo({ center: index.get(index.codes('grid').at(3)!)!.label, zoom: 15 });
    expect(engine.settle.held, 'held after the jump').to.equal(true);
    const moving = new Promise<boolean>((resolve) => map.once('movestart', () => resolve(engine.settle.held)));
    map.panBy([200, 0], { duration: 300 });
    expect(await moving, 'not held once the map moves').to.equal(false);
    await idle(map);
    expect(engine.settle.held).to.equal(false);
  });
});
