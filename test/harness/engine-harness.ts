// Test helpers for the engine alone: a real GridMapEngine in a plain <div> (no <gm-map>), on the
// sample fixture, in real Chromium with real WebGL. Nothing here stands in for the map.
import type { Map as MaplibreMap } from 'maplibre-gl';
import { GridMapEngine } from '../../src/engine/grid-map-engine.js';
import type { EngineEventMap } from '../../src/engine/engine-events.js';
import { SAMPLE, idle } from './map-harness.js';

export { SAMPLE, idle };

/** An engine drawing into a container of its own. */
export interface EngineFixture {
  engine: GridMapEngine;
  container: HTMLDivElement;
  /** The engine's map (once made). */
  map(): MaplibreMap;
  /** Unmounts the engine and removes its container. */
  dispose(): void;
}

/** A container of `size` CSS pixels at the page's top left. */
export function container([width, height] = [800, 600]): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = `position: fixed; left: 0; top: 0; width: ${width}px; height: ${height}px;`;
  document.body.append(div);
  return div;
}

/** The next `type` event of the engine. */
export function nextEngineEvent<K extends keyof EngineEventMap>(engine: GridMapEngine, type: K): Promise<EngineEventMap[K]> {
  return new Promise((resolve) => {
    const off = engine.on(type, (detail) => {
      off();
      resolve(detail);
    });
  });
}

/** An engine mounted in a new container, not loading anything yet. */
export function createEngine(size?: [number, number]): EngineFixture {
  const engine = new GridMapEngine();
  engine.configure({ preserveDrawingBuffer: true });
  const div = container(size);
  return {
    engine,
    container: div,
    map: () => engine.map!,
    dispose() {
      engine.unmount();
      div.remove();
    },
  };
}

/** An engine that has loaded `src` (the sample by default) and is idle. */
export async function loadedEngine(src = SAMPLE, size?: [number, number]): Promise<EngineFixture> {
  const fixture = createEngine(size);
  const ready = nextEngineEvent(fixture.engine, 'ready');
  void fixture.engine.load(src);
  fixture.engine.mount(fixture.container);
  await ready;
  await idle(fixture.map());
  return fixture;
}

/** Waits for what a part queued for the next animation frame to be drawn. */
export async function frameDrawn(map: MaplibreMap): Promise<void> {
  await new Promise((r) => requestAnimationFrame(r));
  await idle(map);
}

/**
 * One loaded engine shared by a `describe` block's tests (mocha hooks: loaded before the first,
 * disposed after the last), with a generous timeout for the load. Returns the fixture's getter.
 */
export function sharedEngine(suite: Mocha.Suite): () => EngineFixture {
  let fixture: EngineFixture | undefined;
  suite.timeout(30_000);
  before(async () => (fixture = await loadedEngine()));
  after(() => fixture?.dispose());
  return () => fixture!;
}
