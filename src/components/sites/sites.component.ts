import { property } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import { GmLayerElement } from '../../gm-layer-element.js';
import { SitesPart } from '../../engine/parts/sites-part.js';
import type { Site, SiteCategory } from '../../model/site.js';

/**
 * @summary 重点场所: key sites on the map, clustered with counts when zoomed out, an icon per
 * category in its board's colour.
 *
 * Put it inside `<gm-map>`. About 8,000 sites cluster at the city view (MapLibre's clustering);
 * clicking a cluster zooms in until it splits, clicking a site opens its popup.
 *
 * @event {{ kind: 'site', id: string, item: Site }} gm-select - A site was clicked.
 * @event {{ reason: string, detail: object }} gm-error - `items-invalid` (missing id, bad position, unknown category or board, a text over 1,000 characters; or `src` gave no items) or `items-unreachable` (`src` failed or stalled).
 * @slot popup - Content of your own under the selected site's details.
 * @csspart popup - The selected site's popup. Also `popup-title`, `popup-details`, `popup-close`.
 */
export class GmSites extends GmLayerElement<Site, SitesPart> {
  /** Comma list of the categories shown (school, hospital, hazard, market, elderly, childcare, hydrant, camera, shelter, government, other); empty shows all. */
  @property() categories = '';

  protected createPart(): SitesPart {
    return new SitesPart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('categories')) this.layerPart.setCategories(this.categories.split(',').map((c) => c.trim()));
  }

  protected popupTitle(site: Site): string {
    return site.name;
  }

  protected popupDetails(site: Site): [string, string][] {
    const t = this.t;
    return [
      [t.fields.category, t.siteCategory[site.category as SiteCategory]],
      [t.fields.board, t.board[site.board]],
      ...(site.gridCode ? [[t.fields.grid, this.placeOf(site.gridCode)] as [string, string]] : []),
    ];
  }
}
