// Every HTML snippet of README.md and docs/ that puts a map on a page, run as written against the
// sample fixture: its elements mounted, its module script run, and nothing may answer with
// `gm-error` (an example code that does not exist, a wrong attribute value, a method misnamed all
// fail here). Only the URLs change: `data/<file>` → the sample's file, `<script src>` of the bundle
// dropped (the elements are registered from source), `<gm-live>` dropped (no feed here: the live
// element has its own tests). The bundler snippets are run by examples/test/tarball.test.mjs.
import { expect } from 'chai';
import '../src/index.js';
import type { GmMap } from '../src/components/map/map.component.js';
import type { GmErrorDetail } from '../src/event-types.js';

const DOCS = ['README.md', 'docs/getting-started.md', 'docs/map.md', 'docs/controls.md', 'docs/emergencies.md', 'docs/layers.md'];
const SAMPLE = '/fixtures/out/sample/';

/** A small fence around the sample's centre (the docs name a fences file the fixture does not have). */
const FENCES = URL.createObjectURL(
  new Blob([JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'f1', name: '施工区', kind: 'restricted' }, geometry: { type: 'Polygon', coordinates: [[[106.55, 29.55], [106.56, 29.55], [106.56, 29.56], [106.55, 29.56], [106.55, 29.55]]] } }] })], { type: 'application/json' }),
);

/** `data/x`, `/data/x` → the sample's x. */
function sampleUrl(url: string): string {
  const file = url.replace(/^\/?data\//, '');
  return file === 'fences.geojson' ? FENCES : `${SAMPLE}${file}`;
}

async function snippets(): Promise<{ file: string; html: string }[]> {
  const out: { file: string; html: string }[] = [];
  for (const file of DOCS) {
    const text = await (await fetch(`/${file}`)).text();
    for (const [, html] of text.matchAll(/```html\n([\s\S]*?)```/g)) if (html.includes('<gm-map')) out.push({ file, html });
  }
  return out;
}

/** Mounts a snippet's elements and runs its module script; resolves with the gm-error reasons seen. */
async function run(html: string, host: HTMLElement): Promise<{ maps: GmMap[]; errors: GmErrorDetail[] }> {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const scripts = [...doc.querySelectorAll('script')];
  for (const s of scripts) s.remove();
  for (const live of doc.querySelectorAll('gm-live')) live.remove();
  for (const el of doc.querySelectorAll('[src]')) el.setAttribute('src', sampleUrl(el.getAttribute('src')!));
  const errors: GmErrorDetail[] = [];
  host.addEventListener('gm-error', (e) => errors.push((e as CustomEvent<GmErrorDetail>).detail));
  host.append(...doc.body.childNodes);
  const maps = [...host.querySelectorAll('gm-map')] as GmMap[];
  for (const map of maps) map.style.height = '500px';
  for (const script of scripts.filter((s) => !s.src && s.type === 'module')) {
    const code = script.textContent!.replace(/(['"])\/?data\/([\w.-]+)\1/g, (_, q, f) => `${q}${sampleUrl(f)}${q}`);
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    await import(/* @vite-ignore */ url);
  }
  return { maps, errors };
}

describe('the docs’ snippets, run as written', function () {
  this.timeout(60_000);
  let host: HTMLElement;
  beforeEach(() => document.body.append((host = document.createElement('div'))));
  afterEach(() => host.remove());

  it('finds the snippets that put a map on a page', async () => {
    expect((await snippets()).length).to.be.at.least(6);
  });

  for (const index of [0, 1, 2, 3, 4, 5]) {
    it(`snippet ${index + 1} draws its map with no gm-error`, async () => {
      const { file, html } = (await snippets())[index];
      const { maps, errors } = await run(html, host);
      for (const map of maps) await map.ready;
      // What the script did after `ready`, and the data layers' files, settle within a second.
      await new Promise((r) => setTimeout(r, 1500));
      expect(errors.map((e) => `${e.reason} ${JSON.stringify(e.detail).slice(0, 200)}`), `${file}`).to.deep.equal([]);
      for (const map of maps) {
        const drawn = map.getMap()!.queryRenderedFeatures().filter((f) => /^gm-(district|town|community|grid)-/.test(f.layer.id));
        expect(drawn.length, `${file}: areas drawn`).to.be.greaterThan(0);
      }
    });
  }
});
