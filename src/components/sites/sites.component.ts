import { property } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import { GmLayerElement } from '../../gm-layer-element.js';
import type { PointLayerSpec } from '../../controllers/point-layer-controller.js';
import { CLUSTER_LAYER, SITE_LAYER, siteFeature, siteIcons, sitesLayers, sitesSource, SITES_SOURCE } from '../../layers/sites-layer.js';
import { SITE_CATEGORIES, siteProblem, type Site, type SiteCategory } from '../../model/site.js';
import { translationFor } from '../../i18n/localize.js';

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
export class GmSites extends GmLayerElement<Site> {
  /** Comma list of the categories shown (school, hospital, hazard, market, elderly, childcare, hydrant, camera, shelter, government, other); empty shows all. */
  @property() categories = '';

  private shownCategories?: Set<string>;

  protected spec(): PointLayerSpec<Site> {
    return {
      kind: 'site',
      sourceId: SITES_SOURCE,
      source: sitesSource,
      layers: sitesLayers,
      icons: siteIcons,
      feature: siteFeature,
      problem: siteProblem,
      itemLayers: [SITE_LAYER],
      clusterLayer: CLUSTER_LAYER,
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('categories')) {
      const names = this.categories.split(',').map((c) => c.trim()).filter((c) => (SITE_CATEGORIES as readonly string[]).includes(c));
      this.shownCategories = names.length ? new Set(names) : undefined;
      if (changed.get('categories') !== undefined) this.refilter();
    }
  }

  protected override shows(site: Site): boolean {
    return super.shows(site) && (!this.shownCategories || this.shownCategories.has(site.category));
  }

  protected popupTitle(site: Site): string {
    return site.name;
  }

  protected popupDetails(site: Site): [string, string][] {
    const t = translationFor(this.closest('gm-map')?.lang ?? document.documentElement.lang);
    return [
      [t.fields.category, t.siteCategory[site.category as SiteCategory]],
      [t.fields.board, t.board[site.board]],
      ...(site.gridCode ? [[t.fields.grid, site.gridCode] as [string, string]] : []),
    ];
  }
}
