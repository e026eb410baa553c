import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextConsumer } from '@lit/context';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { GmElement } from './gm-element.js';
import { mapContext, type MapHandle } from './controllers/map-context.js';
import { PointLayerController, type PointLayerSpec } from './controllers/point-layer-controller.js';
import { loadItems } from './internal/fetch.js';
import { itemsFromJson, type MapItem } from './model/map-item.js';

/**
 * Base of the data layers (`<gm-sites>`, `<gm-staff>`, `<gm-events>`): children of `<gm-map>`
 * that take `.items` or `src`, `upsert()` and `remove()`, filter by the map's active boards, and
 * open a popup on click. A concrete layer gives its PointLayerSpec, its own filter and its popup's
 * lines; everything else is here, once.
 *
 * @event gm-select - An item was clicked: `{kind, id, item}`.
 * @event gm-error - Items were invalid (`items-invalid`, `{kind, count, items}`) or `src` failed (`items-unreachable`, or `items-invalid` when what `src` gave is not items).
 * @event gm-positions - Items were placed or moved (`{kind, items}`, the accepted items of one call): what `<gm-fences>` watches.
 * @slot popup - The host's own content in the popup of the selected item (e.g. buttons).
 * @csspart popup - The popup of the selected item. Also `popup-title`, `popup-details`, `popup-close`.
 */
export abstract class GmLayerElement<T extends MapItem> extends GmElement {
  static override styles = css`
    :host {
      display: contents;
    }
    .popup {
      position: absolute;
      left: 0;
      top: 0;
      z-index: 2;
      min-width: 180px;
      max-width: 320px;
      padding: 10px 12px;
      border-radius: 6px;
      background: var(--gm-panel-background, #ffffff);
      color: var(--gm-panel-color, #1f2933);
      font: 14px/1.4 var(--gm-font-family, sans-serif);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.3);
      pointer-events: auto;
    }
    .popup__title {
      font-weight: 600;
      padding-right: 20px;
    }
    .popup__details {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px 8px;
      margin: 6px 0 0;
    }
    .popup__details dt {
      opacity: 0.7;
    }
    .popup__details dd {
      margin: 0;
    }
    .popup__close {
      position: absolute;
      top: 4px;
      right: 4px;
      border: 0;
      background: none;
      color: inherit;
      font-size: 18px;
      line-height: 1;
      cursor: pointer;
    }
  `;

  /** The map, boards and palette of the `<gm-map>` around this layer (none outside one). */
  protected handle?: MapHandle;

  /** The item whose popup is open. */
  @state() protected selectedItem?: T;

  /** All items at once (replaces the previous ones). Large lists never pass through templates. */
  @property({ attribute: false }) items?: T[];

  /** URL of the items: a JSON array of items, or a GeoJSON FeatureCollection of points whose properties are the items. */
  @property() src = '';

  /** The shared machinery; `spec()` says what kind of item this layer draws. */
  protected readonly points = new PointLayerController<T>(this.spec(), {
    shows: (item) => this.shows(item),
    selected: (item) => this.select(item),
    report: (reason, detail) => this.emit('gm-error', { reason, detail }),
  });

  private boardsKey = '';
  private boundMap?: MaplibreMap;

  constructor() {
    super();
    // A controller rather than @consume: legacy decorators do not type-check on a generic
    // abstract class. It registers itself with this element; nothing else needs to hold it.
    new ContextConsumer(this, {
      context: mapContext,
      subscribe: true,
      callback: (handle) => {
        this.handle = handle;
        this.bindHandle();
      },
    });
  }

  /** What this layer draws and how (sources, layers, icons, validation). */
  protected abstract spec(): PointLayerSpec<T>;

  /** The popup's title line. */
  protected abstract popupTitle(item: T): string;

  /** The popup's label/value lines (text only: names from data are never HTML). */
  protected abstract popupDetails(item: T): [string, string][];

  /** Whether an item is shown: on an active board. Layers add their own filters. */
  protected shows(item: T): boolean {
    return !item.board || !this.handle || this.handle.boards.includes(item.board);
  }

  /** Called after items were replaced, added, changed or removed. */
  protected itemsChanged(): void {}

  /** Call when a filter of the layer's own changed. */
  protected refilter(): void {
    this.points.refilter();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.handle) this.bindHandle();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unbindMap();
    this.points.unbind();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('items') && this.items) this.replace(this.items);
    if (changed.has('src') && this.src) void this.load(this.src);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('selectedItem')) this.placePopup();
  }

  /** Replaces every item now, as `.items =` does at the element's next update (e.g. a live feed's snapshot); drawn at the next frame. */
  replace(items: Iterable<T>): void {
    this.placed(this.points.replace(items));
  }

  /** Adds or changes items by id; applied at the next frame. */
  upsert(items: Iterable<T>): void {
    this.placed(this.points.upsert(items));
    // The popup follows its item.
    const selected = this.selectedItem && this.points.get(this.selectedItem.id);
    if (selected && selected !== this.selectedItem) this.selectedItem = selected;
  }

  /**
   * Removes items by id, applied at the next frame. Without arguments it is the DOM's
   * `remove()`: the element leaves the page.
   */
  override remove(ids?: Iterable<string>): void {
    if (ids === undefined) return super.remove();
    this.points.remove(ids);
    this.itemsChanged();
    if (this.selectedItem && !this.points.get(this.selectedItem.id)) this.selectedItem = undefined;
  }

  private placed(items: T[]): void {
    this.itemsChanged();
    if (items.length) this.emit('gm-positions', { kind: this.spec().kind, items });
  }

  /** The item with this id as the layer holds it, if any (read it; change it by `upsert()` of a changed copy). */
  get(id: string): T | undefined {
    return this.points.get(String(id));
  }

  /** Every item the layer holds (copies of what was given, by id; shown or filtered out). */
  all(): T[] {
    return [...this.points.values()];
  }

  /** Closes the popup. */
  closePopup(): void {
    this.selectedItem = undefined;
  }

  private bindHandle(): void {
    this.points.bind(this.handle);
    const boardsKey = this.handle?.boards.join(',') ?? '';
    if (boardsKey !== this.boardsKey) {
      this.boardsKey = boardsKey;
      this.refilter();
    }
    if (this.handle?.map !== this.boundMap) {
      this.unbindMap();
      this.boundMap = this.handle?.map;
      this.boundMap?.on('move', this.placePopup);
      if (this.boundMap) this.mapBound(this.boundMap);
    }
    this.handleChanged();
  }

  /** The map's handle changed (a new map, boards or palette). */
  protected handleChanged(): void {}

  /** The layer leaves this map: take off what mapBound() put on it. */
  protected mapUnbound(_map: MaplibreMap): void {}

  /** A (new) map has this layer's sources and layers: set what else the layer needs on it. */
  protected mapBound(_map: MaplibreMap): void {}

  /** The map this layer draws on, if any. */
  protected get map(): MaplibreMap | undefined {
    return this.boundMap;
  }

  private unbindMap(): void {
    const map = this.boundMap;
    this.boundMap = undefined;
    if (!map) return;
    map.off('move', this.placePopup);
    this.mapUnbound(map);
  }

  private async load(url: string): Promise<void> {
    const loaded = await loadItems(url, this, itemsFromJson);
    if (url !== this.src) return;
    if ('items' in loaded) this.placed(this.points.replace(loaded.items));
    else this.emit('gm-error', loaded);
  }

  private select(item: T): void {
    this.selectedItem = item;
    this.emit('gm-select', { kind: this.spec().kind, id: item.id, item: { ...item } });
  }

  /** Keeps the popup over its item as the map moves (a style write, not a Lit update). */
  private readonly placePopup = (): void => {
    const item = this.selectedItem;
    const popup = this.renderRoot.querySelector<HTMLElement>('.popup');
    const map = this.boundMap;
    if (!item || !popup || !map) return;
    const { x, y } = map.project(item.lngLat);
    popup.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px) translate(-50%, calc(-100% - 16px))`;
  };

  private popupTemplate(item: T): TemplateResult {
    const title = this.popupTitle(item);
    return html`
      <div part="popup" class="popup" role="dialog" aria-label=${title} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.closePopup()}>
        <button part="popup-close" class="popup__close" type="button" aria-label="close" @click=${() => this.closePopup()}>×</button>
        <div part="popup-title" class="popup__title">${title}</div>
        <dl part="popup-details" class="popup__details">
          ${this.popupDetails(item).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
        </dl>
        <slot name="popup"></slot>
      </div>
    `;
  }

  override render() {
    return this.selectedItem ? this.popupTemplate(this.selectedItem) : nothing;
  }
}
