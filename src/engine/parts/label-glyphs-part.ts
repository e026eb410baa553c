import { LABEL_FONT } from '../../layers/area-layers.js';
import { drawGlyphs } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';

/** Glyphs drawn per step: a CJK glyph is ~0.3 ms of canvas work on a wall-screen PC. */
const PER_STEP = 16;
/** A step runs in idle time, or after this long without any (a live feed keeps the map busy). */
const STEP_TIMEOUT_MS = 250;

/**
 * Draws the glyph of every character of the area names into the map's glyph cache, a few at a
 * time in idle periods once the hierarchy is drawn.
 *
 * Why by hand: the map has no glyph server (offline first), so MapLibre draws each glyph the first
 * time a label needs it and keeps it for the life of the map (~4 kB each, at twice the label
 * resolution). Left alone, the cache grows with every town a wall screen visits for the first
 * time, over hours, up to the characters of every name (1,527 for Chongqing: ~6 MB). Drawn up
 * front, the heap reaches that steady state in the first minute, and no drill-down waits for the
 * main thread to draw its labels' glyphs. MapLibre offers no public call for this (see
 * maplibre-internals.ts).
 */
export class LabelGlyphsPart implements MapPart {
  private scene?: AttachedScene;
  private drawing?: AbortController;

  constructor(private readonly state: Scene) {}

  attach(scene: AttachedScene): void {
    this.scene = scene;
  }

  detach(): void {
    this.stop();
    this.scene = undefined;
  }

  /** A new hierarchy is coming: the last one's glyphs are not drawn further. */
  hierarchyChanged(): void {
    this.stop();
  }

  /** Draws the glyphs of every area name of the scene's index on its map, in idle periods. */
  draw(): void {
    this.stop();
    const map = this.scene?.map;
    const index = this.state.index;
    if (!map || !index) return;
    const { signal } = (this.drawing = new AbortController());
    const characters = new Set<string>();
    for (const level of index.levels) for (const name of index.names(level).distinct) for (const character of name) characters.add(character);
    const pending = [...characters];
    const step = () => {
      if (signal.aborted || !pending.length) return;
      // One batch per step, the next once it is drawn: the drawing itself runs after an await
      // inside MapLibre, so a loop here would queue every batch into the first idle period.
      drawGlyphs(map, LABEL_FONT, pending.splice(0, PER_STEP))?.then(schedule, schedule);
    };
    const schedule = () => {
      if (!signal.aborted && pending.length) requestIdleCallback(step, { timeout: STEP_TIMEOUT_MS });
    };
    schedule();
  }

  /** Stops drawing (a new hierarchy, another map). */
  stop(): void {
    this.drawing?.abort();
    this.drawing = undefined;
  }
}
