import type { Map as MaplibreMap } from 'maplibre-gl';
import { LABEL_FONT } from '../layers/area-layers.js';

/** Glyphs drawn per step: a CJK glyph is ~0.3 ms of canvas work on a wall-screen PC. */
const PER_STEP = 16;
/** A step runs in idle time, or after this long without any (a live feed keeps the map busy). */
const STEP_TIMEOUT_MS = 250;

/**
 * Draws the glyph of every character of the area names into the map's glyph cache, a few at a
 * time in idle periods after the load.
 *
 * Why by hand: the map has no glyph server (offline first), so MapLibre draws each glyph the first
 * time a label needs it and keeps it for the life of the map (~4 kB each, at twice the label
 * resolution). Left alone, the cache grows with every town a wall screen visits for the first
 * time, over hours, up to the characters of every name (1,527 for Chongqing: ~6 MB). Drawn up
 * front, the heap reaches that steady state in the first minute, and no drill-down waits for the
 * main thread to draw its labels' glyphs. MapLibre offers no public call for this; its style's
 * glyph manager (typed in its declarations) is the cache the labels use.
 *
 * @param names  the names of every level (the characters are deduplicated)
 * @param signal  stops it (a new hierarchy, another map, disconnect)
 */
export function drawLabelGlyphs(map: MaplibreMap, names: Iterable<readonly string[]>, signal: AbortSignal): void {
  const characters = new Set<string>();
  for (const level of names) for (const name of level) for (const character of name) characters.add(character);
  const pending = [...characters];
  const step = () => {
    const glyphs = map.style?.glyphManager;
    if (signal.aborted || !glyphs || !pending.length) return;
    // One batch per step, the next once it is drawn: the drawing itself runs after an await
    // inside MapLibre, so a loop here would queue every batch into the first idle period.
    glyphs
      .getGlyphs({ [LABEL_FONT]: { default: pending.splice(0, PER_STEP) } })
      .then(schedule, schedule);
  };
  const schedule = () => {
    if (!signal.aborted && pending.length) requestIdleCallback(step, { timeout: STEP_TIMEOUT_MS });
  };
  schedule();
}
