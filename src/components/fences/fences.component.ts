import { property } from 'lit/decorators.js';
import { css, type PropertyValues } from 'lit';
import { GmDataLayerElement } from '../../gm-data-layer-element.js';
import { FencesPart } from '../../engine/parts/fences-part.js';
import { fencesFromJson, type Fence, type FenceCrossing } from '../../model/fence.js';
import type { MapItem } from '../../model/map-item.js';

/**
 * @summary 电子围栏: restricted and watch areas on the map, with crossing alarms.
 *
 * Put it inside `<gm-map>`. Whenever the map's data layers place or move items (`<gm-staff>`
 * upserts, a live feed, …) or `track()` is given points, each crossing of a fence's edge fires
 * `gm-fence`, and an entry into a restricted fence raises an emergency alert on the map. Fences sit
 * in an R-tree: the cost follows the moved points, not points × fences. An item's first known
 * position records where it is without a crossing.
 *
 * @event {{ fence: {id, name, kind}, item: MapItem, action: 'enter' | 'exit' }} gm-fence - A tracked item crossed a fence's edge.
 * @event {{ reason: string, detail: object }} gm-error - `invalid-fence` (no id or name, unknown kind, bad or self-crossing geometry, a text over 1,000 characters), or for `src` `items-unreachable` (failed or stalled) or `items-invalid` (not fences).
 */
export class GmFences extends GmDataLayerElement<FencesPart> {
  static override styles = css`
    :host {
      display: none;
    }
  `;

  /** Whether entering a restricted fence raises an alert on the map (default true). */
  @property({ type: Boolean, attribute: 'raise-alerts' }) raiseAlerts = true;

  constructor() {
    super();
    this.layerPart.on('crossing', (detail) => this.emit('gm-fence', detail));
    this.layerPart.on('error', (detail) => this.emit('gm-error', detail));
  }

  protected createPart(): FencesPart {
    return new FencesPart();
  }

  protected parseItems(json: unknown): unknown[] {
    return fencesFromJson(json);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('raiseAlerts')) this.layerPart.raiseAlerts = this.raiseAlerts;
  }

  /** The fences, as given. */
  get fences(): Fence[] {
    return this.layerPart.all();
  }

  /** Checks points that no data layer draws (a vehicle's tracker, a patrol's phone): each crossing fires `gm-fence`. Returns the crossings. */
  track(items: Iterable<MapItem>): FenceCrossing[] {
    return this.layerPart.track(items);
  }

  /** Forgets tracked items (their next position records where they are, without a crossing). */
  untrack(ids: Iterable<string>): void {
    this.layerPart.untrack(ids);
  }
}
