// Map icons drawn at run time from SVG path data (Material Design Icons, @mdi/js, Apache-2.0):
// no sprite server, no data: URLs (a strict CSP's img-src stays closed), crisp at the screen's
// pixel ratio. Each icon is a round badge in a colour (board or status) with the pictogram in white.
import type { Map as MaplibreMap } from 'maplibre-gl';

export interface IconSpec {
  /** SVG path data on a 24×24 grid; empty for a plain badge (a dot). */
  path: string;
  /** Badge colour (any CSS colour the canvas understands). */
  color: string;
}

/** Icon edge in CSS pixels. */
export const ICON_SIZE = 26;

/** The icon as RGBA pixels at `pixelRatio`. */
export function drawIcon({ path, color }: IconSpec, pixelRatio: number): ImageData {
  const size = Math.round(ICON_SIZE * pixelRatio);
  const ctx = new OffscreenCanvas(size, size).getContext('2d')!;
  const r = size / 2;
  ctx.beginPath();
  ctx.arc(r, r, r - pixelRatio, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 1.5 * pixelRatio;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.stroke();
  // The 24-unit pictogram fills 60 % of the badge, centred.
  const scale = (size * 0.6) / 24;
  ctx.translate(r - 12 * scale, r - 12 * scale);
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  if (path) ctx.fill(new Path2D(path));
  return ctx.getImageData(0, 0, size, size);
}

/** Adds the icons to the map, or redraws those it has (a theme change recolours them). */
export function putIcons(map: MaplibreMap, icons: Record<string, IconSpec>): void {
  // The map's ratio (the screen's times a wall's density): icons as sharp as everything else.
  const pixelRatio = Math.max(1, Math.ceil(map.getPixelRatio()));
  for (const [name, spec] of Object.entries(icons)) {
    const image = drawIcon(spec, pixelRatio);
    const held = map.hasImage(name) ? map.getImage(name) : undefined;
    if (held && held.data.width === image.width) map.updateImage(name, image);
    else {
      if (held) map.removeImage(name);
      map.addImage(name, image, { pixelRatio });
    }
  }
}

/**
 * One icon per pictogram and colour: `name(pictogram key, colour key)` → the pictogram's path in
 * that colour (a site category per board, a staff role per status, an event status per light).
 */
export function iconMatrix(
  pictograms: Readonly<Record<string, string>>,
  colors: Readonly<Record<string, string>>,
  name: (pictogram: string, color: string) => string,
): Record<string, IconSpec> {
  const icons: Record<string, IconSpec> = {};
  for (const [pictogram, path] of Object.entries(pictograms)) {
    for (const [key, color] of Object.entries(colors)) icons[name(pictogram, key)] = { path, color };
  }
  return icons;
}
