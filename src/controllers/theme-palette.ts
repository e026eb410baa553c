import type { MapPalette } from '../layers/status-paint.js';

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

/** Reads the map's `--gm-*` theme tokens as computed on the element. */
export function readPalette(element: Element): MapPalette {
  const style = getComputedStyle(element);
  const color = (name: string, fallback: string) => normalizeColor(style.getPropertyValue(name), fallback);
  const number = (name: string, fallback: number) => {
    const value = Number.parseFloat(style.getPropertyValue(name));
    return Number.isFinite(value) ? value : fallback;
  };
  return {
    status: {
      normal: color('--gm-status-normal', '#2e7d32'),
      attention: color('--gm-status-attention', '#f9a825'),
      warning: color('--gm-status-warning', '#ef6c00'),
      emergency: color('--gm-status-emergency', '#d32f2f'),
      unknown: color('--gm-status-unknown', '#9e9e9e'),
    },
    noData: color('--gm-map-no-data', '#cfd8dc'),
    outline: {
      district: color('--gm-outline-district', '#37474f'),
      town: color('--gm-outline-town', '#607d8b'),
      community: color('--gm-outline-community', '#90a4ae'),
      grid: color('--gm-outline-grid', '#b0bec5'),
    },
    highlight: color('--gm-highlight', '#1565c0'),
    selected: color('--gm-selected', '#0d47a1'),
    label: color('--gm-label-color', '#1f2933'),
    labelHalo: color('--gm-label-halo', '#ffffff'),
    labelScale: number('--gm-label-scale', 1),
    fillOpacity: number('--gm-fill-opacity', 0.85),
    board: {
      party: color('--gm-board-party', '#c62828'),
      economy: color('--gm-board-economy', '#1565c0'),
      livelihood: color('--gm-board-livelihood', '#6a1b9a'),
      safety: color('--gm-board-safety', '#00796b'),
    },
    cluster: color('--gm-cluster-color', '#37474f'),
    staff: {
      'on-duty': color('--gm-staff-on-duty', '#2e7d32'),
      busy: color('--gm-staff-busy', '#ef6c00'),
      'off-duty': color('--gm-staff-off-duty', '#607d8b'),
    },
    light: {
      'on-time': color('--gm-light-on-time', '#2e7d32'),
      'due-soon': color('--gm-light-due-soon', '#f9a825'),
      overdue: color('--gm-light-overdue', '#d32f2f'),
    },
    alert: {
      emergency: color('--gm-alert-emergency', '#ff1744'),
      warning: color('--gm-alert-warning', '#ff9100'),
      attention: color('--gm-alert-attention', '#ffd600'),
    },
    fence: {
      restricted: color('--gm-fence-restricted', '#d50000'),
      watch: color('--gm-fence-watch', '#ff8f00'),
    },
  };
}
