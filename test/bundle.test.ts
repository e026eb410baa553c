import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmMap } from '../src/components/map/map.component.js';

// dist/gm.bundle.js on a plain HTML page (no bundler, no dev-server module graph): npm test builds
// it first. The page runs in an iframe so its own copies of Lit and MapLibre are the only ones.
describe('dist/gm.bundle.js', () => {
  it('registers <gm-map> on a plain page and draws the sample with the worker beside the bundle', async () => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
    frame.src = `/demo/plain.html?src=${encodeURIComponent('/fixtures/out/sample/manifest.json')}`;
    document.body.append(frame);
    try {
      const win = await new Promise<Window & typeof globalThis>((resolve) => frame.addEventListener('load', () => resolve(frame.contentWindow as never)));
      await win.customElements.whenDefined('gm-map');
      const el = win.document.querySelector('gm-map') as GmMap;
      expect(el.constructor).to.not.equal(customElements.get('gm-map'));
      await el.ready;
      const map = el.getMap() as MaplibreMap;
      const areas = await (await fetch('/fixtures/out/sample/areas.json')).json();
      const grids = new Set(map.queryRenderedFeatures({ layers: ['gm-grid-fill'] }).map((f) => f.id));
      expect(grids.size).to.equal(areas.grid.codes.length);
      const workers = win.performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('maplibre-gl-worker'));
      expect(workers.some((n) => new URL(n).pathname === '/dist/maplibre-gl-worker.mjs')).to.be.true;
    } finally {
      frame.remove();
    }
  });
});
