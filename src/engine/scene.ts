import { DEFAULT_ROLL_UP_SHARE } from '../model/status-store.js';
import type { Map as MaplibreMap, PointLike } from 'maplibre-gl';
import type { SidePanel } from './camera.js';
import type { GmErrorReason } from '../event-types.js';
import type { SourceLayers } from '../layers/area-layers.js';
import { DEFAULT_PALETTE, type MapPalette } from '../layers/status-paint.js';
import type { Alert, LiveAlert } from '../model/alert.js';
import type { AreaIndex } from '../model/area-index.js';
import type { MapItem } from '../model/map-item.js';
import { BOARDS, type Board } from '../model/board.js';
import type { Manifest } from '../model/manifest.js';
import type { Emitter } from '../internal/emitter.js';
import type { EngineEventMap } from './engine-events.js';
import type { LayerSlots } from './layer-slots.js';
import type { PreparedBoundaries } from './hierarchy-files.js';

/** The hierarchy the engine has loaded (or is loading): what every part draws from. */
export interface LoadedHierarchy {
  readonly manifest: Manifest;
  /** The GeoJSON levels (those without tiles), prepared: their sources' data (features with numeric ids, or a blob: URL of them). */
  readonly boundaries: PreparedBoundaries;
  /** The area index, once loaded. */
  index?: AreaIndex;
  readonly sourceLayers: SourceLayers;
}

/** What parts ask of the engine around them (for what belongs to another part). */
export interface EngineServices {
  /** Raises alerts on the map (a fence crossing raises one). */
  raiseAlerts(alerts: Iterable<Alert>): void;
  /** A live alert by id, if the map holds it. */
  alert(id: string): LiveAlert | undefined;
  /**
   * The code of the grid at a point, read from the grid mosaic's id image (the one thing on the main
   * thread that knows every grid's shape: accurate to its pixel, metres to tens of metres); undefined
   * outside the grids or before the mosaic is drawn. A synchronous GPU read: for a few points, not thousands.
   */
  gridAt(lngLat: [number, number]): string | undefined;
  /** A data layer placed or moved items: the parts that watch positions (the fences) are told. */
  positionsChanged(from: object, items: readonly MapItem[]): void;
  /** Whether a clickable item of any data layer is drawn at a screen point (a click there is the item's, not the area's). */
  itemAt(point: PointLike): boolean;
  /** A click went to `from`: every other part's popup closes (one popup at a time). */
  clicked(from: object): void;
  /** The camera went to a place in this area for the user: it becomes the selection (no second camera move). */
  focus(code: string): void;
}

/** How the map shows its areas: `grid` the whole grid mosaic at every zoom, `auto` the level by zoom and selection. */
export type MapDetail = 'auto' | 'grid';

/**
 * What the engine's parts share: the MapLibre map while there is one, its layer slots, the loaded
 * hierarchy and the view's settings (palette, boards, motion, language). One object per engine,
 * read by the parts; only the engine writes it.
 */
export class Scene {
  /** The MapLibre map, while one is bound (its style loaded); undefined between maps. */
  map?: MaplibreMap;
  /** The library's layers on `map`, by slot. */
  slots?: LayerSlots;
  hierarchy?: LoadedHierarchy;
  palette: MapPalette = DEFAULT_PALETTE;
  boards: readonly Board[] = BOARDS;
  reducedMotion = false;
  detail: MapDetail = 'auto';
  /** An area shows the worst status at least this share of its children hold or exceed (0: the worst child). */
  rollUpShare = DEFAULT_ROLL_UP_SHARE;
  /** Flies to each new emergency alert as it is raised (a wall screen's behaviour). */
  autofocusAlerts = false;
  /** The language of text the engine writes itself (the city's fallback name, alert titles). */
  lang = 'zh-CN';
  /** The city's name when the manifest has none (the view's word for "city"). */
  cityFallbackName = '';
  /** How long a file may take before its load fails as unreachable (a stalled server). */
  loadTimeoutMs = 30_000;
  /** The view's corner panels over the map (read when the whole city is fitted: camera.ts cityPadding). */
  sidePanels: () => readonly SidePanel[] = () => [];
  /** The current load's index, statuses and mosaic are still on their way (the first paint waits for them). */
  filling = false;
  /** The origins data may come from (the manifest, its files, the data layers' `src`); undefined: any. */
  allowedOrigins?: ReadonlySet<string>;

  constructor(
    private readonly events: Emitter<EngineEventMap>,
    /** What parts ask of the engine. */
    readonly engine: EngineServices,
  ) {}

  get index(): AreaIndex | undefined {
    return this.hierarchy?.index;
  }

  /** The city at the top of the hierarchy: the manifest's code and name, and its bounds. */
  get city(): { code: string; name: string; bounds?: [number, number, number, number] } {
    const manifest = this.hierarchy?.manifest;
    return { code: manifest?.code ?? '', name: manifest?.name ?? this.cityFallbackName, bounds: manifest?.bounds };
  }

  /** Whether data may be read from this URL (its origin is allowed, or any is). */
  allows(url: string): boolean {
    return !this.allowedOrigins || this.allowedOrigins.has(new URL(url, document.baseURI).origin);
  }

  /** Reports a problem (`gm-error` on the view); the map keeps its last good state. */
  report(reason: GmErrorReason, detail: Record<string, unknown>): void {
    this.events.fire('error', { reason, detail });
  }

  /** Tells the view something (the engine's events, see engine-events.ts). */
  fire<K extends keyof EngineEventMap>(type: K, detail: EngineEventMap[K]): void {
    this.events.fire(type, detail);
  }
}

/** The scene while a map is bound: what a part's `attach()` gets. */
export type AttachedScene = Scene & { readonly map: MaplibreMap; readonly slots: LayerSlots };
