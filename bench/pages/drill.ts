// Drill-down from the city view to one area of the finest level (a courtyard on the micro-grid
// fixture), by click and by keyboard, as an operator does it: each step timed from the input to
// the map drawn and idle at the view it flew to (the camera's 0.4 s flight included). Issue 30's
// budget: each step ≤ 1 s.
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { GmMap } from '../../src/components/map/map.component.js';
import { drawn, rendered } from './measure.js';

export interface DrillDown {
  /** The level selected at each step (district … the finest). */
  levels: string[];
  /** Per step: ms from the click or key to the new view drawn. */
  steps: number[];
  /** Per step: ms from the click or key to the camera's flight ended (its `moveend`). */
  flights: number[];
}

/** From the city view down to one area of the finest level (the one `at` along it), by `how`. */
export async function drillDown(el: GmMap, map: MaplibreMap, how: 'click' | 'keyboard', at = 0.37): Promise<DrillDown> {
  const index = el.engine.scene.index!;
  const target = index.at(index.finest, Math.floor(index.count(index.finest) * at))!;
  el.selected = '';
  map.fitBounds(el.engine.scene.city.bounds!, { duration: 0 });
  await rendered(map);
  const levels: string[] = [];
  const steps: number[] = [];
  const flights: number[] = [];
  for (let step = 0; step < index.levels.length; step++) {
    // By keyboard, the area is brought to the centre first (as the arrow keys pan): Enter selects there.
    if (how === 'keyboard') {
      map.jumpTo({ center: target.label });
      await rendered(map);
    }
    const selected = new Promise<string>((resolve) => el.addEventListener('gm-select', (e) => resolve(String((e as CustomEvent).detail.level)), { once: true }));
    const settled = new Promise<void>((resolve) => {
      map.once('moveend', () => resolve());
      setTimeout(resolve, 5000);
    });
    const t0 = performance.now();
    if (how === 'click') click(map, map.project(target.label));
    else el.shadowRoot!.querySelector('[part="map"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    levels.push(await selected);
    await settled;
    flights.push(performance.now() - t0);
    // The flight's last frame may have drawn the new view whole: not a frame more (measure.ts).
    await drawn(map);
    steps.push(performance.now() - t0);
  }
  return { levels, steps, flights };
}

/** A mouse click on the map's canvas at a screen point (what MapLibre turns into its `click`). */
function click(map: MaplibreMap, { x, y }: { x: number; y: number }): void {
  const canvas = map.getCanvas();
  const box = canvas.getBoundingClientRect();
  const init = { bubbles: true, cancelable: true, clientX: box.left + x, clientY: box.top + y, button: 0 };
  canvas.dispatchEvent(new MouseEvent('mousedown', init));
  canvas.dispatchEvent(new MouseEvent('mouseup', init));
  canvas.dispatchEvent(new MouseEvent('click', init));
}
