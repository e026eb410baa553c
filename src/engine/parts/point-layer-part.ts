import type { Feature, Point } from 'geojson';
import type { CustomLayerInterface, GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification, Map as MaplibreMap, MapLayerMouseEvent, PointLike } from 'maplibre-gl';
import type { GmErrorDetail } from '../../event-types.js';
import { putIcons, type IconSpec } from '../../layers/icons.js';
import type { MapPalette } from '../../layers/status-paint.js';
import type { Board } from '../../model/board.js';
import { listed } from '../../model/error-report.js';
import type { ItemProblem, MapItem } from '../../model/map-item.js';
import { Emitter } from '../../internal/emitter.js';
import type { LayerSlot } from '../layer-slots.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';

/** The kinds of item a data layer draws (reported in `gm-select` and `gm-error`). */
export type PointKind = 'site' | 'staff' | 'event';

/** What a kind of point layer (sites, staff, events) draws and how. */
export interface PointLayerSpec<T extends MapItem> {
  kind: PointKind;
  /** Where its layers go in the map's stacking order. */
  slot: LayerSlot;
  sourceId: string;
  source(): GeoJSONSourceSpecification;
  /** Further small sources the layers draw from (a trail, a highlight). */
  extraSources?: Record<string, GeoJSONSourceSpecification>;
  layers(palette: MapPalette): LayerSpecification[];
  icons(palette: MapPalette): Record<string, IconSpec>;
  feature(item: T): Feature<Point>;
  problem(item: unknown): ItemProblem;
  /** The layers whose features are items: clicking one selects it. */
  itemLayers: string[];
  /** A cluster layer: clicking a cluster zooms in until it splits. */
  clusterLayer?: string;
  /**
   * The source is drawn only from this zoom. Below it the source is emptied and changes wait (a
   * zoom past it adds what is shown in one diff): the worker re-tiles nothing for a layer nobody
   * sees, and neither thread holds its features.
   */
  drawMinZoom?: number;
}

/** What a point layer tells its element. */
export interface PointLayerEventMap<T> {
  /** An item was clicked. */
  select: T;
  /** A click went elsewhere (another layer's item, or an area): the item's popup closes. */
  deselect: Record<string, never>;
  /** Items were added, changed or removed; `placed` are the accepted items of the call (placed or moved). */
  items: { placed: readonly T[] };
  /** Items were refused (`items-invalid`). */
  error: GmErrorDetail;
}

/**
 * A data layer's items on the map, written once for every kind (sites, staff, events). The items
 * live in a Map by id; changes mark ids, and once per animation frame the marked ones go to the
 * GeoJSON source as one `updateData` diff (add, update, remove): the cost follows what changed, not
 * how many items there are. A new map, or a changed filter, re-sends what is shown.
 */
export class PointLayerPart<T extends MapItem, M extends PointLayerEventMap<T> = PointLayerEventMap<T>> extends Emitter<M> implements MapPart {
  protected scene?: AttachedScene;
  /** The engine's scene, from the moment the part is added to it (a map or not). */
  private engineScene?: Scene;
  private readonly items = new Map<string, T>();
  /** Ids in the source now. */
  private readonly shown = new Set<string>();
  private readonly dirty = new Set<string>();
  /** The active boards (undefined: all, before any map). */
  private boards?: readonly Board[];
  private frame = 0;

  constructor(readonly spec: PointLayerSpec<T>) {
    super();
  }

  get kind(): PointKind {
    return this.spec.kind;
  }

  /** The item with this id, if any. */
  get(id: string): T | undefined {
    return this.items.get(String(id));
  }

  get size(): number {
    return this.items.size;
  }

  /** Every item. */
  values(): IterableIterator<T> {
    return this.items.values();
  }

  /** Every item (copies of what was given, by id; shown or filtered out). */
  all(): T[] {
    return [...this.items.values()];
  }

  /** Whether an item is shown now: on an active board. Kinds add their own filters. */
  shows(item: T): boolean {
    return !item.board || !this.boards || this.boards.includes(item.board);
  }

  /** Replaces all items; the invalid ones are skipped and reported. Returns the accepted ones. */
  replace(items: Iterable<unknown>): T[] {
    for (const id of this.items.keys()) this.dirty.add(id);
    this.items.clear();
    return this.upsert(items);
  }

  /** Adds or changes items (by id); the invalid ones are skipped and reported. Returns the accepted ones. */
  upsert(items: Iterable<unknown>): T[] {
    const accepted: T[] = [];
    const refused: string[] = [];
    for (const item of items) {
      const problem = this.spec.problem(item);
      if (problem) {
        refused.push(`${describeId(item)}: ${problem}`);
        continue;
      }
      const valid = item as T;
      const id = String(valid.id);
      const copy = { ...valid, id };
      this.items.set(id, copy);
      accepted.push(copy);
      this.dirty.add(id);
    }
    if (refused.length) this.fire('error', { reason: 'items-invalid', detail: { kind: this.spec.kind, ...listed(refused) } } as M['error']);
    this.schedule();
    this.itemsChanged(accepted, []);
    return accepted;
  }

  /** Removes items by id. */
  remove(ids: Iterable<string>): void {
    const removed: string[] = [];
    for (const id of ids) {
      if (this.items.delete(String(id))) {
        this.dirty.add(String(id));
        removed.push(String(id));
      }
    }
    this.schedule();
    this.itemsChanged([], removed);
  }

  /** The filter changed: every item is looked at again. */
  refilter(): void {
    for (const id of this.items.keys()) this.dirty.add(id);
    this.schedule();
  }

  added(scene: Scene): void {
    this.engineScene = scene;
  }

  /**
   * Whether an item's grid lies inside the area `code` ('' the city: every item). Along the area
   * index's parent links once it is in (codes of any form); before, by the official codes' prefixes.
   */
  protected inArea(gridCode: string | undefined, code: string): boolean {
    if (!code) return true;
    if (gridCode === undefined) return false;
    const index = this.engineScene?.index;
    return index ? index.contains(code, gridCode) : gridCode.startsWith(code);
  }

  attach(scene: AttachedScene): void {
    this.scene = scene;
    this.boards = scene.boards;
    const map = scene.map;
    putIcons(map, this.spec.icons(scene.palette));
    map.addSource(this.spec.sourceId, this.spec.source());
    for (const [id, source] of Object.entries(this.spec.extraSources ?? {})) map.addSource(id, source);
    scene.slots.add(this.spec.slot, [...this.customLayers(), ...this.spec.layers(scene.palette)]);
    for (const layer of this.spec.itemLayers) map.on('click', layer, this.onClick);
    if (this.spec.clusterLayer) map.on('click', this.spec.clusterLayer, this.onClusterClick);
    if (this.spec.drawMinZoom !== undefined) map.on('zoomend', this.onZoomEnd);
    this.shown.clear();
    this.refilter();
  }

  /** Takes the source and layers off the map (a part removed from a map that stays). */
  detach(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const scene = this.scene;
    this.scene = undefined;
    this.shown.clear();
    if (!scene) return;
    const map = scene.map;
    for (const layer of this.spec.itemLayers) map.off('click', layer, this.onClick);
    if (this.spec.clusterLayer) map.off('click', this.spec.clusterLayer, this.onClusterClick);
    map.off('zoomend', this.onZoomEnd);
    try {
      scene.slots.remove([...this.customLayers(), ...this.spec.layers(scene.palette)].map((layer) => layer.id));
      for (const id of [this.spec.sourceId, ...Object.keys(this.spec.extraSources ?? {})]) if (map.getSource(id)) map.removeSource(id);
    } catch {
      // The map was removed (the element left the page) with everything on it.
    }
  }

  boardsChanged(boards: readonly Board[]): void {
    const changed = boards.join() !== this.boards?.join();
    this.boards = boards;
    if (changed) this.refilter();
  }

  paletteChanged(palette: MapPalette): void {
    if (this.scene) putIcons(this.scene.map, this.spec.icons(palette));
  }

  /** Writes the marked items now instead of at the next frame. */
  flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const source = this.scene?.map.getSource(this.spec.sourceId) as GeoJSONSource | undefined;
    if (!source || this.waiting()) return;
    const add: Feature<Point>[] = [];
    const update: Feature<Point>[] = [];
    const remove: string[] = [];
    for (const id of this.dirty) {
      const item = this.items.get(id);
      const show = item !== undefined && this.shows(item);
      if (show) (this.shown.has(id) ? update : add).push(this.spec.feature(item));
      else if (this.shown.has(id)) remove.push(id);
      if (show) this.shown.add(id);
      else this.shown.delete(id);
    }
    this.dirty.clear();
    if (!add.length && !update.length && !remove.length) return;
    // Changed features are replaced whole: `update` takes property diffs, `add` of a known id replaces it.
    void source.updateData({ remove: [...remove, ...update.map((f) => f.id!)], add: [...update, ...add] });
  }

  /** Custom layers of the kind, drawn under its spec's layers in its slot. */
  protected customLayers(): CustomLayerInterface[] {
    return [];
  }

  /** Called after items were placed, changed or removed (kinds keep their own indexes up to date). */
  protected itemsChanged(placed: T[], removed: string[]): void {
    this.fire('items', { placed } as M['items']);
    if (placed.length) this.engineScene?.engine.positionsChanged(this, placed);
    void removed;
  }

  /** Whether changes wait for the zoom to reach drawMinZoom. */
  private waiting(): boolean {
    return this.spec.drawMinZoom !== undefined && (this.scene?.map.getZoom() ?? 0) < this.spec.drawMinZoom;
  }

  private readonly onZoomEnd = () => {
    if (this.waiting()) this.empty();
    this.schedule();
  };

  /**
   * Takes every feature out of the source (they are marked to go back once the zoom allows).
   * MapLibre keeps a copy of a source's features on the main thread for `updateData` and a tile
   * index of them in the worker: for 20,000 people at the city view, megabytes on both threads
   * for features nobody sees. It also costs the items themselves: once V8 has optimised
   * MapLibre's update path, which reads arrays of every kind, the positions passed to
   * `updateData` are turned from unboxed doubles into boxed numbers (measured in the soak,
   * docs/performance.md).
   */
  private empty(): void {
    if (!this.shown.size) return;
    for (const id of this.shown) this.dirty.add(id);
    this.shown.clear();
    (this.scene?.map.getSource(this.spec.sourceId) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: [] });
  }

  private schedule(): void {
    if (!this.frame && this.scene && this.dirty.size && !this.waiting()) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Whether one of this layer's items or clusters is drawn at a screen point. */
  itemAt(point: PointLike): boolean {
    const map = this.scene?.map;
    if (!map) return false;
    const layers = [...this.spec.itemLayers, ...(this.spec.clusterLayer ? [this.spec.clusterLayer] : [])].filter((id) => map.getLayer(id));
    return layers.length > 0 && map.queryRenderedFeatures(point, { layers }).length > 0;
  }

  clicked(from: object): void {
    if (from !== this) this.fire('deselect', {} as M['deselect']);
  }

  private readonly onClick = (event: MapLayerMouseEvent) => {
    const id = event.features?.[0]?.properties?.id;
    const item = id === undefined ? undefined : this.items.get(String(id));
    if (!item) return;
    this.engineScene?.engine.clicked(this);
    this.fire('select', item as M['select']);
  };

  private readonly onClusterClick = async (event: MapLayerMouseEvent) => {
    this.engineScene?.engine.clicked(this);
    const map: MaplibreMap | undefined = this.scene?.map;
    const cluster = event.features?.[0];
    const source = map?.getSource(this.spec.sourceId) as GeoJSONSource | undefined;
    if (!map || !source || cluster?.properties?.cluster_id === undefined) return;
    const zoom = await source.getClusterExpansionZoom(cluster.properties.cluster_id);
    map.easeTo({ center: (cluster.geometry as Point).coordinates as [number, number], zoom });
  };
}

/** An item's id for an error message, or what it was instead. */
function describeId(item: unknown): string {
  const id = (item as { id?: unknown })?.id;
  if (typeof id === 'string' || typeof id === 'number') return String(id).slice(0, 60);
  return '(no id)';
}
