// WCAG 2 colour contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), used to pick the
// colour an alarm flashes against and to check the themes. Written here rather than taken from a
// package: it is ten lines of the standard's formulas, on the two colour forms the palette holds.

/** sRGB channels 0…255 and alpha 0…1 of `#rrggbb` or `rgb()`/`rgba()` (the forms readPalette() produces). */
export function parseColor(color: string): [number, number, number, number] {
  if (color.startsWith('#')) {
    const n = Number.parseInt(color.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  }
  const [r, g, b, a] = color.replace(/[^\d.,]/g, '').split(',').map(Number);
  return [r, g, b, a ?? 1];
}

/** sRGB channels 0…255 of a colour (see parseColor). */
export const channels = (color: string): [number, number, number] => parseColor(color).slice(0, 3) as [number, number, number];

/** Relative luminance (0 black … 1 white) of sRGB channels 0…255. */
export function luminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours (channels or colour strings), 1…21. */
export function contrastRatio(a: string | readonly number[], b: string | readonly number[]): number {
  const [la, lb] = [a, b].map((c) => luminance(typeof c === 'string' ? channels(c) : c));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const FLASH_LIGHT = '#ffffff';
export const FLASH_DARK = '#101010';

/**
 * What a colour flashes against: white or near-black, whichever contrasts more. Every colour has a
 * ratio of at least 4.3:1 with one of them, so a flash between the two is ≥ 3:1 on any theme.
 */
export function contrastPartner(color: string): string {
  return contrastRatio(color, FLASH_LIGHT) >= contrastRatio(color, FLASH_DARK) ? FLASH_LIGHT : FLASH_DARK;
}
