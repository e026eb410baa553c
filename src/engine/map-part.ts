import type { PointLike } from 'maplibre-gl';
import type { MapPalette } from '../layers/status-paint.js';
import type { Board } from '../model/board.js';
import type { MapItem } from '../model/map-item.js';
import type { AttachedScene, Scene } from './scene.js';

/**
 * A piece of the map's machinery (MapLibre's handler and `IControl` shape): the hierarchy's areas,
 * the statuses, the grid mosaic, the selection, the alerts, a data layer… Held in the engine's list,
 * each told of the same few things in the same order; adding one is a file and a line in the list
 * (or `engine.addPart()` for a data layer), never an edit to the element.
 *
 * A part lives as long as its owner (the engine, or a data layer's element) and keeps its own
 * state across maps: `attach()` and `detach()` bind it to the MapLibre map of the moment, which a
 * lost WebGL context or a DOM move replaces.
 */
export interface MapPart {
  /** The part joined an engine (before any map, and kept across maps): what it needs of it without a map. */
  added?(scene: Scene): void;
  /**
   * A map is ready for the part (its style loaded; the parts before it in the list are attached):
   * add sources and layers (`scene.slots`), listen to the map, draw the current state. When the
   * scene has a hierarchy, put it on too, as `hierarchyChanged()` would.
   */
  attach(scene: AttachedScene): void;
  /** The map goes (removed, or its context lost): drop it and its listeners; what was added goes with it. */
  detach(): void;
  /** A new hierarchy was put on the attached map (its index may still be loading). */
  hierarchyChanged?(): void;
  /** The hierarchy's area index is in (or failed: `scene.index` undefined). */
  indexChanged?(): void;
  /** The theme changed (on the attached map). */
  paletteChanged?(palette: MapPalette): void;
  /** The active boards changed. */
  boardsChanged?(boards: readonly Board[]): void;
  /** prefers-reduced-motion changed. */
  motionChanged?(reduced: boolean): void;
  /** Another part (a data layer) placed or moved these items. */
  positionsChanged?(items: readonly MapItem[]): void;
  /** Whether one of the part's clickable items (or clusters) is drawn at this screen point. */
  itemAt?(point: PointLike): boolean;
  /** A click went to `from` (an item's layer, or an area): a part showing a popup closes it unless it is `from`. */
  clicked?(from: object): void;
}
