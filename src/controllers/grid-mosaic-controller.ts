import type { Map as MaplibreMap } from 'maplibre-gl';
import { fillLayerId, LINE_MIN_ZOOM, lineLayerId } from '../layers/area-layers.js';
import { GridMosaicLayer, MOSAIC_LAYER } from '../layers/grid-mosaic-layer.js';
import type { MapPalette } from '../layers/status-paint.js';
import type { GridMosaic } from '../model/manifest.js';
import { LoadError } from '../internal/fetch.js';
import type { GmErrorReason } from '../event-types.js';
import type { StatusController } from './status-controller.js';

export interface GridMosaicHost {
  readonly statuses: StatusController;
  palette(): MapPalette;
  report(reason: GmErrorReason, detail: Record<string, unknown>): void;
}

/** The highest zoom MapLibre draws a layer at. */
const MAX_ZOOM = 24;

/**
 * The grid mosaic of the loaded hierarchy: puts its layer on the map below the outlines and hands
 * the grid level to the tiles from its `maxzoom` on. Without a mosaic (none in the manifest, or it
 * failed to load, or the GPU cannot hold it) the tiles draw the grids at every zoom.
 */
export class GridMosaicController {
  /** The manifest's mosaic layer: on the map from the hierarchy's install, drawing once its image is loaded. */
  private mosaic?: GridMosaicLayer;
  private map?: MaplibreMap;

  constructor(private readonly host: GridMosaicHost) {}

  /** The mosaic, once its image is loaded; kept across maps (re-connect) until the next hierarchy. */
  get layer(): GridMosaicLayer | undefined {
    return this.mosaic?.loaded ? this.mosaic : undefined;
  }

  /** Forgets the last hierarchy's mosaic; `spec` is the next one's (tiles start above its maxzoom). */
  reset(spec: GridMosaic | undefined): void {
    this.detach();
    this.host.statuses.bindMosaic(undefined);
    this.mosaic?.dispose();
    this.mosaic = spec ? new GridMosaicLayer(spec) : undefined;
  }

  /** Takes the decoded image (or the error of loading it) for the current mosaic. */
  loaded(result: { value: ImageBitmap } | { error: unknown }, gridCount: number): void {
    const mosaic = this.mosaic;
    if (!mosaic) return;
    if ('error' in result) return this.fail(result.error, mosaic.spec);
    const image = result.value;
    const limit = this.maxTextureSize();
    if (limit && Math.max(image.width, image.height) > limit) {
      image.close();
      return this.fail(new Error(`${image.width}×${image.height} pixels exceed this GPU's ${limit}`), mosaic.spec);
    }
    mosaic.setPalette(this.host.palette());
    mosaic.load(image, gridCount);
    this.host.statuses.bindMosaic(mosaic);
  }

  /** Takes the layer off the map (custom layers are not in getStyle(), so layer sweeps miss it). */
  detach(): void {
    if (this.map?.getLayer(MOSAIC_LAYER)) this.map.removeLayer(MOSAIC_LAYER);
  }

  /** Draws on this map (after the hierarchy's layers were (re-)added to it). */
  bindMap(map: MaplibreMap | undefined): void {
    this.map = map;
    this.install();
  }

  applyPalette(palette: MapPalette): void {
    this.mosaic?.setPalette(palette);
  }

  /**
   * Adds the layer if missing and sets the grid level's zoom ranges: below the mosaic's maxzoom no
   * grid layer uses the grid tiles, so MapLibre does not load them at all.
   */
  install(): void {
    const map = this.map;
    if (!map || !map.getLayer(fillLayerId('grid'))) return;
    const maxzoom = this.mosaic?.spec.maxzoom ?? 0;
    map.setLayerZoomRange(fillLayerId('grid'), maxzoom, MAX_ZOOM);
    map.setLayerZoomRange(lineLayerId('grid'), Math.max(LINE_MIN_ZOOM.grid, maxzoom), MAX_ZOOM);
    if (!this.mosaic || map.getLayer(MOSAIC_LAYER)) return;
    map.addLayer(this.mosaic, lineLayerId('grid'));
    map.setLayerZoomRange(MOSAIC_LAYER, 0, maxzoom);
    map.setLayoutProperty(MOSAIC_LAYER, 'visibility', map.getLayoutProperty(fillLayerId('grid'), 'visibility') ?? 'visible');
  }

  /** Reports, and gives the grids back to the tiles at every zoom. */
  private fail(error: unknown, spec: GridMosaic): void {
    const reason = error instanceof LoadError && error.kind === 'unreachable' ? 'mosaic-unreachable' : 'mosaic-invalid';
    this.host.report(reason, { url: spec.image, message: (error as Error)?.message ?? String(error) });
    this.detach();
    this.mosaic = undefined;
    this.install();
  }

  private maxTextureSize(): number | undefined {
    const gl = this.map?.getCanvas().getContext('webgl2');
    return gl ? (gl.getParameter(gl.MAX_TEXTURE_SIZE) as number) : undefined;
  }
}
