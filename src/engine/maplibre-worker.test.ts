import { expect } from 'chai';
import { getWorkerUrl } from 'maplibre-gl';
import { chooseWorkerUrl, WorkerUnreachable } from './maplibre-worker.js';
import { cleanup, createMap, mountMap, nextEvent } from '../../test/harness/map-harness.js';

/** Where the dev server serves MapLibre's worker. */
const WORKER = '/node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs';

describe('MapLibre’s worker', function () {
  this.timeout(30_000);
  afterEach(cleanup);

  it('from source with nothing set (this repository’s dev server), MapLibre looks next to its own module, unchecked', async () => {
    expect(getWorkerUrl()).to.equal('');
    expect(await chooseWorkerUrl(undefined, 5000)).to.equal('');
  });

  it('refuses a worker-url that 404s, or that answers with anything but JavaScript, naming the URL and its problem', async () => {
    const missing = await chooseWorkerUrl('/no-such-worker.mjs', 5000).catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(WorkerUnreachable);
    const [tried] = (missing as WorkerUnreachable).tried;
    expect(tried.url).to.equal(new URL('/no-such-worker.mjs', location.href).href);
    expect(tried.problem).to.match(/HTTP 404|not JavaScript/);
    const json = (await chooseWorkerUrl('/fixtures/out/sample/manifest.json', 5000).catch((error: unknown) => error)) as WorkerUnreachable;
    expect(json.tried[0].problem).to.equal('served as application/json, not JavaScript');
  });

  it('a map whose worker is unreachable ends its load with gm-error worker-unreachable and a visible message, makes no map, and loads once given a good URL', async () => {
    const el = createMap({ workerUrl: '/no-such-worker.mjs' });
    const error = nextEvent(el, 'gm-error');
    const started = performance.now();
    document.body.append(el);
    const { detail } = await error;
    expect(detail.reason).to.equal('worker-unreachable');
    expect(performance.now() - started, 'well inside load-timeout').to.be.below(10_000);
    expect(detail.detail.urls).to.deep.equal([new URL('/no-such-worker.mjs', location.href).href]);
    expect(String(detail.detail.fix)).to.include('worker-url');
    expect(el.getMap()).to.equal(undefined);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="message"]')!.hasAttribute('hidden')).to.be.false;
    // The fix: a URL that serves the worker, and the same manifest again.
    el.workerUrl = WORKER;
    el.src = `${el.src}?again=1`;
    await el.ready;
    expect(el.getMap()).to.not.equal(undefined);
  });

  it('a worker-url that serves the worker is used for the maps after it', async () => {
    const el = await mountMap({ workerUrl: WORKER });
    expect(getWorkerUrl()).to.equal(new URL(WORKER, location.href).href);
    expect(el.getMap()!.queryRenderedFeatures().length).to.be.greaterThan(0);
  });
});
