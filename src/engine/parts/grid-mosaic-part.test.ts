import { expect } from 'chai';
import { sharedEngine } from '../../../test/harness/engine-harness.js';

describe('GridMosaicPart', function () {
  const engineFixture = sharedEngine(this);

  it('puts the loaded mosaic in its slot, under the outlines, and names the grid under a point', () => {
    const { engine } = engineFixture();
    const mosaic = engine.mosaic.layer!;
    expect(mosaic, 'loaded').to.exist;
    expect(engine.scene.slots!.layers('grid-mosaic')).to.deep.equal(['gm-grid-mosaic']);
    const order = engineFixture().map().getLayersOrder();
    expect(order.indexOf('gm-grid-mosaic')).to.be.below(order.indexOf('gm-grid-line'));
    const index = engine.scene.index!;
    const grid = index.get(index.codes('grid').at(10)!)!;
    engineFixture().map().jumpTo({ center: grid.label, zoom: mosaic.spec.maxzoom - 0.5 });
    engineFixture().map().redraw();
    expect(mosaic.gridAt({ lng: grid.label[0], lat: grid.label[1] } as never, true)).to.equal(grid.index);
  });

  it('reads the grid under the pointer without waiting for the GPU: unknown at first, then known once the pixel is back', async () => {
    const { engine } = engineFixture();
    const mosaic = engine.mosaic.layer!;
    const index = engine.scene.index!;
    const grid = index.get(index.codes('grid').at(40)!)!;
    engineFixture().map().jumpTo({ center: grid.label, zoom: mosaic.spec.maxzoom - 0.5 });
    engineFixture().map().redraw();
    const at = { lng: grid.label[0], lat: grid.label[1] } as never;
    const back = new Promise<void>((resolve) => (mosaic.readback.onRead = resolve));
    expect(mosaic.gridAt(at), 'not waited for').to.equal(undefined);
    expect(mosaic.readback.pending).to.be.true;
    await back;
    expect(mosaic.readback.pending).to.be.false;
    expect(mosaic.gridAt(at), 'read back').to.equal(grid.index);
  });
});
