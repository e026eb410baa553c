import type { Map as MaplibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { LINE_WIDTH } from '../layers/area-layers.js';
import { createPreviewCanvas, drawOutlinePreview } from '../layers/outline-preview.js';
import type { MapPalette } from '../layers/status-paint.js';
import { firstPaintHeld } from './first-paint.js';

/**
 * The outline preview of the loaded hierarchy (see layers/outline-preview.ts): while a map's first
 * paint is held, the district outlines are sketched over it, from the manifest's `preview` rings or
 * the district GeoJSON already in hand; the sketch goes in the frame the map first paints. A map
 * that has painted keeps its picture until a new hierarchy is drawn, with no sketch.
 */
export class OutlinePreviewController {
  private rings?: Iterable<ArrayLike<number>>;
  private map?: MaplibreMap;
  private canvas?: HTMLCanvasElement;
  /** The camera the sketch was drawn for (redrawn when it changes before the first paint). */
  private drawnFor = '';

  constructor(private readonly host: { palette(): MapPalette }) {}

  /**
   * A preview is bound to a map: while that map's first paint is held (the only time the hold asks),
   * the outlines are sketched, or will be in its next frame.
   */
  get sketching(): boolean {
    return Boolean(this.map && this.rings);
  }

  /**
   * The next hierarchy's district outlines: the manifest's `preview` rings, else the rings of its
   * district GeoJSON when that is loaded already (a hierarchy without tiles); else no preview.
   */
  set(preview: number[][] | undefined, districts: FeatureCollection | undefined): void {
    this.rings = preview ?? (districts ? [...polygonRings(districts)] : undefined);
    this.drawnFor = '';
    if (!this.rings) this.remove();
  }

  /** Sketches on this map until it first paints (after the hierarchy's layers were (re-)added to it). */
  bindMap(map: MaplibreMap | undefined): void {
    this.map?.off('render', this.onRender);
    this.remove();
    this.map = map;
    this.drawnFor = '';
    if (map && this.rings && firstPaintHeld(map)) map.on('render', this.onRender);
  }

  /** Redraws in the theme's district outline colour. */
  applyPalette(): void {
    this.drawnFor = '';
    this.map?.triggerRepaint();
  }

  /**
   * Sketches the outlines for the map's current camera now, if its first paint is still held and
   * the sketch is not drawn for this camera yet; in the frame that paints, the sketch goes. Called
   * for every frame MapLibre runs while its painting is held, and by the hierarchy right after it
   * fitted the camera: that is a frame before MapLibre's first render of the new layers (~70 ms in
   * the benchmark's cold load, where the install runs in the style's load frame).
   */
  sketch(): void {
    const map = this.map;
    if (!map) return;
    if (!firstPaintHeld(map) || !this.rings) {
      map.off('render', this.onRender);
      this.remove();
      return;
    }
    const camera = `${map.getCenter().toArray()} ${map.getZoom()} ${map.getBearing()} ${map.getCanvas().clientWidth}×${map.getCanvas().clientHeight}`;
    if (camera === this.drawnFor) return;
    this.drawnFor = camera;
    this.canvas ??= map.getCanvasContainer().appendChild(createPreviewCanvas());
    const palette = this.host.palette();
    drawOutlinePreview(this.canvas, map, this.rings, palette.outline.district, LINE_WIDTH.district);
    performance.mark('gm:first-outlines');
  }

  private readonly onRender = () => this.sketch();

  private remove(): void {
    this.canvas?.remove();
    this.canvas = undefined;
  }
}

/** The rings of a FeatureCollection's (multi)polygons as `[lng, lat, lng, lat, …]`. */
function* polygonRings(collection: FeatureCollection): Generator<number[]> {
  for (const feature of collection.features ?? []) {
    const geometry = feature?.geometry;
    const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const polygon of polygons ?? []) for (const ring of polygon ?? []) yield (ring ?? []).flat();
  }
}
