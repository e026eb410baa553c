import { DEFAULT_PALETTE, type MapPalette } from '../layers/status-paint.js';

/** A 1×1 canvas context: the browser's own CSS colour parser, to hand MapLibre plain colours. */
let colorContext: CanvasRenderingContext2D | null | undefined;

/**
 * Any CSS colour the browser understands (named, hsl(), color-mix(), oklch()…) as a `#rrggbb` or
 * `rgba()` string MapLibre can parse; the fallback when the value is not a colour.
 */
export function normalizeColor(value: string, fallback: string): string {
  colorContext ??= document.createElement('canvas').getContext('2d');
  if (!colorContext || !value.trim()) return fallback;
  colorContext.fillStyle = fallback;
  colorContext.fillStyle = value.trim();
  return String(colorContext.fillStyle);
}

/**
 * The `--gm-*` custom property of each palette entry (the theme tokens, docs/theming.md); a
 * record of them mirrors the palette's shape.
 */
const TOKENS = {
  status: { normal: '--gm-status-normal', attention: '--gm-status-attention', warning: '--gm-status-warning', emergency: '--gm-status-emergency', unknown: '--gm-status-unknown' },
  noData: '--gm-map-no-data',
  outline: { district: '--gm-outline-district', town: '--gm-outline-town', community: '--gm-outline-community', grid: '--gm-outline-grid', 'microgrid': '--gm-outline-microgrid' },
  highlight: '--gm-highlight',
  selected: '--gm-selected',
  label: '--gm-label-color',
  labelHalo: '--gm-label-halo',
  labelScale: '--gm-label-scale',
  fillOpacity: '--gm-fill-opacity',
  board: { party: '--gm-board-party', economy: '--gm-board-economy', livelihood: '--gm-board-livelihood', safety: '--gm-board-safety' },
  cluster: '--gm-cluster-color',
  staff: { 'on-duty': '--gm-staff-on-duty', busy: '--gm-staff-busy', 'off-duty': '--gm-staff-off-duty' },
  light: { 'on-time': '--gm-light-on-time', 'due-soon': '--gm-light-due-soon', overdue: '--gm-light-overdue' },
  alert: { emergency: '--gm-alert-emergency', warning: '--gm-alert-warning', attention: '--gm-alert-attention' },
  fence: { restricted: '--gm-fence-restricted', watch: '--gm-fence-watch' },
} as const;

/** Reads the map's `--gm-*` theme tokens as computed on the element (the defaults where unset). */
export function readPalette(element: Element): MapPalette {
  const style = getComputedStyle(element);
  const read = (tokens: object, defaults: object): object =>
    Object.fromEntries(
      Object.entries(tokens).map(([key, token]) => {
        const fallback = (defaults as Record<string, unknown>)[key];
        if (typeof token !== 'string') return [key, read(token, fallback as object)];
        const value = style.getPropertyValue(token);
        if (typeof fallback === 'number') {
          const number = Number.parseFloat(value);
          return [key, Number.isFinite(number) ? number : fallback];
        }
        return [key, normalizeColor(value, fallback as string)];
      }),
    );
  return read(TOKENS, DEFAULT_PALETTE) as MapPalette;
}
