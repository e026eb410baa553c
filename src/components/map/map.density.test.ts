import { expect } from 'chai';
import { sendMouse } from '@web/test-runner-commands';
import '../legend/legend.js';
import { cleanup, createMap, drawn, idle, labelOf, loadSampleIndex, nextAreaSelect } from '../../../test/harness/map-harness.js';
import { errorsOf } from '../../../test/harness/map-test-helpers.js';
import type { GmMap } from './map.component.js';

/** A map of this size with a legend in its top-left corner, ready and idle. */
async function mapWithLegend(size: [number, number], props: Partial<GmMap> = {}): Promise<{ el: GmMap; legend: HTMLElement }> {
  const el = createMap(props, size);
  const legend = document.createElement('gm-legend');
  legend.slot = 'top-left';
  el.append(legend);
  document.body.append(el);
  await el.ready;
  await idle(el.getMap()!);
  await (legend as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return { el, legend };
}

/** Once the map has stopped and drawn sharp again (a dense map moves at a lower pixel ratio, sharp 250 ms after). */
async function settled(el: GmMap): Promise<void> {
  await new Promise((r) => setTimeout(r, 400));
  await drawn(el);
}

const near = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).to.be.at.most(Math.max(2, expected * 0.03));

describe('<gm-map> density (4K walls)', () => {
  afterEach(cleanup);

  it('at 3840×2160 draws panels, text and the map twice as large as at 1920×1080, showing the same area, sharp', async () => {
    const ratio = window.devicePixelRatio || 1;
    const hd = await mapWithLegend([1920, 1080]);
    const wall = await mapWithLegend([3840, 2160]);
    hd.el.style.visibility = 'hidden';
    await settled(wall.el);

    // Panels and their text: twice as large.
    const [small, large] = [hd.legend.getBoundingClientRect(), wall.legend.getBoundingClientRect()];
    near(large.width, 2 * small.width, 'legend width');
    near(large.height, 2 * small.height, 'legend height');
    const title = (legend: HTMLElement) => legend.shadowRoot!.querySelector('.title, h2, h3, [part~="title"]') ?? legend.shadowRoot!.firstElementChild!;
    near(title(wall.legend).getBoundingClientRect().height, 2 * title(hd.legend).getBoundingClientRect().height, 'legend title line');

    // The map: laid out at 1920×1080 and scaled up, drawing 3840×2160 device pixels (× the screen's ratio).
    const [a, b] = [hd.el.getMap()!, wall.el.getMap()!];
    expect(b.getContainer().clientWidth).to.equal(1920);
    expect(b.getPixelRatio()).to.equal(2 * ratio);
    expect([b.getCanvas().width, b.getCanvas().height]).to.deep.equal([3840 * ratio, 2160 * ratio]);
    near(b.getCanvas().getBoundingClientRect().width, 3840, 'the canvas on the page');
    // While it moves the wall draws at 3/4 of its density (a software GPU pays per pixel); sharp once it stops.
    const moving = new Promise<number>((resolve) => b.once('move', () => resolve(b.getPixelRatio())));
    b.easeTo({ center: a.getCenter(), zoom: a.getZoom(), duration: 300 });
    expect(await moving, 'moving').to.equal(1.5 * ratio);
    await new Promise((resolve) => b.once('moveend', resolve));
    await settled(wall.el);
    expect(b.getPixelRatio(), 'stopped').to.equal(2 * ratio);
    expect(b.getCanvas().width).to.equal(3840 * ratio);
    const [ba, bb] = [a.getBounds().toArray().flat(), b.getBounds().toArray().flat()];
    ba.forEach((v, i) => expect(Math.abs(v - bb[i]), 'the same area').to.be.below(1e-6));

    // A click on the scaled map hits the area under the pointer (MapLibre maps it through the transform).
    const mapPoint: [number, number] = [200, 150];
    // A town's label point at map pixel (200, 150): on the page (400, 300), inside the test window.
    b.easeTo({ center: await labelOf((await loadSampleIndex()).town.codes[0]), zoom: 9, offset: [mapPoint[0] - 960, mapPoint[1] - 540], duration: 0 });
    await drawn(wall.el);
    const under = b.queryRenderedFeatures(mapPoint).find((f) => f.layer.id.endsWith('-fill'));
    expect(under, 'an area at the probe').to.exist;
    const selected = nextAreaSelect(wall.el);
    const rect = b.getCanvas().getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(rect.left + mapPoint[0] * 2), Math.round(rect.top + mapPoint[1] * 2)] });
    expect((await selected).detail.code).to.equal(String(under!.id));
  });

  it('takes a density in numbers, reports one that is not, and follows a resize in auto', async () => {
    const { el, legend } = await mapWithLegend([1920, 1080], { density: '1.5' });
    const map = el.getMap()!;
    await settled(el);
    expect(map.getPixelRatio()).to.equal(1.5 * (window.devicePixelRatio || 1));
    const width = legend.getBoundingClientRect().width;
    const errors = errorsOf(el);
    el.density = 'huge';
    await el.updateComplete;
    expect(errors.map((e) => e.reason)).to.include('invalid-attribute');
    expect(el.density, 'the previous density kept').to.equal('1.5');
    el.density = 'auto';
    await el.updateComplete;
    expect(map.getPixelRatio(), 'auto at 1920×1080').to.equal(window.devicePixelRatio || 1);
    near(legend.getBoundingClientRect().width, width / 1.5, 'the legend at density 1');
    el.style.width = '3840px';
    el.style.height = '2160px';
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    await settled(el);
    expect(map.getPixelRatio(), 'auto after growing to 3840×2160').to.equal(2 * (window.devicePixelRatio || 1));
  });
});
