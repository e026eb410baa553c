// The stacking order of every layer the library draws, declared once, by name. A part adds its
// layers to its slot; where they go among the map's layers follows from this table alone, so no
// part names another part's layer ids, and a part added later (a data layer) lands in its place.
import type { CustomLayerInterface, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { addUnvalidated } from './maplibre-internals.js';

/**
 * The slots, bottom to top. A basemap's own layers stay below them all. Within a slot, layers are
 * drawn in the order they were added.
 */
export const LAYER_SLOTS = [
  /** The areas' status fills, one layer per level (districts … grids). */
  'area-fills',
  /** The grid mosaic: the city view's grids from one image (a custom layer). */
  'grid-mosaic',
  /** The areas' outlines, finest level first. */
  'area-lines',
  /** The selected and hovered areas' outlines. */
  'highlights',
  /** The flashing grids of alerts: their pulsing fill (a custom layer) and outline. */
  'alert-areas',
  /** Electronic fences (`<gm-fences>`). */
  'fences',
  /** Key sites and their clusters (`<gm-sites>`). */
  'sites',
  /** Grid events (`<gm-events>`). */
  'events',
  /** Staff: the selected person's trail, the city view's dots (a custom layer), the icons (`<gm-staff>`). */
  'staff',
  /**
   * The areas' names, finest level first (the coarser names win the placement): above every data
   * layer's markers, so no marker or cluster hides a district's name (issue 28); markers never take
   * part in the placement (icon-ignore-placement), so no name is dropped for one either.
   */
  'area-labels',
  /**
   * Work orders (闭环派单): lines from the assignees to their grids, the assignees' rings, each
   * order's timed light and the escalated orders' pulse; above the names, under a dispatch being chosen.
   */
  'work-orders',
  /** The dispatch drawing over halos: reach rings, lines to the chosen staff, rings around them, labels; above the names. */
  'dispatch',
  /** The rings pulsing under unacknowledged alert markers (a custom layer): the lowest of what stays on top. */
  'alert-pulse',
  /** Alert markers, over everything (重要事项置顶). */
  'alert-markers',
] as const;

export type LayerSlot = (typeof LAYER_SLOTS)[number];

type AnyLayer = LayerSpecification | CustomLayerInterface;

/** The library's layers on one map, by slot. */
export class LayerSlots {
  /** The ids added to each slot, in order (a layer removed by other means is skipped when found missing). */
  private readonly ids = new Map<LayerSlot, string[]>(LAYER_SLOTS.map((slot) => [slot, []]));

  constructor(private readonly map: MaplibreMap) {}

  /**
   * Adds layers on top of their slot. `unvalidated`: without MapLibre's per-layer style check
   * (the hierarchy's many layers on a cold load, see maplibre-internals.ts; plain specs only).
   */
  add(slot: LayerSlot, layers: readonly AnyLayer[], options: { unvalidated?: boolean } = {}): void {
    const before = this.above(slot);
    const own = this.ids.get(slot)!;
    if (options.unvalidated) {
      addUnvalidated(this.map, [], layers.map((layer) => ({ layer: layer as LayerSpecification, before })));
    } else {
      for (const layer of layers) this.map.addLayer(layer, before);
    }
    for (const layer of layers) own.push(layer.id);
  }

  /** Removes these layers (those on the map). */
  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.map.getLayer(id)) this.map.removeLayer(id);
      for (const own of this.ids.values()) {
        const at = own.indexOf(id);
        if (at >= 0) own.splice(at, 1);
      }
    }
  }

  /** The ids of the slot's layers that are on the map, bottom to top. */
  layers(slot: LayerSlot): string[] {
    return this.ids.get(slot)!.filter((id) => this.map.getLayer(id));
  }

  /** The lowest layer of the slots above `slot` still on the map: what a layer of `slot` goes before. */
  private above(slot: LayerSlot): string | undefined {
    for (const higher of LAYER_SLOTS.slice(LAYER_SLOTS.indexOf(slot) + 1)) {
      const found = this.ids.get(higher)!.find((id) => this.map.getLayer(id));
      if (found) return found;
    }
    return undefined;
  }
}
