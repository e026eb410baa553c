import { fillLayerId, LINE_MIN_ZOOM, lineLayerId } from '../../layers/area-layers.js';
import { GridMosaicLayer, MOSAIC_LAYER, viewBox } from '../../layers/grid-mosaic-layer.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { finestLevel, mosaicImages, type GridMosaic, type MosaicImage } from '../../model/manifest.js';
import { mercatorBox, type MercatorBox, type MosaicPiece } from '../../model/mosaic-pyramid.js';
import { MercatorCoordinate, type LngLatLike } from 'maplibre-gl';
import { viewBoxAt } from '../camera.js';
import { PMTiles, TileType } from 'pmtiles';
import { decodeDataImage, fetchDataImage, LoadError } from '../../internal/fetch.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';
import type { StatusPart } from './status-part.js';

/** The highest zoom MapLibre draws a layer at. */
const MAX_ZOOM = 24;

/** The texture size a mosaic image may have when no map tells the GPU's (WebGL 2 guarantees 2,048; today's GPUs take 8,192 or more). */
const FALLBACK_TEXTURE_LIMIT = 8192;

/**
 * The grid mosaic of the loaded hierarchy: puts its layer on the map below the outlines, hands the
 * grid level to the tiles from its `maxzoom` on, and fetches its pieces as the view wants them: of
 * an image mosaic, the overview that suits a city view first and the full image once the view zooms
 * in past it; of a tiled one, the tiles in view as it moves. Without a mosaic (none in the
 * manifest, or nothing of it could be loaded, or the GPU cannot hold it) the vector tiles draw the
 * grids at every zoom.
 */
export class GridMosaicPart implements MapPart {
  /** The manifest's mosaic layer: on the map from the hierarchy's install, drawing once an image is loaded. */
  private mosaic?: GridMosaicLayer;
  private attached?: AttachedScene;
  /** Per piece of the current mosaic (by key): its load once asked for, true when it came (a failed one is not asked for again). */
  private loads = new Map<string, Promise<boolean>>();
  /** Keys of the pieces of the current mosaic that came (to tell an evicted piece from one on its way). */
  private came = new Set<string>();
  /** The current tiled mosaic's PMTiles archive. */
  private archive?: PMTiles;
  /** A failed piece of the current mosaic was reported (one gm-error per mosaic, not one per tile). */
  private reported = false;
  /** Whether a flight is under way whose landing's pieces were asked for (see flyingTo). */
  private inFlight = false;
  /** Aborts the current mosaic's fetches when the next hierarchy comes. */
  private aborter = new AbortController();
  /** Resolves with the number of grids once the area index is in (images wait for it, see setGridCount). */
  private gridCount = deferred<number>();
  /** The current mosaic's images when they are drawn, not fetched (coarsest first). */
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
    this.loads = new Map();
    this.came = new Set();
    this.reported = false;
    // An image of the last mosaic waiting for its grid count goes on, finds its load aborted and closes.
    this.gridCount.resolve(0);
    this.gridCount = deferred<number>();
    this.statuses.bindMosaic(undefined);
    this.mosaic?.dispose();
    this.mosaic = spec ? new GridMosaicLayer(spec) : undefined;
    this.drawn = spec ? drawn : undefined;
    this.archive = spec?.pmtiles ? new PMTiles(spec.pmtiles) : undefined;
  }

  /** The area index is in (or failed: 0): images load with a byte per grid for its statuses and alerts. */
  setGridCount(count: number): void {
    this.gridCount.resolve(count);
  }

  /**
   * Fetches the pieces a view at `zoom` over `box` (by default the map's view; before the map has
   * one, the whole mosaic) wants, unless they are in or on their way; resolves once they are loaded
   * (or failed, reported). Undefined without a zoom or a mosaic.
   */
  fetchForView(zoom = this.attached?.map.getZoom(), box?: MercatorBox): Promise<void> | undefined {
    const { mosaic } = this;
    if (zoom === undefined || !mosaic) return undefined;
    const view = box ?? (this.attached ? viewBox(this.attached.map) : mercatorBox(mosaic.spec.bounds));
    // The first pieces are what the map's first paint waits for; later ones come as the view moves.
    const priority = mosaic.loaded ? 'auto' : 'high';
    const loads = mosaic.wantedIn(zoom, view).map((piece) => {
      const load = this.loads.get(piece.key);
      // A piece that came and was since evicted by the layer (it keeps the last 128) is fetched again.
      return load && !(this.came.has(piece.key) && !mosaic.has(piece)) ? load : this.startLoad(mosaic, piece, priority);
    });
    return Promise.all(loads).then((came) => {
      // Nothing of the mosaic could be loaded: the grids go back to the vector tiles at every zoom.
      if (loads.length && !came.some(Boolean) && !mosaic.loaded && mosaic === this.mosaic) this.giveUp();
    });
  }

  /** Draws on the scene's map (after the hierarchy's layers were put on it). */
  attach(scene: AttachedScene): void {
    this.attached = scene;
    scene.map.on('zoomend', this.onZoomEnd);
    scene.map.on('move', this.onMove);
    scene.map.on('moveend', this.onMoveEnd);
    this.hierarchyChanged();
  }

  detach(): void {
    this.attached?.map.off('zoomend', this.onZoomEnd);
    this.attached?.map.off('move', this.onMove);
    this.attached?.map.off('moveend', this.onMoveEnd);
    this.attached = undefined;
    this.inFlight = false;
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

  /** A view settled at a new zoom where an image mosaic draws: the image it wants there, when not in yet. */
  private readonly onZoomEnd = () => {
    const map = this.attached?.map;
    if (this.mosaic && !this.mosaic.pyramid.tiled && map && map.getZoom() < this.mosaic.spec.maxzoom) void this.fetchForView();
  };

  /**
   * The camera is about to fly to `landing`: a tiled mosaic's pieces of where it lands are asked for
   * now, and none of the views it passes through until its `moveend` (a drag or a pinch still
   * fetches as it goes). Where a piece is missing on the way, its coarser piece is drawn scaled.
   *
   * Why: a drill-down's flight from the city view passed views from z7 to z10 whose pieces were
   * fetched and decoded (~0.3 s of image decoding on the renderer's threads in the district step,
   * Chrome trace) while the tile worker needed the two cores for the landing view; a flight into a
   * town, landing past the mosaic's maxzoom, decoded pieces that were never drawn.
   */
  flyingTo(landing: { center: LngLatLike; zoom: number }): void {
    const map = this.attached?.map;
    const mosaic = this.mosaic;
    if (!map || !mosaic?.pyramid.tiled) return;
    this.inFlight = true;
    if (landing.zoom < mosaic.spec.maxzoom) void this.fetchForView(landing.zoom, viewBoxAt(map, landing));
  }

  /** The view moves over a tiled mosaic: the tiles it comes to, as it comes to them (each asked for once). */
  private readonly onMove = () => {
    const map = this.attached?.map;
    // A flight whose landing was asked for (flyingTo): nothing on the way; the view is asked for at
    // its moveend (also where a drag or a new flight cuts it short: MapLibre ends a move it stops).
    if (this.inFlight) return;
    if (this.mosaic?.pyramid.tiled && map && map.getZoom() < this.mosaic.spec.maxzoom) void this.fetchForView();
  };

  private readonly onMoveEnd = () => {
    if (!this.inFlight) return;
    this.inFlight = false;
    this.onMove();
  };

  /** Loads a piece (true once it is in); a failure is reported once per mosaic and not asked for again. */
  private startLoad(mosaic: GridMosaicLayer, piece: MosaicPiece, priority: RequestPriority): Promise<boolean> {
    const { signal } = this.aborter;
    this.came.delete(piece.key);
    const load = this.loadPiece(mosaic, piece, priority, signal).then(
      () => {
        if (mosaic === this.mosaic) this.came.add(piece.key);
        return true;
      },
      (error: unknown) => {
        if (!signal.aborted && mosaic === this.mosaic) this.report(error, this.pieceUrl(mosaic, piece));
        return false;
      },
    );
    this.loads.set(piece.key, load);
    return load;
  }

  /** Fetches, decodes (off the main thread) and hands the layer a piece, once the grid count is known. */
  private async loadPiece(mosaic: GridMosaicLayer, piece: MosaicPiece, priority: RequestPriority, signal: AbortSignal): Promise<void> {
    const image = await this.pixelsOf(mosaic, piece, priority, signal);
    const gridCount = await this.gridCount.promise;
    if (signal.aborted || mosaic !== this.mosaic) return void image?.close();
    if (image && !mosaic.pyramid.tiled && image.width * image.height < gridCount) {
      image.close();
      // A 1×1 mosaic named the same grid everywhere.
      throw new Error(`${image.width}×${image.height} pixels cannot hold ${gridCount} grids`);
    }
    const first = !mosaic.loaded;
    if (first) mosaic.setPalette(this.scene.palette);
    mosaic.load(piece, image, gridCount);
    // Every piece shares the statuses: they are written once, with the first.
    if (first) this.statuses.bindMosaic(mosaic);
  }

  /** A piece's decoded pixels; undefined for a tile with no grid (not in the archive, or a 404 from a tile template). */
  private async pixelsOf(mosaic: GridMosaicLayer, piece: MosaicPiece, priority: RequestPriority, signal: AbortSignal): Promise<ImageBitmap | undefined> {
    const url = this.pieceUrl(mosaic, piece);
    const timeoutMs = this.scene.loadTimeoutMs;
    if (!mosaic.pyramid.tiled) {
      const image = mosaicImages(mosaic.spec)[piece.level];
      const sizeProblem = (width: number, height: number) => this.sizeProblem(image, width, height);
      return this.drawn ? checked(this.drawn[piece.level], sizeProblem) : fetchDataImage(url, signal, timeoutMs, priority, sizeProblem);
    }
    const tileProblem = (width: number, height: number) => (width === height && width > 0 && width <= 4096 ? undefined : `a tile of ${width}×${height} pixels is not square`);
    if (!this.archive) {
      try {
        return await fetchDataImage(url, signal, timeoutMs, priority, tileProblem);
      } catch (error) {
        if (error instanceof LoadError && (error.status === 404 || error.status === 204)) return undefined;
        throw error;
      }
    }
    const tile = await archiveTile(this.archive, piece, url, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
    return tile && decodeDataImage(tile, 'image/png', url, tileProblem);
  }

  /** The URL a piece is fetched from (for a tile in an archive, the archive's with the tile's `#z/x/y`). */
  private pieceUrl(mosaic: GridMosaicLayer, piece: MosaicPiece): string {
    const { spec } = mosaic;
    if (spec.pmtiles) return `${spec.pmtiles}#${piece.key}`;
    if (spec.tiles) return spec.tiles.replace('{z}', String(piece.level)).replace('{x}', String(piece.x)).replace('{y}', String(piece.y));
    return mosaicImages(spec)[piece.level]?.image ?? 'data-worker:mosaic';
  }

  /** Reports a piece that could not be loaded: the first of each mosaic (a dead archive fails every tile in view). */
  private report(error: unknown, url: string): void {
    if (this.reported) return;
    this.reported = true;
    const reason = error instanceof LoadError && error.kind === 'unreachable' ? 'mosaic-unreachable' : 'mosaic-invalid';
    this.scene.report(reason, { url, message: (error as Error)?.message ?? String(error) });
  }

  /** Nothing of the mosaic came: the grids go back to the vector tiles at every zoom. */
  private giveUp(): void {
    this.takeOff();
    this.mosaic?.dispose();
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

/**
 * A tile's bytes from the mosaic's archive (undefined: not in it, no grid there). The reader's
 * failures become LoadErrors: a server's refusal or silence is unreachable, anything else (wrong
 * magic, a truncated archive, an archive of vector tiles) is an invalid archive.
 */
async function archiveTile(archive: PMTiles, piece: MosaicPiece, url: string, signal: AbortSignal): Promise<ArrayBuffer | undefined> {
  let tile;
  try {
    const header = await archive.getHeader();
    if (header.tileType !== TileType.Png) throw new LoadError('invalid-image', url, `the archive holds ${TileType[header.tileType] ?? 'unknown'} tiles, not the mosaic's PNG tiles`);
    tile = await archive.getZxy(piece.level, piece.x, piece.y, signal);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    const message = String((error as Error)?.message ?? error);
    // 416: the archive is shorter than its own directory says (truncated), which is a broken file.
    const unreachable = error instanceof TypeError || /Bad response code: (?!416)|timed? ?out|abort/i.test(message);
    throw new LoadError(unreachable ? 'unreachable' : 'invalid-image', url, message);
  }
  return tile?.data;
}

/** A promise and its resolve function (Promise.withResolvers is ES2024). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
