// The district outlines sketched on a 2D canvas over the map while its first paint is held: on a
// cold load they are on screen a few hundred milliseconds before MapLibre can draw anything.
//
// Why a 2D canvas and not a MapLibre layer: every MapLibre source (GeoJSON too) is parsed in its
// worker, which on a cold load starts only after the map and then waits for the style's layers;
// plain MapLibre with nothing but the district tiles paints them ~0.4 s after an empty map does
// (docs/performance.md). A custom WebGL layer needs no worker, but every WebGL frame painted in
// software keeps the page's main thread waiting ~0.1–0.2 s for the GPU process to read it back,
// which held back the map's own tile requests by as much. A 2D canvas is drawn on the main thread
// in a few milliseconds (6,300 vertices for the city) and waits for no GPU. No library draws a
// sketch of lines before a map exists; MapLibre's own projection places every vertex.
import type { Map as MaplibreMap } from 'maplibre-gl';

/** The sketch's canvas: over the map's, ignoring the pointer. */
export function createPreviewCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'gm-outline-preview';
  canvas.setAttribute('aria-hidden', 'true');
  canvas.style.cssText = 'position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none;';
  return canvas;
}

/**
 * Draws rings of `[lng, lat, lng, lat, …]` on `canvas` as the map's current camera places them,
 * in `color` and `width` CSS pixels. A vertex that is not a finite longitude and latitude is skipped
 * (its ring is drawn with a gap there). Returns the number of segments drawn.
 */
export function drawOutlinePreview(canvas: HTMLCanvasElement, map: MaplibreMap, rings: Iterable<ArrayLike<number>>, color: string, width: number): number {
  const { clientWidth, clientHeight } = map.getCanvas();
  const ratio = map.getPixelRatio();
  canvas.width = Math.round(clientWidth * ratio);
  canvas.height = Math.round(clientHeight * ratio);
  const context = canvas.getContext('2d');
  if (!context) return 0;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.strokeStyle = color;
  context.lineWidth = width;
  // As the map's outline layers join their lines (area-layers.ts: MapLibre's miter, limit 2).
  context.lineJoin = 'miter';
  context.miterLimit = 2;
  context.beginPath();
  let segments = 0;
  for (const ring of rings) {
    let drawing = false;
    for (let i = 0; i + 1 < ring.length; i += 2) {
      const [lng, lat] = [ring[i], ring[i + 1]];
      if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
        drawing = false;
        continue;
      }
      const { x, y } = map.project([lng, lat]);
      if (drawing) {
        context.lineTo(x, y);
        segments++;
      } else context.moveTo(x, y);
      drawing = true;
    }
  }
  context.stroke();
  return segments;
}
