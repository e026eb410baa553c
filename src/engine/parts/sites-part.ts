import { CLUSTER_LAYER, SITE_LAYER, siteFeature, siteIcons, sitesLayers, sitesSource, SITES_SOURCE } from '../../layers/sites-layer.js';
import { SITE_CATEGORIES, siteProblem, type Site } from '../../model/site.js';
import { PointLayerPart } from './point-layer-part.js';

/** 重点场所: key sites, clustered with counts when zoomed out (MapLibre's clustering), filtered by category. */
export class SitesPart extends PointLayerPart<Site> {
  private categories?: Set<string>;

  constructor() {
    super({
      kind: 'site',
      slot: 'sites',
      sourceId: SITES_SOURCE,
      source: sitesSource,
      layers: sitesLayers,
      icons: siteIcons,
      feature: siteFeature,
      problem: siteProblem,
      itemLayers: [SITE_LAYER],
      clusterLayer: CLUSTER_LAYER,
    });
  }

  /** Shows only these categories (unknown names are ignored; none known: all). */
  setCategories(names: readonly string[]): void {
    const known = names.filter((c) => (SITE_CATEGORIES as readonly string[]).includes(c));
    const next = known.length ? new Set(known) : undefined;
    if ([...(next ?? [])].join() === [...(this.categories ?? [])].join()) return;
    this.categories = next;
    this.refilter();
  }

  override shows(site: Site): boolean {
    return super.shows(site) && (!this.categories || this.categories.has(site.category));
  }
}
