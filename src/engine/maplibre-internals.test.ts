// Each private MapLibre member maplibre-internals.ts uses, checked against the installed MapLibre
// on a real map: an upgrade that renames or changes one fails here first, naming the member.
import { expect } from 'chai';
import { getVersion, Map as MaplibreMap, type GeoJSONSourceSpecification } from 'maplibre-gl';
import { addUnvalidated, drawGlyphs, gatePainting, layerShownAt, pauseTiles, placementPending, skipInvisibleSky } from './maplibre-internals.js';
import { container, idle } from '../../test/harness/engine-harness.js';

const RED = '#ff0000';
const version = getVersion();

/** A map of a red square filling its view, style loaded. */
async function squareMap(): Promise<{ map: MaplibreMap; dispose: () => void }> {
  const div = container([200, 200]);
  const map = new MaplibreMap({ container: div, style: { version: 8, sources: {}, layers: [] }, center: [0, 0], zoom: 2, canvasContextAttributes: { preserveDrawingBuffer: true } });
  await new Promise((resolve) => map.once('style.load', resolve));
  return {
    map,
    dispose: () => {
      map.remove();
      div.remove();
    },
  };
}

function centrePixel(map: MaplibreMap): number[] {
  const canvas = map.getCanvas();
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  return [...ctx.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data];
}

const square: GeoJSONSourceSpecification = { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-60, -60], [60, -60], [60, 60], [-60, 60], [-60, -60]]] } } };

describe(`MapLibre internals (maplibre-gl ${version})`, () => {
  it('map.painter.render: gatePainting holds the painting of frames, and lets them through', async () => {
    const { map, dispose } = await squareMap();
    try {
      expect(typeof map.painter?.render, `maplibre-gl ${version}: map.painter.render is gone or renamed; see gatePainting in maplibre-internals.ts`).to.equal('function');
      let paint = false;
      gatePainting(map, () => paint);
      map.addSource('square', square);
      map.addLayer({ id: 'square', type: 'fill', source: 'square', paint: { 'fill-color': RED } });
      await idle(map);
      expect(centrePixel(map)[3], 'a held frame leaves the canvas clear').to.equal(0);
      paint = true;
      await idle(map);
      expect(centrePixel(map), 'a frame let through is painted').to.deep.equal([255, 0, 0, 255]);
    } finally {
      dispose();
    }
  });

  it('map.style.addSource/addLayer({validate: false}) and map._update: addUnvalidated adds what it is given, in order', async () => {
    const { map, dispose } = await squareMap();
    try {
      expect(typeof map._update, `maplibre-gl ${version}: map._update is gone or renamed; see addUnvalidated`).to.equal('function');
      addUnvalidated(map, [['square', square]], [
        { layer: { id: 'top', type: 'line', source: 'square' } },
        { layer: { id: 'bottom', type: 'fill', source: 'square', paint: { 'fill-color': RED } }, before: 'top' },
      ]);
      expect(map.getStyle().layers.map((l) => l.id)).to.deep.equal(['bottom', 'top']);
      await idle(map);
      expect(centrePixel(map)).to.deep.equal([255, 0, 0, 255]);
    } finally {
      dispose();
    }
  });

  it('map.style.glyphManager.getGlyphs: drawGlyphs draws a CJK glyph into the cache the labels use', async () => {
    const { map, dispose } = await squareMap();
    try {
      expect(typeof map.style?.glyphManager?.getGlyphs, `maplibre-gl ${version}: style.glyphManager.getGlyphs is gone or renamed; see drawGlyphs`).to.equal('function');
      const glyphs = (await drawGlyphs(map, 'sans-serif', ['渝'])) as Record<string, Record<string, Record<string, { bitmap?: { width: number } } | null>>>;
      const glyph = glyphs?.['sans-serif']?.default?.['渝'];
      expect(glyph?.bitmap?.width, 'the glyph is drawn').to.be.greaterThan(0);
    } finally {
      dispose();
    }
  });

  it('StyleLayer.isHidden: layerShownAt follows the layer zoom range and visibility', async () => {
    const { map, dispose } = await squareMap();
    try {
      map.addSource('square', square);
      map.addLayer({ id: 'square', type: 'fill', source: 'square', minzoom: 5 });
      expect(typeof map.getLayer('square')?.isHidden, `maplibre-gl ${version}: StyleLayer.isHidden is gone or renamed; see layerShownAt`).to.equal('function');
      expect(layerShownAt(map.getLayer('square'), 4)).to.equal(false);
      expect(layerShownAt(map.getLayer('square'), 6)).to.equal(true);
      map.setLayoutProperty('square', 'visibility', 'none');
      expect(layerShownAt(map.getLayer('square'), 6)).to.equal(false);
    } finally {
      dispose();
    }
  });

  it('TileManager.pause/resume: pauseTiles keeps a source from asking for tiles, and it asks for the view at once when resumed', async () => {
    const { map, dispose } = await squareMap();
    try {
      map.addSource('square', square);
      map.addLayer({ id: 'square', type: 'fill', source: 'square', paint: { 'fill-color': RED } });
      await idle(map);
      const manager = (map.style as unknown as { tileManagers?: Record<string, { pause?: unknown; resume?: unknown }> }).tileManagers?.square;
      expect([typeof manager?.pause, typeof manager?.resume], `maplibre-gl ${version}: style.tileManagers[id].pause/resume are gone or renamed; see pauseTiles`).to.deep.equal(['function', 'function']);
      const asked: number[] = [];
      map.on('dataloading', (e) => {
        const tile = (e as unknown as { tile?: { tileID: { overscaledZ: number } } }).tile;
        if (tile) asked.push(tile.tileID.overscaledZ);
      });
      const resume = pauseTiles(map, ['square']);
      map.jumpTo({ zoom: 5 });
      await idle(map);
      expect(asked, 'paused: no tile asked for at zoom 5').to.deep.equal([]);
      expect(centrePixel(map), 'the zoom 2 tiles drawn meanwhile').to.deep.equal([255, 0, 0, 255]);
      resume();
      await idle(map);
      expect(asked.length, 'resumed: the view\'s tiles asked for').to.be.greaterThan(0);
      expect([...new Set(asked)]).to.deep.equal([5]);
      expect(centrePixel(map)).to.deep.equal([255, 0, 0, 255]);
    } finally {
      dispose();
    }
  });

  it('map._placementDirty: placementPending is true in the frame that places new labels, false once placed', async () => {
    const { map, dispose } = await squareMap();
    try {
      const seen: boolean[] = [];
      gatePainting(map, () => {
        seen.push(placementPending(map));
        return true;
      });
      map.addSource('label', { type: 'geojson', data: { type: 'Feature', properties: { name: '渝中区' }, geometry: { type: 'Point', coordinates: [0, 0] } } });
      map.addLayer({ id: 'label', type: 'symbol', source: 'label', layout: { 'text-field': ['get', 'name'], 'text-font': ['sans-serif'] } });
      await idle(map);
      expect(seen.includes(true), `maplibre-gl ${version}: no frame with map._placementDirty set; see placementPending`).to.equal(true);
      expect(placementPending(map), 'idle: nothing left to place').to.equal(false);
    } finally {
      dispose();
    }
  });
  it('map.painter.drawFunctions.sky and the frame data\'s evaluated sky: skipInvisibleSky leaves out a transparent sky, unseen, and draws a visible one', async () => {
    // Pitched, so that the sky would show above the horizon, over a red square.
    const div = container([200, 200]);
    const map = new MaplibreMap({ container: div, style: { version: 8, sources: { square }, layers: [{ id: 'square', type: 'fill', source: 'square', paint: { 'fill-color': RED } }] }, center: [0, 0], zoom: 3, pitch: 80, maxPitch: 85, canvasContextAttributes: { preserveDrawingBuffer: true } });
    const canvasPixels = () => {
      const gl = map.painter.context.gl;
      const pixels = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
      gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
      return pixels;
    };
    const topPixel = () => {
      const gl = map.painter.context.gl;
      const pixel = new Uint8Array(4);
      gl.readPixels(gl.drawingBufferWidth / 2, gl.drawingBufferHeight - 2, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      return [...pixel];
    };
    try {
      await idle(map);
      const drawFunctions = (map.painter as unknown as { drawFunctions?: { sky?: unknown } }).drawFunctions;
      expect(typeof drawFunctions?.sky, `maplibre-gl ${version}: map.painter.drawFunctions.sky is gone or renamed; see skipInvisibleSky`).to.equal('function');
      const drawn = canvasPixels();
      // What MapLibre hands its sky pass, recorded under the skip: the passes the skip lets through.
      const passes: { sky: number; horizon: number }[] = [];
      const painter = map.painter as unknown as { drawFunctions: { sky: (mesh: unknown, frame: { data: { sky: Record<string, { a: number }> } }) => void } };
      const drawSky = painter.drawFunctions.sky;
      painter.drawFunctions = {
        ...painter.drawFunctions,
        sky(mesh, frame) {
          passes.push({ sky: frame.data.sky['sky-color'].a, horizon: frame.data.sky['horizon-color'].a });
          drawSky(mesh, frame);
        },
      };
      skipInvisibleSky(map);
      map.triggerRepaint();
      await idle(map);
      expect(passes, 'no sky pass for the style without a sky').to.deep.equal([]);
      expect(canvasPixels().every((value, i) => value === drawn[i]), 'the frame without the pass is the frame with it').to.equal(true);
      expect(topPixel()[3], 'above the horizon, nothing').to.equal(0);
      map.setSky({ 'sky-color': '#0000ff', 'horizon-color': '#0000ff', 'sky-horizon-blend': 0.5 });
      await idle(map);
      expect(passes.length, 'a visible sky is drawn').to.be.greaterThan(0);
      expect(passes.at(-1)!.sky, 'and the pass is given its evaluated colours').to.equal(1);
      const [r, g, b, a] = topPixel();
      expect(b > 200 && r < 50 && g < 50 && a > 200, `above the horizon, the sky's blue: ${[r, g, b, a]}`).to.equal(true);
    } finally {
      map.remove();
      div.remove();
    }
  });
});
