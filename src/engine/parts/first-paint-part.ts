import type { Map as MaplibreMap } from 'maplibre-gl';
import { LINE_WIDTH } from '../../layers/area-layers.js';
import { createPreviewCanvas, drawOutlinePreview } from '../../layers/outline-preview.js';
import { gatePainting } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene } from '../scene.js';
import type { AreaPart } from './area-part.js';

/**
 * How long a new map's first paint may wait for its outlines (see holdFirstPaint);
 * past it, whatever has loaded is painted (a slow tile server still shows the map).
 */
const FIRST_PAINT_WAIT_MS = 2000;

/**
 * How long it may wait, from the moment they come, once outlines read after the install are
 * sketched (a plain-GeoJSON city's districts, read while its grids are): its colours come seconds
 * later (the grids parsed, indexed and drawn into the mosaic in the data worker), and a paint at the
 * install's deadline, before them, was one more long frame in the load (+0.5 s in the benchmark).
 */
const LATE_SKETCH_WAIT_MS = 3000;

/**
 * The map's first paint, and what shows before it. Until every level's outlines are loaded (and,
 * when the outlines are sketched, the index, statuses and mosaic too) a new map paints nothing:
 * each empty frame costs ~0.15–0.2 s of software rendering that the tile worker needs. Meanwhile
 * the district outlines are sketched on a 2D canvas over it (layers/outline-preview.ts) from the
 * manifest's `preview` rings, or the district GeoJSON already in hand; the sketch goes in the frame
 * the map first paints. A map that has painted keeps its picture until a new hierarchy is drawn,
 * with no sketch.
 */
export class FirstPaintPart implements MapPart {
  private rings?: Iterable<ArrayLike<number>>;
  private scene?: AttachedScene;
  private canvas?: HTMLCanvasElement;
  /** The camera the sketch was drawn for (redrawn when it changes before the first paint). */
  private drawnFor = '';

  constructor(private readonly areas: AreaPart) {}

  /**
   * A preview is bound to a map: while that map's first paint is held (the only time the hold asks),
   * the outlines are sketched, or will be in its next frame.
   */
  get sketching(): boolean {
    return Boolean(this.scene && this.rings);
  }

  /** Whether the map has not painted yet and is waiting for its outlines. */
  get held(): boolean {
    return Boolean(this.scene && firstPaintHeld(this.scene.map));
  }

  /**
   * The next hierarchy's district outlines: the manifest's `preview` rings, else the rings of its
   * district GeoJSON (a hierarchy without tiles), given before the install when read already, or
   * as soon as they are read after it (the first paint's hold is then extended: LATE_SKETCH_WAIT_MS);
   * else no preview.
   */
  set(rings: number[][] | undefined): void {
    this.rings = rings;
    this.drawnFor = '';
    if (!this.rings) return this.remove();
    // Rings that come after the hierarchy's install (read from its GeoJSON): sketched from now on.
    const map = this.scene?.hierarchy ? this.scene.map : undefined;
    if (!map || !firstPaintHeld(map)) return;
    extendHold(map, LATE_SKETCH_WAIT_MS);
    map.off('render', this.onRender).on('render', this.onRender);
    this.sketch();
  }

  attach(scene: AttachedScene): void {
    this.scene = scene;
    this.hierarchyChanged();
  }

  /**
   * Holds the map's first paint for the hierarchy's outlines (with the outlines sketched, also for
   * the index, statuses and mosaic: one frame with everything, not one for the outlines and one
   * more), and sketches until then.
   */
  hierarchyChanged(): void {
    const scene = this.scene;
    if (!scene?.hierarchy) return;
    const map = scene.map;
    holdFirstPaint(map, () => this.areas.outlinesLoaded() && (!scene.filling || !this.sketching), FIRST_PAINT_WAIT_MS);
    map.off('render', this.onRender);
    this.remove();
    this.drawnFor = '';
    if (this.rings && firstPaintHeld(map)) map.on('render', this.onRender);
  }

  detach(): void {
    this.scene?.map.off('render', this.onRender);
    this.remove();
    this.scene = undefined;
  }

  /** Redraws in the theme's district outline colour. */
  paletteChanged(): void {
    this.drawnFor = '';
    this.scene?.map.triggerRepaint();
  }

  /**
   * Sketches the outlines for the map's current camera now, if its first paint is still held and
   * the sketch is not drawn for this camera yet; in the frame that paints, the sketch goes. Called
   * for every frame MapLibre runs while its painting is held, and by the engine right after it
   * fitted the camera: that is a frame before MapLibre's first render of the new layers (~70 ms in
   * the benchmark's cold load, where the install runs in the style's load frame).
   */
  sketch(): void {
    const scene = this.scene;
    if (!scene) return;
    const map = scene.map;
    if (!firstPaintHeld(map) || !this.rings) {
      map.off('render', this.onRender);
      this.remove();
      return;
    }
    const camera = `${map.getCenter().toArray()} ${map.getZoom()} ${map.getBearing()} ${map.getCanvas().clientWidth}×${map.getCanvas().clientHeight}`;
    if (camera === this.drawnFor) return;
    this.drawnFor = camera;
    this.canvas ??= map.getCanvasContainer().appendChild(createPreviewCanvas());
    drawOutlinePreview(this.canvas, map, this.rings, scene.palette.outline.district, LINE_WIDTH.district);
    performance.mark('gm:first-outlines');
  }

  private readonly onRender = () => this.sketch();

  private remove(): void {
    this.canvas?.remove();
    this.canvas = undefined;
  }
}

/** What a map's painting is waiting for, if anything. */
interface Hold {
  drawable: () => boolean;
  /** drawable() was true in an earlier (held) frame: MapLibre has placed the labels. */
  placed: boolean;
  /** performance.now() after which it paints anyway. */
  until: number;
  timer: number;
}

/** Per map: its hold, null once it has painted, nothing before its first hierarchy. */
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
 */
function holdFirstPaint(map: MaplibreMap, drawable: () => boolean, maxMs: number): void {
  const previous = holds.get(map);
  if (previous === null) return;
  if (previous) clearTimeout(previous.timer);
  else gatePainting(map, () => paints(map));
  const hold: Hold = { drawable, placed: false, until: performance.now() + maxMs, timer: 0 };
  // Past maxMs a frame is asked for, which paints whatever has loaded.
  hold.timer = window.setTimeout(() => {
    if (holds.get(map) !== hold) return;
    performance.mark('gm:first-paint-deadline');
    hold.until = 0;
    map.triggerRepaint();
  }, maxMs);
  holds.set(map, hold);
}

/** Lets a held map wait up to `ms` from now, if that is longer than it was going to. */
function extendHold(map: MaplibreMap, ms: number): void {
  const hold = holds.get(map);
  if (!hold || !hold.until || hold.until >= performance.now() + ms) return;
  holdFirstPaint(map, hold.drawable, ms);
}

/** Whether the map has not painted yet and is waiting for what holdFirstPaint() was given. */
function firstPaintHeld(map: MaplibreMap): boolean {
  return Boolean(holds.get(map));
}

/** Whether a frame of this map is painted (see holdFirstPaint); the first one painted ends the hold. */
function paints(map: MaplibreMap): boolean {
  const hold = holds.get(map);
  if (!hold) return true;
  const waiting = performance.now() < hold.until;
  if (waiting && !hold.drawable()) return false;
  if (waiting && !hold.placed) {
    // MapLibre places newly loaded labels in full in the frame they arrive, then marks that
    // placement stale and places them again in the next frame: one more frame, painted for
    // nothing. Held, that first frame costs only the placement.
    hold.placed = true;
    map.triggerRepaint();
    return false;
  }
  clearTimeout(hold.timer);
  holds.set(map, null);
  performance.mark('gm:first-paint');
  return true;
}
