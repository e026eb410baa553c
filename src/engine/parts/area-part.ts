import type { ErrorEvent, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { areaLayers, areaSources, sourceId } from '../../layers/area-layers.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { LEVEL_NAMES } from '../../model/codes.js';
import { addUnvalidated } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene } from '../scene.js';

/**
 * The hierarchy's areas on the map: one source per level (vector tiles or GeoJSON) and its fills,
 * outlines and names in their slots. A new hierarchy replaces only these: every other part's layers
 * stay. Tile failures of these sources are reported once per source and hierarchy.
 */
export class AreaPart implements MapPart {
  private scene?: AttachedScene;
  /** The layers put on the map for the current hierarchy (their sources are the levels'). */
  private layers: LayerSpecification[] = [];
  private readonly reportedTiles = new Set<string>();

  attach(scene: AttachedScene): void {
    this.scene = scene;
    this.layers = [];
    scene.map.on('error', this.onMapError);
    this.hierarchyChanged();
  }

  detach(): void {
    this.scene?.map.off('error', this.onMapError);
    this.scene = undefined;
    this.layers = [];
  }

  /** Takes the previous hierarchy's sources and layers off and puts the scene's on, without MapLibre's per-item check. */
  hierarchyChanged(): void {
    const scene = this.scene;
    const hierarchy = scene?.hierarchy;
    if (!scene || !hierarchy) return;
    const { map, slots } = scene;
    slots.remove(this.layers.map((layer) => layer.id));
    for (const level of LEVEL_NAMES) if (map.getSource(sourceId(level))) map.removeSource(sourceId(level));
    const { fills, lines, labels } = areaLayers(hierarchy.manifest, scene.palette);
    addUnvalidated(map, areaSources(hierarchy.manifest, hierarchy.boundaries.data), []);
    slots.add('area-fills', fills, { unvalidated: true });
    slots.add('area-lines', lines, { unvalidated: true });
    slots.add('area-labels', labels, { unvalidated: true });
    this.layers = [...fills, ...lines, ...labels];
    this.reportedTiles.clear();
    // Here, not in the engine's load: on a cold load the map's style is still loading when the load gets that far.
    performance.mark('gm:installed');
  }

  /** Re-applies colours and sizes after a theme change. */
  paletteChanged(palette: MapPalette): void {
    const scene = this.scene;
    if (!scene?.hierarchy) return;
    const { fills, lines, labels } = areaLayers(scene.hierarchy.manifest, palette);
    for (const layer of [...fills, ...lines, ...labels]) restyle(scene.map, layer);
  }

  /**
   * Every level's polygons and names are loaded for the current view (a tile counts as loaded once
   * its labels are laid out). Waiting for the names too saves the frame that would add them after
   * the first paint: 3 interleaved runs each, cold load 1,762–1,893 ms without them against
   * 1,512–1,631 ms with them (docs/performance.md).
   */
  outlinesLoaded(): boolean {
    const map = this.scene?.map;
    return Boolean(map) && LEVEL_NAMES.every((level) => !map!.getSource(sourceId(level)) || map!.isSourceLoaded(sourceId(level)));
  }

  private readonly onMapError = (event: ErrorEvent & { sourceId?: string }) => {
    const id = event.sourceId;
    if (!id || !LEVEL_NAMES.some((level) => sourceId(level) === id) || this.reportedTiles.has(id)) return;
    this.reportedTiles.add(id);
    this.scene?.report('tiles-unreachable', { source: id, message: event.error?.message ?? '' });
  };
}

/** Sets a layer's paint and layout (but its visibility, which the selection owns) as the spec has them. */
function restyle(map: MaplibreMap, layer: LayerSpecification): void {
  const paint = (layer as { paint?: Record<string, unknown> }).paint ?? {};
  const layout = (layer as { layout?: Record<string, unknown> }).layout ?? {};
  for (const [key, value] of Object.entries(paint)) map.setPaintProperty(layer.id, key as never, value as never);
  for (const [key, value] of Object.entries(layout)) if (key !== 'visibility') map.setLayoutProperty(layer.id, key as never, value as never);
}
