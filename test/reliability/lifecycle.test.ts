// Lifecycle: a portal mounts and unmounts the map as users navigate. 50 mount/unmount cycles of a
// full <gm-map> with every layer and a control leave no WebGL context, worker, interval, animation
// frame loop or window/document listener behind, and the heap comes back near where it started.
// Creation and release are observed by wrapping the browser's own constructors and registries
// (the page is this test's alone), not by asking the library.
import { expect } from 'chai';
import '../../src/components/sites/sites.js';
import '../../src/components/staff/staff.js';
import '../../src/components/events/events.js';
import '../../src/components/fences/fences.js';
import '../../src/components/alert-list/alert-list.js';
import '../../src/components/legend/legend.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import { cleanup, createMap, drawn, SAMPLE } from '../harness/map-harness.js';

const ledger = { workers: new Set<Worker>(), intervals: new Set<number>(), listeners: new Map<string, number>(), contexts: [] as WebGL2RenderingContext[], frames: 0 };

/** Starts observing (once): every Worker, interval, window/document listener, WebGL context and animation frame. */
function observe(): void {
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      ledger.workers.add(this);
    }
    override terminate(): void {
      ledger.workers.delete(this);
      super.terminate();
    }
  } as typeof Worker;
  const setInterval = window.setInterval.bind(window);
  const clearInterval = window.clearInterval.bind(window);
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = setInterval(handler, ms, ...args);
    ledger.intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) ledger.intervals.delete(id);
    clearInterval(id);
  }) as typeof window.clearInterval;
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const key = (type: string, listener: unknown) => `${target === window ? 'window' : 'document'}:${type}:${String(listener).slice(0, 40)}`;
    target.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
      if (listener && !(typeof options === 'object' && options.once)) ledger.listeners.set(key(type, listener), (ledger.listeners.get(key(type, listener)) ?? 0) + 1);
      add(type, listener, options);
    };
    target.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) => {
      const k = key(type, listener);
      if (ledger.listeners.has(k)) ledger.listeners.set(k, ledger.listeners.get(k)! - 1);
      remove(type, listener, options);
    };
  }
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
    const context = (getContext as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
    if (type.startsWith('webgl') && context && !ledger.contexts.includes(context as WebGL2RenderingContext)) ledger.contexts.push(context as WebGL2RenderingContext);
    return context;
  } as typeof getContext;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback: FrameRequestCallback) => {
    ledger.frames++;
    return raf(callback);
  };
}

/** The JS heap after a full collection (Chromium runs with --expose-gc and precise memory info). */
async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    (window as unknown as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

/** One cycle: a map with every layer and two controls, drawn, then removed. */
async function cycle(): Promise<void> {
  const el: GmMap = createMap({ src: SAMPLE });
  el.innerHTML = `<gm-sites src="/fixtures/out/sample/sites.geojson"></gm-sites><gm-staff src="/fixtures/out/sample/staff.geojson"></gm-staff>
    <gm-events src="/fixtures/out/sample/events.geojson"></gm-events><gm-fences></gm-fences>
    <gm-alert-list slot="top-right"></gm-alert-list><gm-legend slot="bottom-right"></gm-legend>`;
  document.body.append(el);
  await el.ready;
  el.raiseAlert({ id: 'a', level: 'emergency', board: 'safety', title: '报警', time: Date.now(), gridCode: '50010300100301' });
  await drawn(el);
  el.remove();
  await new Promise((r) => setTimeout(r, 50));
}

describe('lifecycle', function () {
  this.timeout(600000);
  after(cleanup);

  it('50 mount/unmount cycles leave no context, worker, interval, frame loop or listener behind, and the heap comes back', async () => {
    observe();
    await cycle(); // the first cycle loads modules, fonts and caches: the heap is measured after it
    const start = await heap();
    const listenersAtStart = new Map(ledger.listeners);
    for (let i = 0; i < 49; i++) await cycle();
    await new Promise((r) => setTimeout(r, 1500));

    expect(ledger.contexts.length, 'a WebGL context per map').to.be.at.least(50);
    expect(ledger.contexts.filter((gl) => !gl.isContextLost()).length, 'contexts still alive').to.equal(0);
    expect(ledger.workers.size, 'workers not terminated').to.equal(0);
    expect(ledger.intervals.size, 'intervals not cleared').to.equal(0);
    const grown = [...ledger.listeners].filter(([key, n]) => n > (listenersAtStart.get(key) ?? 0)).map(([key, n]) => `${key} ×${n}`);
    expect(grown, 'window/document listeners added and not removed').to.deep.equal([]);
    const frames = ledger.frames;
    await new Promise((r) => setTimeout(r, 1000));
    expect(ledger.frames - frames, 'animation frames requested with no map on the page').to.equal(0);

    const end = await heap();
    const growth = end / start - 1;
    expect(growth, `heap ${(start / 2 ** 20).toFixed(1)} → ${(end / 2 ** 20).toFixed(1)} MB`).to.be.below(0.1);
  });
});
