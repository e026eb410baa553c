// The map as a picture: a copy of the drawn frame (map.toImage(), printing) and a composed image
// with a title band and a legend. Drawn with the 2D canvas API: no library renders a WebGL frame
// plus a legend into one image, and names reach the canvas as text (fillText), never as HTML.
import type { Map as MaplibreMap } from 'maplibre-gl';

/** What `toImage` adds to the map's frame. */
export interface MapImageOptions {
  /** Draw the legend (status colours with their counts) over the map's bottom-left corner. Default true. */
  legend?: boolean;
  /** The title band's text; default: the shown area's name. An empty string leaves the band out. */
  title?: string;
  /** Pixels per CSS pixel of the image, relative to the screen's (1–4; default 1). A 1920×1080 map at scale 2 is a 3840×2160 image. */
  scale?: number;
}

/** One row of the legend. */
export interface LegendRow {
  color: string;
  label: string;
  count?: number;
}

/** How the picture looks beside the frame: from the theme and the view's words. */
export interface ImageDecor {
  title: string;
  /** The small line under the title (when the picture was taken). */
  subtitle: string;
  legendTitle: string;
  legend: LegendRow[];
  /** The map's background (the canvas is transparent where nothing is drawn). */
  background: string;
  panel: string;
  text: string;
  fontFamily: string;
}

/** The largest side of an image, in device pixels: what any WebGL implementation here can draw. */
const MAX_SIDE = 8192;

/**
 * Copies the map's current frame at `scale` times its pixel ratio. The frame is drawn now
 * (`redraw()`, synchronous) and copied in the same task: without `preserveDrawingBuffer` the
 * drawing buffer is only valid until the browser composites it, so a copy made later is blank.
 */
export function copyFrame(map: MaplibreMap, scale = 1): HTMLCanvasElement {
  const ratio = map.getPixelRatio();
  const gl = map.getCanvas();
  const largest = Math.max(gl.clientWidth, gl.clientHeight, 1) * ratio;
  const factor = Math.min(Math.max(1, scale), 4, MAX_SIDE / largest);
  if (factor !== 1) map.setPixelRatio(ratio * factor);
  try {
    map.redraw();
    const frame = document.createElement('canvas');
    [frame.width, frame.height] = [gl.width, gl.height];
    frame.getContext('2d')!.drawImage(gl, 0, 0);
    return frame;
  } finally {
    if (factor !== 1) {
      map.setPixelRatio(ratio);
      map.triggerRepaint();
    }
  }
}

/**
 * The frame on the map's background, under a title band (when there is a title) and with the
 * legend over its bottom-left corner (when there are rows). Sizes are CSS pixels times the frame's
 * own pixel ratio `unit`, so the legend is as large on the picture as on the screen.
 */
export function composeImage(frame: HTMLCanvasElement, decor: ImageDecor, unit: number): HTMLCanvasElement {
  const band = decor.title ? Math.round(56 * unit) : 0;
  const out = document.createElement('canvas');
  [out.width, out.height] = [frame.width, frame.height + band];
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = decor.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(frame, 0, band);
  if (band) drawTitle(ctx, decor, unit, band);
  if (decor.legend.length) drawLegend(ctx, decor, unit, out.height);
  return out;
}

function drawTitle(ctx: CanvasRenderingContext2D, decor: ImageDecor, unit: number, band: number): void {
  ctx.fillStyle = decor.panel;
  ctx.fillRect(0, 0, ctx.canvas.width, band);
  ctx.fillStyle = decor.text;
  ctx.textBaseline = 'alphabetic';
  ctx.font = `600 ${20 * unit}px ${decor.fontFamily}`;
  ctx.fillText(decor.title, 16 * unit, 28 * unit, ctx.canvas.width - 32 * unit);
  ctx.font = `${12 * unit}px ${decor.fontFamily}`;
  ctx.fillText(decor.subtitle, 16 * unit, 46 * unit, ctx.canvas.width - 32 * unit);
}

/** The legend panel: a heading, then a swatch, a label and a count per row. */
function drawLegend(ctx: CanvasRenderingContext2D, decor: ImageDecor, unit: number, bottom: number): void {
  const row = 22 * unit;
  const pad = 12 * unit;
  const [width, height] = [200 * unit, pad * 2 + row * (decor.legend.length + 1)];
  const [x, y] = [16 * unit, bottom - 16 * unit - height];
  ctx.fillStyle = decor.panel;
  ctx.fillRect(x, y, width, height);
  ctx.fillStyle = decor.text;
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${14 * unit}px ${decor.fontFamily}`;
  ctx.fillText(decor.legendTitle, x + pad, y + pad + row / 2, width - 2 * pad);
  ctx.font = `${14 * unit}px ${decor.fontFamily}`;
  decor.legend.forEach((entry, i) => {
    const top = y + pad + row * (i + 1);
    ctx.fillStyle = entry.color;
    ctx.fillRect(x + pad, top + 3 * unit, 16 * unit, 16 * unit);
    ctx.fillStyle = decor.text;
    ctx.textAlign = 'left';
    ctx.fillText(entry.label, x + pad + 24 * unit, top + row / 2, width - 90 * unit);
    if (entry.count !== undefined) {
      ctx.textAlign = 'right';
      ctx.fillText(entry.count.toLocaleString(), x + width - pad, top + row / 2);
      ctx.textAlign = 'left';
    }
  });
}

/** The map's frame composed with `decor`, as a PNG. */
export function mapImage(map: MaplibreMap, decor: ImageDecor, scale = 1): Promise<Blob> {
  const frame = copyFrame(map, scale);
  const unit = frame.width / Math.max(1, map.getCanvas().clientWidth);
  const image = composeImage(frame, decor, unit);
  return new Promise((resolve, reject) => image.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the image could not be encoded'))), 'image/png'));
}

/** Draws the map's current frame into `target` (sized to it): what a printed page shows instead of the WebGL canvas. */
export function printFrame(map: MaplibreMap, target: HTMLCanvasElement): void {
  const frame = copyFrame(map, 1);
  [target.width, target.height] = [frame.width, frame.height];
  target.getContext('2d')!.drawImage(frame, 0, 0);
}
