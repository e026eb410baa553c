import { expect } from 'chai';
import { emulateMedia } from '@web/test-runner-commands';
import { cleanup, createMap, drawn, idle, labelOf, loadSampleIndex, showFillsOnly, token } from '../../../test/harness/map-harness.js';
import { expectColor } from '../../../test/harness/map-test-helpers.js';
import type { GmMap } from './map.component.js';

/** A map mounted without preserve-drawing-buffer (what a wall screen runs), fills only. */
async function mountPlainMap(props: Partial<GmMap> = {}): Promise<GmMap> {
  const el = createMap({ ...props, preserveDrawingBuffer: false });
  document.body.append(el);
  await el.ready;
  await idle(el.getMap()!);
  showFillsOnly(el.getMap()!);
  await drawn(el);
  return el;
}

/** The image's pixels. */
async function pixelsOf(blob: Blob): Promise<{ width: number; height: number; at(x: number, y: number): [number, number, number] }> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [bitmap.width, bitmap.height];
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return {
    width: canvas.width,
    height: canvas.height,
    at: (x, y) => {
      const i = 4 * (Math.round(y) * canvas.width + Math.round(x));
      return [data[i], data[i + 1], data[i + 2]];
    },
  };
}

describe('<gm-map> pictures', () => {
  afterEach(async () => {
    cleanup();
    await emulateMedia({ media: 'screen' });
  });

  it('toImage() returns a PNG of the drawn map with a title band and the legend, without preserve-drawing-buffer', async () => {
    const el = await mountPlainMap();
    const map = el.getMap()!;
    const ratio = window.devicePixelRatio || 1;
    const index = await loadSampleIndex();
    const code = index.grid.codes[3];
    const grid = map.project(await labelOf(code));
    const blob = await el.toImage({ title: '渝中区 <b>周报</b>' });
    expect(blob.type).to.equal('image/png');
    const image = await pixelsOf(blob);
    const band = 56 * ratio;
    expect([image.width, image.height]).to.deep.equal([800 * ratio, 600 * ratio + band]);

    // The map: the grid in its status colour (a blank canvas would give the background).
    expectColor(image.at(grid.x * ratio, grid.y * ratio + band), token(el, `--gm-status-${el.statusOf(code)}`), 'the grid in the picture');

    // The legend: five rows, worst first; the normal swatch (row 4) in the normal colour.
    const panelTop = image.height - 16 * ratio - (24 + 22 * 6) * ratio;
    const swatch = (row: number) => image.at((16 + 12 + 8) * ratio, panelTop + (12 + 22 * (row + 1) + 3 + 8) * ratio);
    expectColor(swatch(0), token(el, '--gm-status-emergency'), 'emergency swatch');
    expectColor(swatch(3), token(el, '--gm-status-normal'), 'normal swatch');

    // The title band: the panel with text on it.
    const panel = image.at(790 * ratio, 4 * ratio).join(',');
    let inked = 0;
    for (let x = 16 * ratio; x < 300 * ratio; x++) if (image.at(x, 22 * ratio).join(',') !== panel) inked++;
    expect(inked, 'title text drawn').to.be.greaterThan(10);
  });

  it('toImage() leaves the legend and title out when told, and scales the picture', async () => {
    const el = await mountPlainMap({ theme: 'dark' });
    const ratio = window.devicePixelRatio || 1;
    const bare = await pixelsOf(await el.toImage({ legend: false, title: '' }));
    expect([bare.width, bare.height]).to.deep.equal([800 * ratio, 600 * ratio]);
    const legendBox = (image: typeof bare, scale: number) => {
      const colours = new Set<string>();
      for (let y = image.height - 150 * ratio * scale; y < image.height - 20 * ratio * scale; y += 4) colours.add(image.at(36 * ratio * scale, y).join(','));
      return colours;
    };
    expect(legendBox(bare, 1).has(token(el, '--gm-status-emergency').join(',')), 'no legend swatch').to.be.false;

    const big = await pixelsOf(await el.toImage({ scale: 2 }));
    expect([big.width, big.height]).to.deep.equal([1600 * ratio, (600 + 56) * 2 * ratio]);
    expect(legendBox(big, 2).has(token(el, '--gm-status-emergency').join(',')), 'the legend, twice as large').to.be.true;
    // The map is drawn again at its own size afterwards.
    expect(el.getMap()!.getCanvas().width).to.equal(800 * ratio);
  });

  it('prints the map: before printing the frame is copied into print-frame, shown on paper instead of the WebGL canvas', async () => {
    const el = await mountPlainMap();
    const map = el.getMap()!;
    const index = await loadSampleIndex();
    const code = index.grid.codes[3];
    const grid = map.project(await labelOf(code));
    await emulateMedia({ media: 'print' });
    window.dispatchEvent(new Event('beforeprint'));
    const frame = el.shadowRoot!.querySelector<HTMLCanvasElement>('[part="print-frame"]')!;
    expect(getComputedStyle(frame).display).to.equal('block');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part="map"]')!).visibility).to.equal('hidden');
    const ratio = frame.width / 800;
    const [r, g, b] = frame.getContext('2d')!.getImageData(grid.x * ratio, grid.y * ratio, 1, 1).data;
    expectColor([r, g, b], token(el, `--gm-status-${el.statusOf(code)}`), 'the grid on paper');
    await emulateMedia({ media: 'screen' });
    expect(getComputedStyle(frame).display, 'not on screen').to.equal('none');
  });
});
