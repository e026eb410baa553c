// Every use of MapLibre's private or undocumented members, in one place. Each is here because no
// public API does the job; each is checked by maplibre-internals.test.ts against the installed
// MapLibre, whose failure message names the member, so an upgrade that changes one fails there
// first and clearly. package.json pins MapLibre to the range they pass on: >=6.17.0 <6.21.0
// (the whole browser suite was run on 6.17.0 and on 6.20.0; skipInvisibleSky, added since, was run
// on 6.17.0 and read in 6.20.0's published source, where the painter's table and frame data are the same).
import type { LayerSpecification, Map as MaplibreMap, SourceSpecification, StyleLayer } from 'maplibre-gl';

/**
 * Lets `paint()` decide, frame by frame, whether MapLibre paints the frame it has prepared (the
 * rest of the frame — tile requests, placement, `render` and `idle` events — runs either way).
 *
 * Why: the first paint of a map is held until its outlines are loaded (engine/parts/first-paint-part.ts);
 * in software WebGL every empty frame painted meanwhile costs ~0.15–0.2 s of the cores the tile
 * worker needs. MapLibre has no public switch for this: its painter's `render` is wrapped, once per map.
 */
export function gatePainting(map: MaplibreMap, paint: () => boolean): void {
  const painter = map.painter;
  const render = painter.render;
  painter.render = function (this: typeof painter, ...args: Parameters<typeof render>) {
    if (paint()) render.apply(this, args);
  };
}

/** The evaluated sky MapLibre hands its sky pass (frame data), as far as skipInvisibleSky reads it. */
interface EvaluatedSky {
  'sky-color'?: { a: number };
  'horizon-color'?: { a: number };
}

/** MapLibre's draw functions, as its painter calls them: the sky's gets the frame's render context. */
interface DrawFunctions {
  sky(mesh: unknown, frame: { data: { sky?: EvaluatedSky } }): void;
  [layerType: string]: (...args: never[]) => void;
}

/**
 * Leaves out MapLibre's sky pass in the frames where the sky is transparent (both its colours):
 * what it would draw there is nothing.
 *
 * Why: MapLibre 6 draws its sky in every frame, a quad over the whole canvas that also writes the
 * depth buffer, whatever the style says; without a `sky` in the style (this library's styles, and
 * most basemaps) both colours are transparent. In software WebGL that pass was ~40 ms of a ~137 ms
 * repaint of the city view at 1080p, and of the empty map's 61 (docs/performance.md, "A frame,
 * layer by layer"). A style or `setSky()` with a visible sky is drawn as before. The painter's draw
 * functions are a table MapLibre shares between maps: this map's painter gets its own copy.
 */
export function skipInvisibleSky(map: MaplibreMap): void {
  const painter = map.painter as unknown as { drawFunctions?: DrawFunctions };
  const drawSky = painter.drawFunctions?.sky;
  // A MapLibre without this table draws its sky as it always did: only slower, never wrong.
  if (typeof drawSky !== 'function') return;
  painter.drawFunctions = {
    ...painter.drawFunctions,
    sky(mesh, frame) {
      const sky = frame?.data?.sky;
      // Anything but two colours known to be transparent is drawn.
      if (sky?.['sky-color']?.a !== 0 || sky?.['horizon-color']?.a !== 0) drawSky(mesh, frame);
    },
  };
}

/**
 * Adds sources and layers as Map.addSource/addLayer do, without MapLibre's check of each against
 * the style spec: every check serializes the whole style, so the ~30 of a hierarchy cost ~25 ms of
 * the load's main thread (quadratic in the style's size). The specs are this library's own (layers/),
 * covered by its tests; the map's `validateStyle: false` only applies to whole styles. Then asks for
 * the style update Map.addLayer asks for.
 */
export function addUnvalidated(
  map: MaplibreMap,
  sources: readonly (readonly [string, SourceSpecification])[],
  layers: readonly { layer: LayerSpecification; before?: string }[],
): void {
  const style = map.style;
  for (const [id, source] of sources) style.addSource(id, source, { validate: false });
  for (const { layer, before } of layers) style.addLayer(layer, before, { validate: false });
  map._update(true);
}

/**
 * Draws these characters of a font stack into the map's glyph cache (the one its labels use), for
 * the map's life. Resolves once they are drawn; undefined when the map has no style (removed).
 *
 * Why: offline, with no glyph server, MapLibre draws each glyph on first use and keeps it; drawing
 * every name's glyphs up front in idle time keeps a wall screen's heap flat (label-glyphs-part.ts).
 * The style's glyph manager is typed in MapLibre's declarations but not documented.
 */
export function drawGlyphs(map: MaplibreMap, fontStack: string, characters: string[]): Promise<unknown> | undefined {
  return map.style?.glyphManager?.getGlyphs({ [fontStack]: { default: characters } });
}

/**
 * Whether a layer is drawn at this zoom (in range and visible): MapLibre's own test of a source in
 * use, which it keeps on its style layers.
 */
export function layerShownAt(layer: StyleLayer | undefined, zoom: number): boolean {
  return Boolean(layer) && !layer!.isHidden(zoom);
}

/**
 * Whether the frame being drawn ends with MapLibre's label placement still to finish (`_placementDirty`,
 * set in the frame before its painter runs): MapLibre then draws the next frame itself, and fires no
 * `idle` after this one.
 *
 * Why: the frame in which a view's last tiles arrive places their labels, marks that placement stale
 * and places them again in the next frame. Painting both costs one more software-rendered frame
 * (~0.2–0.5 s on a wall PC) for a picture that is replaced at once (engine/parts/settle-part.ts).
 */
export function placementPending(map: MaplibreMap): boolean {
  return (map as unknown as { _placementDirty?: boolean })._placementDirty === true;
}

/**
 * Stops these sources asking for tiles until the returned function is called (which asks for the
 * view's tiles at once): while paused, MapLibre draws the tiles it has (over-zoomed when zooming in).
 *
 * Why: during a drill-down's 0.3 s flight MapLibre asks, frame by frame, for the tiles of views the
 * camera only passes through; on a wall PC's two cores their reading and parsing (and the
 * feature-state written for each) took the time the landing view's tiles needed. A tile manager's
 * `pause()`/`resume()` are what MapLibre's style uses while it changes a source's layers.
 */
export function pauseTiles(map: MaplibreMap, sourceIds: readonly string[]): () => void {
  type Manager = { pause?(): void; resume?(): void };
  const managers = () => (map.style as unknown as { tileManagers?: Record<string, Manager> } | undefined)?.tileManagers;
  const paused = sourceIds.map((id) => [id, managers()?.[id]] as const).filter(([, m]) => m?.pause && m.resume);
  for (const [, manager] of paused) manager!.pause!();
  return () => {
    // Only a source still on the map: one removed meanwhile (a new hierarchy) asks for nothing.
    for (const [id, manager] of paused) if (managers()?.[id] === manager) manager!.resume!();
    map.triggerRepaint();
  };
}
