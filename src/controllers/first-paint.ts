import type { Map as MaplibreMap } from 'maplibre-gl';

/** What a map's painting is waiting for, if anything. */
interface Hold {
  drawable: () => boolean;
  /** drawable() was true in an earlier (held) frame: MapLibre has placed the labels. */
  placed: boolean;
  /** performance.now() after which it paints anyway. */
  until: number;
  timer: number;
}

const holds = new WeakMap<MaplibreMap, Hold | null>();

/**
 * Holds the first paint of a map until `drawable()` is true or `maxMs` has passed; a map that has
 * painted before is not held (a new hierarchy replaces the old picture when it is drawn, as ever).
 *
 * Why: until the hierarchy's first tiles are in, every frame MapLibre paints is empty (the canvas
 * has no background layer: the element's CSS background shows through). In software WebGL each such
 * frame costs ~0.15–0.2 s of a wall PC's two cores (the page's main thread and the GPU process),
 * taken from the tile worker and the parsing of the index and statuses that the first view waits
 * for. MapLibre paints one as soon as its style is loaded, one more after it, and one for each
 * source's first data. Held, the first frame painted is one with the outlines and whatever else
 * is in by then: names, colours (docs/performance.md).
 *
 * Only the painting is held: MapLibre still runs the rest of each frame (tile requests, placement,
 * its `render` events, and `idle` when all is loaded: see firstPaintHeld). MapLibre has no public
 * switch for this; its painter is typed in its declarations, and its `render` is wrapped once per map.
 */
export function holdFirstPaint(map: MaplibreMap, drawable: () => boolean, maxMs: number): void {
  const previous = holds.get(map);
  if (previous === null) return;
  if (previous) clearTimeout(previous.timer);
  else wrapPainter(map);
  const hold: Hold = { drawable, placed: false, until: performance.now() + maxMs, timer: 0 };
  // Past maxMs a frame is asked for, which paints whatever has loaded.
  hold.timer = window.setTimeout(() => {
    if (holds.get(map) !== hold) return;
    hold.until = 0;
    map.triggerRepaint();
  }, maxMs);
  holds.set(map, hold);
}

/** Whether the map has not painted yet and is waiting for what holdFirstPaint() was given. */
export function firstPaintHeld(map: MaplibreMap): boolean {
  return Boolean(holds.get(map));
}

function wrapPainter(map: MaplibreMap): void {
  const painter = map.painter;
  const paint = painter.render;
  painter.render = function (this: typeof painter, ...args: Parameters<typeof paint>) {
    const hold = holds.get(map);
    if (hold) {
      const waiting = performance.now() < hold.until;
      if (waiting && !hold.drawable()) return;
      if (waiting && !hold.placed) {
        // MapLibre places newly loaded labels in full in the frame they arrive, then marks that
        // placement stale and places them again in the next frame: one more frame, painted for
        // nothing. Held, that first frame costs only the placement.
        hold.placed = true;
        map.triggerRepaint();
        return;
      }
      clearTimeout(hold.timer);
      holds.set(map, null);
      performance.mark('gm:first-paint');
    }
    paint.apply(this, args);
  };
}
