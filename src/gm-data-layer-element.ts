import { ContextConsumer } from '@lit/context';
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { GmElement } from './gm-element.js';
import { mapContext, type GmMapElement } from './controllers/map-context.js';
import type { MapPart } from './engine/map-part.js';
import { loadItems } from './internal/fetch.js';

/** What a data layer's part does with items (the point layers' and the fences' parts). */
export interface DataLayerPart extends MapPart {
  replace(items: Iterable<unknown>): unknown;
  upsert(items: Iterable<unknown>): unknown;
  remove(ids: Iterable<string>): void;
}

/**
 * Base of the data layers (`<gm-sites>`, `<gm-staff>`, `<gm-events>`, `<gm-fences>`): children of
 * `<gm-map>` that take `.items` or `src`, `upsert()` and `remove()`. The drawing is the layer's part
 * (src/engine/parts/), which joins the engine of the map around the element (found through the
 * map's context) while the element is connected: on every map the engine makes after that, and
 * after every new hierarchy, the part is on it.
 */
export abstract class GmDataLayerElement<P extends DataLayerPart> extends GmElement {
  /** All items at once (replaces the previous ones). Large lists never pass through templates. */
  @property({ attribute: false }) items?: unknown[];

  /** URL of the items (see each layer's kind of items). */
  @property() src = '';

  /** The layer's machinery (what it draws and how), added to the map's engine. */
  protected readonly layerPart: P = this.createPart();

  /** The `<gm-map>` around this layer, once found. */
  protected view?: GmMapElement;

  constructor() {
    super();
    // A controller rather than @consume: legacy decorators do not type-check on a generic
    // abstract class. It registers itself with this element; nothing else needs to hold it.
    new ContextConsumer(this, { context: mapContext, subscribe: true, callback: (map) => this.join(map) });
  }

  /** Makes the part (once, while constructing). */
  protected abstract createPart(): P;

  /** How a fetched `src` becomes items (@throws when it is not items). */
  protected abstract parseItems(json: unknown): unknown[];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.join(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('items') && this.items) this.replace(this.items);
    if (changed.has('src') && this.src) void this.load(this.src);
  }

  /** Replaces every item now, as `.items =` does at the element's next update (a live feed's snapshot); drawn at the next frame. */
  replace(items: Iterable<unknown>): void {
    this.layerPart.replace(items);
  }

  /** Adds or changes items by id; applied at the next frame. */
  upsert(items: Iterable<unknown>): void {
    this.layerPart.upsert(items);
  }

  /** Removes items by id, applied at the next frame. Without arguments it is the DOM's `remove()`: the element leaves the page. */
  override remove(ids?: Iterable<string>): void {
    if (ids === undefined) return super.remove();
    this.layerPart.remove(ids);
  }

  /** The map around this layer changed (found, or left): the part leaves the last map's engine and joins the next's. */
  private join(map: GmMapElement | undefined): void {
    if (map === this.view) return;
    this.view?.engine.removePart(this.layerPart);
    this.view = map;
    map?.engine.addPart(this.layerPart);
    this.viewChanged();
  }

  /** Called when the layer joined a map or left it. */
  protected viewChanged(): void {}

  private async load(url: string): Promise<void> {
    if (this.view && !this.view.engine.scene.allows(url)) {
      this.emit('gm-error', { reason: 'origin-refused', detail: { url, message: 'not from an allowed origin (the map\'s allowed-origins)' } });
      return;
    }
    const timeoutMs = this.view?.engine.scene.loadTimeoutMs ?? 30_000;
    const loaded = await loadItems(url, timeoutMs, (json) => this.parseItems(json));
    if (url !== this.src) return;
    if ('items' in loaded) this.replace(loaded.items);
    else this.emit('gm-error', loaded);
  }
}
