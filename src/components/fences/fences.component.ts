import { property } from 'lit/decorators.js';
import { css, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { GmElement } from '../../gm-element.js';
import { mapContext, type MapHandle } from '../../controllers/map-context.js';
import { ALERT_PULSE } from '../../layers/alert-layers.js';
import { FENCES_LAYERS, FENCES_SOURCE, fenceFeature, fencesLayers } from '../../layers/fences-layer.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { FenceIndex, fenceProblem, fencesFromJson, type Fence, type FenceCrossing } from '../../model/fence.js';
import { itemProblem, type MapItem } from '../../model/map-item.js';
import { loadItems } from '../../internal/fetch.js';
import { translationFor } from '../../i18n/localize.js';
import type { GmMap } from '../map/map.component.js';

/** At most this many refused fences are listed in one `gm-error`. */
const LISTED = 20;

/**
 * @summary 电子围栏: restricted and watch areas on the map, with crossing alarms.
 *
 * Put it inside `<gm-map>`. Whenever the map's data layers place or move items (their
 * `gm-positions` event: `<gm-staff>` upserts, …) or `track()` is given points, each crossing of a
 * fence's edge fires `gm-fence`, and an entry into a restricted fence raises an emergency alert on
 * the map. Fences sit in an R-tree: the cost follows the moved points, not points × fences. An
 * item's first known position records where it is without a crossing.
 *
 * @event {{ fence: {id, name, kind}, item: MapItem, action: 'enter' | 'exit' }} gm-fence - A tracked item crossed a fence's edge.
 * @event {{ reason: string, detail: object }} gm-error - `invalid-fence` (no id or name, unknown kind, bad or self-crossing geometry, a text over 1,000 characters), or for `src` `items-unreachable` (failed or stalled) or `items-invalid` (not fences).
 */
export class GmFences extends GmElement {
  static override styles = css`
    :host {
      display: none;
    }
  `;

  /** All fences at once (replaces the previous ones). */
  @property({ attribute: false }) items?: Fence[];

  /** URL of the fences: a JSON array, or a GeoJSON FeatureCollection of polygons with `id`, `name`, `kind` properties. */
  @property() src = '';

  /** Whether entering a restricted fence raises an alert on the map (default true). */
  @property({ type: Boolean, attribute: 'raise-alerts' }) raiseAlerts = true;

  private readonly index = new FenceIndex();
  private handle?: MapHandle;
  private mapElement?: GmMap;
  private drawnMap?: MaplibreMap;
  private drawnPalette?: MapPalette;

  constructor() {
    super();
    new ContextConsumer(this, {
      context: mapContext,
      subscribe: true,
      callback: (handle) => {
        this.handle = handle;
        this.install();
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.mapElement = this.closest('gm-map') ?? undefined;
    this.mapElement?.addEventListener('gm-positions', this.onPositions);
    this.install();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.mapElement?.removeEventListener('gm-positions', this.onPositions);
    this.mapElement = undefined;
    this.uninstall();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('items') && this.items) this.replace(this.items);
    if (changed.has('src') && this.src) void this.load(this.src);
  }

  /** The fences, as given. */
  get fences(): Fence[] {
    return this.index.fences();
  }

  /** Adds or changes fences by id. */
  upsert(fences: Iterable<Fence>): void {
    this.index.set(this.valid(fences));
    this.draw();
  }

  /** Removes fences by id. Without arguments it is the DOM's `remove()`: the element leaves the page. */
  override remove(ids?: Iterable<string>): void {
    if (ids === undefined) return super.remove();
    for (const id of ids) this.index.delete(String(id));
    this.draw();
  }

  /**
   * Checks points that no data layer draws (a vehicle's tracker, a patrol's phone): each crossing
   * fires `gm-fence`. Returns the crossings.
   */
  track(items: Iterable<MapItem>): FenceCrossing[] {
    const valid = [...items].filter((item) => !itemProblem(item));
    return this.report(this.index.move(valid));
  }

  /** Forgets tracked items (their next position records where they are, without a crossing). */
  untrack(ids: Iterable<string>): void {
    this.index.forget(ids);
  }

  private replace(fences: Iterable<unknown>): void {
    this.index.clear();
    this.upsert(fences as Iterable<Fence>);
  }

  private valid(fences: Iterable<unknown>): Fence[] {
    const ok: Fence[] = [];
    const refused: string[] = [];
    for (const fence of fences) {
      const problem = fenceProblem(fence);
      if (problem) refused.push(`${String((fence as Partial<Fence>)?.id ?? '(no id)').slice(0, 60)}: ${problem}`);
      else ok.push({ ...(fence as Fence), id: String((fence as Fence).id) });
    }
    if (refused.length) this.emit('gm-error', { reason: 'invalid-fence', detail: { count: refused.length, items: refused.slice(0, LISTED) } });
    return ok;
  }

  private readonly onPositions = (event: CustomEvent<{ items: readonly MapItem[] }>): void => {
    if (this.index.size) this.report(this.index.move(event.detail.items));
    // Without fences, positions are still recorded, so that a fence added later knows who is inside.
    else this.index.move(event.detail.items);
  };

  private report(crossings: FenceCrossing[]): FenceCrossing[] {
    const t = translationFor(this.mapElement?.lang ?? document.documentElement.lang);
    for (const { fence, item, action } of crossings) {
      this.emit('gm-fence', { fence: { id: fence.id, name: fence.name, kind: fence.kind }, item: { ...item }, action });
      if (action !== 'enter' || fence.kind !== 'restricted' || !this.raiseAlerts || !this.mapElement) continue;
      const time = Date.now();
      const name = String((item as MapItem & { name?: unknown }).name ?? item.id);
      this.mapElement.raiseAlert({
        id: `fence:${fence.id}:${item.id}:${time}`,
        level: 'emergency',
        board: 'safety',
        title: t.fenceIntrusion(fence.name, name),
        time,
        lngLat: [item.lngLat[0], item.lngLat[1]],
      });
    }
    return crossings;
  }

  private async load(url: string): Promise<void> {
    const loaded = await loadItems(url, this, fencesFromJson);
    if (url !== this.src) return;
    if ('items' in loaded) this.replace(loaded.items);
    else this.emit('gm-error', loaded);
  }

  private install(): void {
    const map = this.isConnected ? this.handle?.map : undefined;
    // A new map, or a new theme (the layers are added again in its colours).
    if (map !== this.drawnMap || this.handle?.palette !== this.drawnPalette) this.uninstall();
    if (!map || !this.handle) return;
    if (!map.getSource(FENCES_SOURCE)) {
      map.addSource(FENCES_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const before = map.getLayer(ALERT_PULSE) ? ALERT_PULSE : undefined;
      for (const layer of fencesLayers(this.handle.palette)) map.addLayer(layer, before);
    }
    this.drawnMap = map;
    this.drawnPalette = this.handle.palette;
    this.draw();
  }

  private uninstall(): void {
    const map = this.drawnMap;
    this.drawnMap = undefined;
    if (!map) return;
    try {
      for (const id of FENCES_LAYERS) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(FENCES_SOURCE)) map.removeSource(FENCES_SOURCE);
    } catch {
      // The map was removed with everything on it.
    }
  }

  private draw(): void {
    const source = this.drawnMap?.getSource(FENCES_SOURCE) as GeoJSONSource | undefined;
    source?.setData({ type: 'FeatureCollection', features: this.index.fences().map(fenceFeature) });
  }
}
