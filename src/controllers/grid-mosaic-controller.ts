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
  /** The mosaic's layer, once loaded; kept across maps (re-connect) until the next hierarchy. */
  layer?: GridMosaicLayer;
  private map?: MaplibreMap;
  /** The manifest's mosaic, while it is loading or loaded: the grid tiles wait above its maxzoom. */
  private spec?: GridMosaic;

  constructor(private readonly host: GridMosaicHost) {}

  /** Forgets the last hierarchy's mosaic; `spec` is the next one's (tiles start above its maxzoom). */
  reset(spec: GridMosaic | undefined): void {
    this.detach();
    this.host.statuses.bindMosaic(undefined);
    this.layer?.dispose();
    this.layer = undefined;
    this.spec = spec;
  }

  /** Takes the decoded image (or the error of loading it) for `spec`. */
  loaded(result: { value: ImageBitmap } | { error: unknown }, gridCount: number): void {
    const spec = this.spec;
    if (!spec) return;
    if ('error' in result) return this.fail(result.error, spec);
    const image = result.value;
    const limit = this.maxTextureSize();
    if (limit && Math.max(image.width, image.height) > limit) {
      image.close();
      return this.fail(new Error(`${image.width}×${image.height} pixels exceed this GPU's ${limit}`), spec);
    }
    this.layer = new GridMosaicLayer(spec, image, gridCount);
    this.layer.setPalette(this.host.palette());
    this.host.statuses.bindMosaic(this.layer);
    this.install();
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
    this.layer?.setPalette(palette);
  }

  /**
   * Adds the layer if missing and sets the grid level's zoom ranges: below the mosaic's maxzoom no
   * grid layer uses the grid tiles, so MapLibre does not load them at all.
   */
  install(): void {
    const map = this.map;
    if (!map || !map.getLayer(fillLayerId('grid'))) return;
    const maxzoom = this.spec?.maxzoom ?? 0;
    map.setLayerZoomRange(fillLayerId('grid'), maxzoom, MAX_ZOOM);
    map.setLayerZoomRange(lineLayerId('grid'), Math.max(LINE_MIN_ZOOM.grid, maxzoom), MAX_ZOOM);
    if (!this.layer || map.getLayer(MOSAIC_LAYER)) return;
    map.addLayer(this.layer, lineLayerId('grid'));
    map.setLayerZoomRange(MOSAIC_LAYER, 0, maxzoom);
    map.setLayoutProperty(MOSAIC_LAYER, 'visibility', map.getLayoutProperty(fillLayerId('grid'), 'visibility') ?? 'visible');
  }

  /** Reports, and gives the grids back to the tiles at every zoom. */
  private fail(error: unknown, spec: GridMosaic): void {
    const reason = error instanceof LoadError && error.kind === 'unreachable' ? 'mosaic-unreachable' : 'mosaic-invalid';
    this.host.report(reason, { url: spec.image, message: (error as Error)?.message ?? String(error) });
    this.spec = undefined;
    this.install();
  }

  private maxTextureSize(): number | undefined {
    const gl = this.map?.getCanvas().getContext('webgl2');
    return gl ? (gl.getParameter(gl.MAX_TEXTURE_SIZE) as number) : undefined;
  }
}
