import { fillLayerId, LINE_MIN_ZOOM, lineLayerId } from '../../layers/area-layers.js';
import { GridMosaicLayer, MOSAIC_LAYER } from '../../layers/grid-mosaic-layer.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { finestLevel, type GridMosaic, type MosaicImage } from '../../model/manifest.js';
import { MercatorCoordinate } from 'maplibre-gl';
import { fetchDataImage, LoadError } from '../../internal/fetch.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';
import type { StatusPart } from './status-part.js';

/** The highest zoom MapLibre draws a layer at. */
const MAX_ZOOM = 24;

/** The texture size a mosaic image may have when no map tells the GPU's (WebGL 2 guarantees 2,048; today's GPUs take 8,192 or more). */
const FALLBACK_TEXTURE_LIMIT = 8192;

/**
 * The grid mosaic of the loaded hierarchy: puts its layer on the map below the outlines, hands the
 * grid level to the tiles from its `maxzoom` on, and fetches its images as the view wants them
 * (the overview that suits a city view first, the full image once the view zooms in past it).
 * Without a mosaic (none in the manifest, or nothing of it could be loaded, or the GPU cannot hold
 * it) the tiles draw the grids at every zoom.
 */
export class GridMosaicPart implements MapPart {
  /** The manifest's mosaic layer: on the map from the hierarchy's install, drawing once an image is loaded. */
  private mosaic?: GridMosaicLayer;
  private attached?: AttachedScene;
  /** Per image of the current mosaic (GridMosaicLayer.images): its load, once asked for. */
  private loads: Promise<void>[] = [];
  /** Aborts the current mosaic's fetches when the next hierarchy comes. */
  private aborter = new AbortController();
  /** Resolves with the number of grids once the area index is in (images wait for it, see setGridCount). */
  private gridCount = deferred<number>();
  /** The current mosaic's images when they are drawn, not fetched (GridMosaicLayer.images order). */
  private drawn?: Promise<ImageBitmap>[];

  constructor(
    private readonly scene: Scene,
    private readonly statuses: StatusPart,
  ) {}

  /** The mosaic, once an image of it is loaded; kept across maps (re-connect) until the next hierarchy. */
  get layer(): GridMosaicLayer | undefined {
    return this.mosaic?.loaded ? this.mosaic : undefined;
  }

  /**
   * Forgets the last hierarchy's mosaic; `spec` is the next one's (tiles start above its maxzoom).
   * `drawn`: its images already drawn (by the data worker, for GeoJSON grids), coarsest first, instead of fetched.
   */
  reset(spec: GridMosaic | undefined, drawn?: Promise<ImageBitmap>[]): void {
    this.takeOff();
    this.aborter.abort();
    this.aborter = new AbortController();
    this.loads = [];
    // An image of the last mosaic waiting for its grid count goes on, finds its load aborted and closes.
    this.gridCount.resolve(0);
    this.gridCount = deferred<number>();
    this.statuses.bindMosaic(undefined);
    this.mosaic?.dispose();
    this.mosaic = spec ? new GridMosaicLayer(spec) : undefined;
    this.drawn = spec ? drawn : undefined;
  }

  /** The area index is in (or failed: 0): images load with a byte per grid for its statuses and alerts. */
  setGridCount(count: number): void {
    this.gridCount.resolve(count);
  }

  /**
   * Fetches the image a view at `zoom` (by default the map's) wants, unless it is in or on its way;
   * resolves once it is loaded (or failed, reported). Undefined without a zoom or a mosaic.
   */
  fetchForView(zoom = this.attached?.map.getZoom()): Promise<void> | undefined {
    const { mosaic } = this;
    if (zoom === undefined || !mosaic) return undefined;
    const wanted = mosaic.wantedAt(zoom);
    // The first image is what the map's first paint waits for; later ones come as the view moves.
    return (this.loads[wanted] ??= this.fetchImage(mosaic, wanted, mosaic.loaded ? 'auto' : 'high'));
  }

  /** Draws on the scene's map (after the hierarchy's layers were put on it). */
  attach(scene: AttachedScene): void {
    this.attached = scene;
    scene.map.on('zoomend', this.onZoomEnd);
    this.hierarchyChanged();
  }

  detach(): void {
    this.attached?.map.off('zoomend', this.onZoomEnd);
    this.attached = undefined;
  }

  /** The hierarchy's layers are (new) on the map: the mosaic goes under their outlines. */
  hierarchyChanged(): void {
    this.install();
  }

  paletteChanged(palette: MapPalette): void {
    this.mosaic?.setPalette(palette);
  }

  /** Takes the mosaic's layer off the map. */
  private takeOff(): void {
    this.attached?.slots.remove([MOSAIC_LAYER]);
  }

  /**
   * Adds the layer if missing and sets the grid level's zoom ranges: below the mosaic's maxzoom no
   * grid layer uses the grid tiles, so MapLibre does not load them at all.
   */
  private install(): void {
    const map = this.attached?.map;
    const manifest = this.scene.hierarchy?.manifest;
    const finest = manifest && finestLevel(manifest);
    if (!map || !finest || !map.getLayer(fillLayerId(finest))) return;
    const maxzoom = this.mosaic?.spec.maxzoom ?? 0;
    map.setLayerZoomRange(fillLayerId(finest), maxzoom, MAX_ZOOM);
    map.setLayerZoomRange(lineLayerId(finest), Math.max(LINE_MIN_ZOOM[finest], maxzoom), MAX_ZOOM);
    if (!this.mosaic || map.getLayer(MOSAIC_LAYER)) return;
    this.attached!.slots.add('grid-mosaic', [this.mosaic]);
    map.setLayerZoomRange(MOSAIC_LAYER, 0, maxzoom);
    map.setLayoutProperty(MOSAIC_LAYER, 'visibility', map.getLayoutProperty(fillLayerId(finest), 'visibility') ?? 'visible');
  }

  /** A view settled at a new zoom where the mosaic draws: the image it wants there, when not in yet. */
  private readonly onZoomEnd = () => {
    const map = this.attached?.map;
    if (this.mosaic && map && map.getZoom() < this.mosaic.spec.maxzoom) void this.fetchForView();
  };

  /** Fetches, decodes (off the main thread) and hands the layer image `level`, once the grid count is known. */
  private async fetchImage(mosaic: GridMosaicLayer, level: number, priority: RequestPriority): Promise<void> {
    const { signal } = this.aborter;
    const url = mosaic.images[level].image;
    let image: ImageBitmap;
    try {
      const sizeProblem = (width: number, height: number) => this.sizeProblem(mosaic.images[level], width, height);
      image = this.drawn ? await checked(this.drawn[level], sizeProblem) : await fetchDataImage(url, signal, this.scene.loadTimeoutMs, priority, sizeProblem);
    } catch (error) {
      if (!signal.aborted) this.fail(mosaic, error, url);
      return;
    }
    const gridCount = await this.gridCount.promise;
    if (signal.aborted || mosaic !== this.mosaic) return void image.close();
    if (image.width * image.height < gridCount) {
      image.close();
      // A 1×1 mosaic named the same grid everywhere.
      return this.fail(mosaic, new Error(`${image.width}×${image.height} pixels cannot hold ${gridCount} grids`), url);
    }
    const first = !mosaic.loaded;
    if (first) mosaic.setPalette(this.scene.palette);
    mosaic.load(level, image, gridCount);
    // Every image shares the statuses: they are written once, with the first.
    if (first) this.statuses.bindMosaic(mosaic);
  }

  /**
   * Reports an image that could not be loaded. With another image of the mosaic drawn, that one
   * stays (a coarser picture beats none); with none, the grids go back to the tiles at every zoom.
   */
  private fail(mosaic: GridMosaicLayer, error: unknown, url: string): void {
    const reason = error instanceof LoadError && error.kind === 'unreachable' ? 'mosaic-unreachable' : 'mosaic-invalid';
    this.scene.report(reason, { url, message: (error as Error)?.message ?? String(error) });
    if (mosaic.loaded || mosaic !== this.mosaic) return;
    this.takeOff();
    this.mosaic = undefined;
    this.install();
  }

  /**
   * Why an image of this size cannot be this mosaic image, if it cannot: larger than the GPU takes,
   * or not the shape of its bounds (its pixels are square in Web Mercator, see docs/data.md).
   */
  private sizeProblem(spec: MosaicImage, width: number, height: number): string | undefined {
    const limit = this.maxTextureSize() ?? FALLBACK_TEXTURE_LIMIT;
    if (!width || !height || Math.max(width, height) > limit) return `${width}×${height} pixels exceed this GPU's ${limit}`;
    const [west, south, east, north] = spec.bounds;
    const nw = MercatorCoordinate.fromLngLat([west, north]);
    const se = MercatorCoordinate.fromLngLat([east, south]);
    const expected = (se.x - nw.x) / (se.y - nw.y);
    // A pixel of rounding on the shorter edge, plus 2 % (never more than half the shape: a 1×1 image fits nothing).
    const tolerance = 0.02 * expected + Math.min(0.5, 1 / Math.min(width, height)) * expected;
    if (Math.abs(width / height - expected) > tolerance) return `${width}×${height} pixels do not fit the bounds' shape (${expected.toFixed(3)} : 1)`;
    return undefined;
  }

  private maxTextureSize(): number | undefined {
    const gl = this.attached?.map.getCanvas().getContext('webgl2');
    return gl ? (gl.getParameter(gl.MAX_TEXTURE_SIZE) as number) : undefined;
  }
}

/** A drawn image, unless its size is wrong for the GPU (then closed, and the load fails as a fetched image's would). */
async function checked(drawn: Promise<ImageBitmap>, problem: (width: number, height: number) => string | undefined): Promise<ImageBitmap> {
  const image = await drawn;
  const wrong = problem(image.width, image.height);
  if (!wrong) return image;
  image.close();
  throw new LoadError('invalid-image', 'data-worker:mosaic', wrong);
}

/** A promise and its resolve function (Promise.withResolvers is ES2024). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
