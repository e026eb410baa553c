import { expect } from 'chai';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmMap } from '../src/components/map/map.component.js';
import type { GmSearch } from '../src/components/search/search.component.js';

// dist/gm.bundle.js on a plain HTML page (no bundler, no dev-server module graph): npm test builds
// it first. The page runs in an iframe so its own copies of Lit and MapLibre are the only ones.
/** demo/plain.html on the sample, in an iframe, once the bundle has defined its elements. */
async function openPlainPage(): Promise<{ frame: HTMLIFrameElement; win: Window & typeof globalThis }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
  frame.src = `/demo/plain.html?src=${encodeURIComponent('/fixtures/out/sample/manifest.json')}`;
  document.body.append(frame);
  const win = await new Promise<Window & typeof globalThis>((resolve) => frame.addEventListener('load', () => resolve(frame.contentWindow as never)));
  await win.customElements.whenDefined('gm-map');
  return { frame, win };
}

/** The sample's first grid code. */
async function firstGrid(): Promise<string> {
  return (await (await fetch('/fixtures/out/sample/areas.json')).json()).grid.codes[0];
}

describe('dist/gm.bundle.js', () => {
  it('registers <gm-map> on a plain page and draws the sample with the workers beside the bundle', async () => {
    const { frame, win } = await openPlainPage();
    try {
      const el = win.document.querySelector('gm-map') as GmMap;
      const errors: string[] = [];
      el.addEventListener('gm-error', (e) => errors.push(e.detail.reason));
      expect(el.constructor).to.not.equal(customElements.get('gm-map'));
      await el.ready;
      // The statuses are read by the library's data worker (inlined in the bundle): applied, it ran.
      expect(errors).to.deep.equal([]);
      expect(el.statusOf(await firstGrid())).to.be.a('string');
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

  it('loads the search\'s pinyin dictionary from beside the bundle on the first search, not before', async () => {
    const { frame, win } = await openPlainPage();
    try {
      const el = win.document.querySelector('gm-map') as GmMap;
      await el.ready;
      const pinyinLoads = () => win.performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/dist/gm.bundle.pinyin.js');
      expect(pinyinLoads()).to.have.length(0);
      const search = win.document.createElement('gm-search') as GmSearch;
      search.slot = 'top-left';
      el.append(search);
      const hits = await search.search('JFB');
      expect(hits[0]).to.include({ kind: 'town', name: '解放碑街道' });
      expect(pinyinLoads()).to.have.length(1);
    } finally {
      frame.remove();
    }
  });
});
