import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { GmDataLayerElement } from './gm-data-layer-element.js';
import type { PointLayerPart } from './engine/parts/point-layer-part.js';
import { translationFor } from './i18n/localize.js';
import type { Translation } from './i18n/translation.js';
import { itemsFromJson, type MapItem } from './model/map-item.js';

/**
 * Base of the point layers (`<gm-sites>`, `<gm-staff>`, `<gm-events>`): a data layer whose part
 * (engine/parts/point-layer-part.ts) draws items at their positions, filtered by the map's active
 * boards; a click on one opens its popup here. A concrete layer gives its part and its popup's lines.
 *
 * @event gm-select - An item was clicked: `{kind, id, item}`.
 * @event gm-error - Items were invalid (`items-invalid`, `{kind, count, items}`) or `src` failed (`items-unreachable`, or `items-invalid` when what `src` gave is not items).
 * @event gm-positions - Items were placed or moved (`{kind, items}`, the accepted items of one call): what `<gm-fences>` watches.
 * @slot popup - The host's own content in the popup of the selected item (e.g. buttons).
 * @csspart popup - The popup of the selected item. Also `popup-title`, `popup-details`, `popup-close`.
 */
export abstract class GmLayerElement<T extends MapItem, P extends PointLayerPart<T, any> = PointLayerPart<T>> extends GmDataLayerElement<P> {
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
    .popup__actions {
      margin-top: 6px;
    }
    .popup__actions button {
      font: inherit;
      font-size: 12px;
      padding: 2px 10px;
      border-radius: 4px;
      border: 1px solid currentColor;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
  `;

  /** The item whose popup is open. */
  @state() protected selectedItem?: T;

  /** The map the popup follows. */
  private boundMap?: MaplibreMap;
  /** Stops listening to the engine's maps. */
  private unfollow?: () => void;

  constructor() {
    super();
    this.layerPart.on('select', (item: T) => this.select(item));
    // One popup at a time: a click on another layer's item, or on an area, closes this one.
    this.layerPart.on('deselect', () => this.closePopup());
    this.layerPart.on('items', ({ placed }: { placed: readonly T[] }) => this.placed(placed));
    this.layerPart.on('error', (detail) => this.emit('gm-error', detail));
  }

  /** The popup's title line. */
  protected abstract popupTitle(item: T): string;

  /** The popup's label/value lines (text only: names from data are never HTML). */
  protected abstract popupDetails(item: T): [string, string][];

  /** The layer's own buttons in the popup (an event's dispatch), above the host's slot. */
  protected popupActions(_item: T): TemplateResult | typeof nothing {
    return nothing;
  }

  /**
   * Where a grid is, as a person reads it: town › community › grid from the map's area index
   * (the district is the map's own); the code itself only while the index is not in or for a
   * code it does not know.
   */
  protected placeOf(gridCode: string): string {
    const path = this.view?.areaPath(gridCode) ?? [];
    if (path.at(-1)?.code !== gridCode) return gridCode;
    return path.slice(1).map((area) => area.name).join(' › ');
  }

  protected parseItems(json: unknown): unknown[] {
    return itemsFromJson(json);
  }

  /** The strings in the map's language (else the page's). */
  protected get t(): Translation {
    return translationFor(this.view?.lang ?? document.documentElement.lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.followMap();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.followMap();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('selectedItem')) this.placePopup();
  }

  /** The popup follows the map the view's engine draws on, and each new one (a re-mount, a lost context). */
  protected override viewChanged(): void {
    this.unfollow?.();
    this.unfollow = this.view?.engine.on('map-change', () => this.followMap());
    this.followMap();
  }

  /** Items changed: the popup follows its item (or closes with it), and placed items are told (`gm-positions`). */
  private placed(items: readonly T[]): void {
    const selected = this.selectedItem && this.layerPart.get(this.selectedItem.id);
    if (selected !== this.selectedItem) this.selectedItem = selected;
    if (items.length) this.emit('gm-positions', { kind: this.layerPart.kind, items });
  }

  /** The item with this id as the layer holds it, if any (read it; change it by `upsert()` of a changed copy). */
  get(id: string): T | undefined {
    return this.layerPart.get(String(id));
  }

  /** Every item the layer holds (copies of what was given, by id; shown or filtered out). */
  all(): T[] {
    return this.layerPart.all();
  }

  /** Closes the popup. */
  closePopup(): void {
    this.selectedItem = undefined;
  }

  /** Moves the popup with the map the engine draws on now (a new one after a re-mount). */
  private followMap(): void {
    const map = this.isConnected ? this.view?.engine.map : undefined;
    if (map === this.boundMap) return;
    this.boundMap?.off('move', this.placePopup);
    this.boundMap = map;
    map?.on('move', this.placePopup);
  }

  private select(item: T): void {
    this.selectedItem = item;
    this.emit('gm-select', { kind: this.layerPart.kind, id: item.id, item: { ...item } });
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
        ${this.popupActions(item)}
        <slot name="popup"></slot>
      </div>
    `;
  }

  override render() {
    return this.selectedItem ? this.popupTemplate(this.selectedItem) : nothing;
  }
}
