import { ALERT_PULSE } from '../layers/alert-layers.js';
import type { Feature, Point } from 'geojson';
import type { GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification, Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import { putIcons, type IconSpec } from '../layers/icons.js';
import type { MapPalette } from '../layers/status-paint.js';
import type { ItemProblem, MapItem } from '../model/map-item.js';
import type { MapHandle } from './map-context.js';

/** What a kind of point layer (sites, staff, events) tells the shared controller. */
export interface PointLayerSpec<T extends MapItem> {
  /** `site`, `staff`, `event`: reported in gm-select and gm-error. */
  kind: string;
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

export interface PointLayerHost<T> {
  /** Whether an item is shown now (boards, categories…). */
  shows(item: T): boolean;
  /** An item was clicked. */
  selected(item: T): void;
  report(reason: 'items-invalid', detail: Record<string, unknown>): void;
}

/** At most this many refused ids are listed in one `gm-error`. */
const LISTED = 20;

/**
 * Items of one kind on the map, written once for every data layer. The items live in a Map by
 * id; changes mark ids, and once per animation frame the marked ones go to the GeoJSON source as
 * one `updateData` diff (add, update, remove): the cost follows what changed, not how many items
 * there are. A new map, or a changed filter, re-sends what is shown.
 */
export class PointLayerController<T extends MapItem> {
  private readonly items = new Map<string, T>();
  /** Ids in the source now. */
  private readonly shown = new Set<string>();
  private readonly dirty = new Set<string>();
  private map?: MaplibreMap;
  private palette?: MapPalette;
  private frame = 0;

  constructor(
    private readonly spec: PointLayerSpec<T>,
    private readonly host: PointLayerHost<T>,
  ) {}

  /** The item with this id, if any. */
  get(id: string): T | undefined {
    return this.items.get(id);
  }

  get size(): number {
    return this.items.size;
  }

  /** Every item. */
  values(): IterableIterator<T> {
    return this.items.values();
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
    const refused: { id: string; problem: NonNullable<ItemProblem> }[] = [];
    for (const item of items) {
      const problem = this.spec.problem(item);
      if (problem) {
        refused.push({ id: describeId(item), problem });
        continue;
      }
      const valid = item as T;
      const id = String(valid.id);
      const copy = { ...valid, id };
      this.items.set(id, copy);
      accepted.push(copy);
      this.dirty.add(id);
    }
    if (refused.length) {
      this.host.report('items-invalid', {
        kind: this.spec.kind,
        count: refused.length,
        items: refused.slice(0, LISTED).map((r) => `${r.id}: ${r.problem}`),
      });
    }
    this.schedule();
    return accepted;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.items.delete(String(id))) this.dirty.add(String(id));
    }
    this.schedule();
  }

  /** The filter changed: every item is looked at again. */
  refilter(): void {
    for (const id of this.items.keys()) this.dirty.add(id);
    this.schedule();
  }

  /** Draws on the handle's map with its palette (a new map gets the source and layers anew). */
  bind(handle: MapHandle | undefined): void {
    const map = handle?.map;
    if (map !== this.map) {
      this.unbind();
      this.map = map;
      this.palette = handle?.palette;
      if (map && this.palette) this.install(map, this.palette);
      return;
    }
    if (map && handle && handle.palette !== this.palette) {
      this.palette = handle.palette;
      putIcons(map, this.spec.icons(handle.palette));
    }
  }

  /** Takes the source and layers off the map. */
  unbind(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const map = this.map;
    this.map = undefined;
    this.shown.clear();
    if (!map) return;
    for (const layer of this.spec.itemLayers) map.off('click', layer, this.onClick);
    if (this.spec.clusterLayer) map.off('click', this.spec.clusterLayer, this.onClusterClick);
    map.off('zoomend', this.onZoomEnd);
    try {
      for (const layer of this.spec.layers(this.palette!)) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      for (const id of [this.spec.sourceId, ...Object.keys(this.spec.extraSources ?? {})]) if (map.getSource(id)) map.removeSource(id);
    } catch {
      // The map was removed (the element left the page) with everything on it.
    }
  }

  /** Writes the marked items now instead of at the next frame. */
  flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const source = this.map?.getSource(this.spec.sourceId) as GeoJSONSource | undefined;
    if (!source || this.waiting()) return;
    const add: Feature<Point>[] = [];
    const update: Feature<Point>[] = [];
    const remove: string[] = [];
    for (const id of this.dirty) {
      const item = this.items.get(id);
      const show = item !== undefined && this.host.shows(item);
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

  private install(map: MaplibreMap, palette: MapPalette): void {
    putIcons(map, this.spec.icons(palette));
    map.addSource(this.spec.sourceId, this.spec.source());
    for (const [id, source] of Object.entries(this.spec.extraSources ?? {})) map.addSource(id, source);
    // Alert markers stay on top of every data layer (重要事项置顶).
    const beforeAlerts = map.getLayer(ALERT_PULSE) ? ALERT_PULSE : undefined;
    for (const layer of this.spec.layers(palette)) map.addLayer(layer, beforeAlerts);
    for (const layer of this.spec.itemLayers) map.on('click', layer, this.onClick);
    if (this.spec.clusterLayer) map.on('click', this.spec.clusterLayer, this.onClusterClick);
    if (this.spec.drawMinZoom !== undefined) map.on('zoomend', this.onZoomEnd);
    this.refilter();
  }

  /** Whether changes wait for the zoom to reach drawMinZoom. */
  private waiting(): boolean {
    return this.spec.drawMinZoom !== undefined && (this.map?.getZoom() ?? 0) < this.spec.drawMinZoom;
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
    (this.map?.getSource(this.spec.sourceId) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: [] });
  }

  private schedule(): void {
    if (!this.frame && this.map && this.dirty.size && !this.waiting()) this.frame = requestAnimationFrame(() => this.flush());
  }

  private readonly onClick = (event: MapLayerMouseEvent) => {
    const id = event.features?.[0]?.properties?.id;
    const item = id === undefined ? undefined : this.items.get(String(id));
    if (item) this.host.selected(item);
  };

  private readonly onClusterClick = async (event: MapLayerMouseEvent) => {
    const map = this.map;
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
