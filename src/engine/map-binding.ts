import { Map as MaplibreMap, type StyleSpecification } from 'maplibre-gl';
import { skipInvisibleSky } from './maplibre-internals.js';

/** What a MapBinding tells its owner (the engine). */
export interface MapBindingHost {
  /** A new map's style has loaded (before its first frame): put everything on it. */
  bound(map: MaplibreMap): void;
  /** The map goes (unmounted, or its WebGL context lost): take everything off it. */
  unbound(map: MaplibreMap): void;
  /** No WebGL map can be made. */
  failed(error: Error): void;
}

/** The settings a new map is made with (read each time: the view's attributes may have changed). */
export interface MapOptions {
  preserveDrawingBuffer: boolean;
  /** A MapLibre style URL drawn under the areas; none: fully offline. */
  basemap?: string;
  /**
   * How many times larger than at 1080p everything is drawn (a wall's `density`): the view scales
   * its container up by this factor, and the map draws at this many more device pixels per CSS
   * pixel, so the picture stays sharp.
   */
  density?: number;
}

/** The share of a wall's density a moving map draws at, and how soon after it stops it is sharp again (see onMoveStart). */
const MOVING_SHARE = 0.75;
const SHARP_AFTER_MS = 250;

/** How long a lost WebGL context may take to come back before the map is made anew anyway. */
const RESTORE_WAIT_MS = 3000;

/** CJK glyphs are drawn locally from these fonts: no glyph server (see docs/architecture.md). */
const IDEOGRAPH_FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * How many viewports' worth of tiles each source keeps out of view (MapLibre's default is 5).
 * One is enough to return to the city view and to the last towns visited without reloading, and
 * keeps a screen that runs for months small: with five, the soak's drill-downs took ~10 minutes and
 * ~20 MB of heap to fill the caches (docs/performance.md, Soak).
 */
const TILE_CACHE_VIEWPORTS = 1;

/**
 * The MapLibre map of an engine, in the container a view mounts it in: made once mounted (and not
 * deferred), resized with the container, removed on unmount (releasing its WebGL context, workers and
 * listeners) and made anew on the next mount, or at the same view after a lost WebGL context.
 */
export class MapBinding {
  map?: MaplibreMap;
  /** True while no map should be made yet (the first data manifest is being read, see ensure). */
  deferred = false;
  private container?: HTMLElement;
  /** The view a map made anew after a lost WebGL context starts from (the engine must not refit it). */
  private restoredView?: { center: [number, number]; zoom: number };
  private resizeObserver?: ResizeObserver;
  /** Whether the map draws at its moving pixel ratio (a dense wall while it moves, see onMoveStart). */
  private movingRatio = false;
  /** Set while the binding changes the pixel ratio: MapLibre's resize fires move events of its own. */
  private adjusting = false;
  private sharpTimer = 0;
  /** The density the map draws at (see densityChanged). */
  private appliedDensity = 1;
  private lost?: MaplibreMap;
  private restoreTimer = 0;

  constructor(
    private readonly host: MapBindingHost,
    private readonly options: () => MapOptions,
  ) {}

  /** Draws into this container (the view is connected and rendered). */
  mount(container: HTMLElement): void {
    if (container !== this.container) this.destroy();
    this.container = container;
    this.ensure();
  }

  /** Stops drawing: the map is removed (the view left the page). */
  unmount(): void {
    this.destroy();
    this.container = undefined;
  }

  /** The view kept across a lost context, if the current map was made for one; asked once, by the first fit on it. */
  takeRestoredView(): { center: [number, number]; zoom: number } | undefined {
    const view = this.restoredView;
    this.restoredView = undefined;
    return view;
  }

  /**
   * Makes the map if there is none, a container, and nothing defers it. A map made before its data
   * is known draws an empty first frame (~0.25 s in software rendering) that the data then waits
   * for; made with the manifest in hand, its first frame already requests the outlines' tiles.
   */
  ensure(): void {
    if (!this.map && this.container && !this.deferred) this.create();
  }

  private create(view?: { center: [number, number]; zoom: number }): void {
    const container = this.container;
    if (!container) return;
    const { preserveDrawingBuffer, basemap, density } = this.options();
    this.appliedDensity = density ?? 1;
    this.restoredView = view;
    let map: MaplibreMap;
    try {
      map = new MaplibreMap({
        container,
        ...view,
        style: basemap ?? blankStyle(),
        attributionControl: false,
        localIdeographFontFamily: IDEOGRAPH_FONTS,
        canvasContextAttributes: { preserveDrawingBuffer },
        pixelRatio: pixelRatioFor(density),
        fadeDuration: 0,
        // The hierarchy's sources and layers are made by this library (tested); checking each one
        // against the style spec as it is added took ~25 ms of the first view's load.
        validateStyle: false,
        maxTileCacheZoomLevels: TILE_CACHE_VIEWPORTS,
        // Past a source's maxzoom, one tile of its deepest zoom is drawn scaled (MapLibre's classic
        // overscaling), not cut into a new tile per zoom level: by default MapLibre 6 splits it
        // down to the map's maxZoom − 4, so every drill-down step loaded 9–15 new tiles of each
        // coarser level (each one the deepest tile fetched, parsed and cut again in the worker)
        // where 1–6 scaled ones cover the view; the micro city's community, grid and courtyard
        // steps 0.9–1.2 → 0.7 s (docs/performance.md). Labels are points of their own, so the
        // one drawback MapLibre names (polygon-centred labels) does not apply.
        zoomLevelsToOverscale: undefined,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
      });
    } catch (error) {
      this.host.failed(error as Error);
      return;
    }
    this.map = map;
    skipInvisibleSky(map);
    map.touchZoomRotate.disableRotation();
    // 'style.load', not 'load': 'load' waits for a first frame of the empty style, ~0.25 s in
    // software rendering, before the hierarchy's tiles could even be requested.
    map.once('style.load', () => this.map === map && this.host.bound(map));
    this.resizeObserver = new ResizeObserver(() => this.map?.resize());
    map.on('movestart', this.onMoveStart);
    map.on('moveend', this.onMoveEnd);
    this.resizeObserver.observe(container);
    map.on('webglcontextlost', () => this.contextLost(map));
    map.on('webglcontextrestored', () => this.replace(map));
  }

  /** The density changed: the map draws at the new pixel ratio, in its container's new size. */
  densityChanged(): void {
    // Called after every update of the view: only a new density changes anything (not a move's lowered ratio).
    const density = this.options().density ?? 1;
    if (!this.map || density === this.appliedDensity) return;
    this.appliedDensity = density;
    clearTimeout(this.sharpTimer);
    this.movingRatio = false;
    const ratio = pixelRatioFor(density);
    if (this.map.getPixelRatio() !== ratio) this.setPixelRatio(this.map, ratio);
  }

  /**
   * A wall of density d draws d² times the pixels of a 1080p screen, and a software-rendered GPU
   * pays per pixel: while the map moves it draws at MOVING_SHARE of its density (blurrier, 0.56×
   * the pixels), and sharp again SHARP_AFTER_MS after it stops. (Measured: frames at 3840×2160
   * were 3.1× those at 1080p at full density; `npm run bench`'s wall table.)
   */
  private readonly onMoveStart = (): void => {
    const map = this.map;
    const density = this.options().density ?? 1;
    clearTimeout(this.sharpTimer);
    // Not MapLibre's own resize (it fires move events too, with nothing moving): a toImage() or a window resize.
    if (!map || this.adjusting || this.movingRatio || density <= 1 || !map.isMoving()) return;
    this.movingRatio = true;
    this.setPixelRatio(map, pixelRatioFor(Math.max(1, density * MOVING_SHARE)));
  };

  private readonly onMoveEnd = (): void => {
    if (this.adjusting || !this.movingRatio) return;
    clearTimeout(this.sharpTimer);
    this.sharpTimer = window.setTimeout(() => {
      const map = this.map;
      if (!map || !this.movingRatio || map.isMoving()) return;
      this.movingRatio = false;
      this.setPixelRatio(map, pixelRatioFor(this.options().density));
      // Drawn now, in this task: the resized canvas is blank until its next frame.
      map.redraw();
    }, SHARP_AFTER_MS);
  };

  private setPixelRatio(map: MaplibreMap, ratio: number): void {
    this.adjusting = true;
    try {
      map.setPixelRatio(ratio);
    } finally {
      this.adjusting = false;
    }
  }

  /**
   * The WebGL context is gone (a GPU reset, the system reclaiming memory): MapLibre keeps only a
   * style snapshot, without feature-state or custom layers. Everything is taken off the map now, and
   * once the context is back — or after RESTORE_WAIT_MS, with a new context — a new map is made at
   * the same view, onto which the engine puts its current statuses, layers and alerts as on any new map.
   */
  private contextLost(map: MaplibreMap): void {
    if (this.map !== map) return;
    this.lost = map;
    clearTimeout(this.restoreTimer);
    this.restoreTimer = window.setTimeout(() => this.replace(map), RESTORE_WAIT_MS);
    try {
      this.host.unbound(map);
    } catch {
      // The style is already gone with the context: what could not be taken off goes with the map.
    }
  }

  private replace(map: MaplibreMap): void {
    if (this.map !== map || this.lost !== map) return;
    const { lng, lat } = map.getCenter();
    const view = { center: [lng, lat] as [number, number], zoom: map.getZoom() };
    this.destroy();
    this.create(view);
  }

  private destroy(): void {
    clearTimeout(this.restoreTimer);
    clearTimeout(this.sharpTimer);
    this.movingRatio = false;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    const map = this.map;
    if (!map) return;
    // A map whose context was lost was already taken off.
    if (this.lost !== map) this.host.unbound(map);
    this.lost = undefined;
    this.map = undefined;
    try {
      map.stop(); // a flight in progress must not run a frame on a removed map
      map.remove();
    } catch {
      // A lost context's painter is already destroyed.
    }
  }
}

/**
 * A style with nothing in it: fully offline, no tiles, glyphs or sprites. No background layer
 * either: the canvas is transparent and the element's own background (`--gm-map-background`)
 * shows through, as it does before the first paint. In software WebGL a background layer is a
 * full-screen fill in every frame, ~35 ms of a ~180 ms repaint at 1920×1080; the compositor
 * blends the canvas over the page either way (docs/performance.md).
 */
export function blankStyle(): StyleSpecification {
  return { version: 8, sources: {}, layers: [] };
}

/** Device pixels per CSS pixel of the map's (scaled-down) container: the screen's times the density. */
const pixelRatioFor = (density = 1): number => (window.devicePixelRatio || 1) * density;
