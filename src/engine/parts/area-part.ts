import type { ErrorEvent, GeoJSONSource, LayerSpecification, Map as MaplibreMap, MapSourceDataEvent } from 'maplibre-gl';
import { areaLayers, areaSources, fillLayerId, labelLayerId, lineLayerId, sourceId } from '../../layers/area-layers.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { LEVEL_NAMES, type BoundaryLevel } from '../../model/codes.js';
import { listed } from '../../model/error-report.js';
import { addUnvalidated, layerShownAt } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene } from '../scene.js';

/**
 * The hierarchy's areas on the map: one source per level (vector tiles or GeoJSON) and its fills,
 * outlines and names in their slots. A new hierarchy replaces only these: every other part's layers
 * stay. Tile failures of these sources are reported once per source and hierarchy. A GeoJSON level
 * whose features are still being written by the data worker gets them when it is first drawn.
 */
export class AreaPart implements MapPart {
  private scene?: AttachedScene;
  /** The layers put on the map for the current hierarchy (their sources are the levels'). */
  private layers: LayerSpecification[] = [];
  private readonly reportedTiles = new Set<string>();
  /** Levels drawn but still waiting for their features (the first paint waits for them too). */
  private readonly feeding = new Set<BoundaryLevel>();

  attach(scene: AttachedScene): void {
    this.scene = scene;
    this.layers = [];
    scene.map.on('error', this.onMapError);
    scene.map.on('sourcedata', this.onSourceVisibility);
    this.hierarchyChanged();
  }

  detach(): void {
    this.scene?.map.off('error', this.onMapError).off('sourcedata', this.onSourceVisibility);
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
    this.feeding.clear();
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
    return Boolean(map) && !this.feeding.size && LEVEL_NAMES.every((level) => !map!.getSource(sourceId(level)) || map!.isSourceLoaded(sourceId(level)));
  }

  /**
   * A level came into use (MapLibre's `visibility` sourcedata, sent as a layer of it is first shown
   * at the view's zoom): one whose features are still to come gets them as soon as they are written.
   */
  private readonly onSourceVisibility = (event: MapSourceDataEvent) => {
    if (event.sourceDataType !== 'visibility') return;
    const level = LEVEL_NAMES.find((l) => sourceId(l) === event.sourceId);
    if (level) this.feed(level);
  };

  /** Gives a level its features once they are written, if it is drawn and still waiting for them. */
  private feed(level: BoundaryLevel): void {
    const scene = this.scene;
    const hierarchy = scene?.hierarchy;
    const later = hierarchy?.boundaries.later[level];
    if (!scene || !hierarchy || !later || !levelSourceInUse(scene.map, level)) return;
    delete hierarchy.boundaries.later[level];
    hierarchy.boundaries.release(level);
    this.feeding.add(level);
    later.then(
      (url) => {
        if (this.scene?.hierarchy !== hierarchy) return;
        this.feeding.delete(level);
        (this.scene.map.getSource(sourceId(level)) as GeoJSONSource | undefined)?.setData(url);
      },
      (error: Error) => {
        if (this.scene?.hierarchy === hierarchy) this.feeding.delete(level);
        if (this.scene?.hierarchy === hierarchy && !hierarchy.boundaries.revoked) {
          this.scene.report('boundaries-invalid', { ...listed([level]), message: error?.message ?? String(error) });
        }
      },
    );
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

/**
 * Whether MapLibre draws the level's source at the current zoom: one of its layers is visible there
 * (MapLibre's own test for a source in use, which it keeps private).
 */
export function levelSourceInUse(map: MaplibreMap, level: BoundaryLevel): boolean {
  const zoom = map.getZoom();
  return [fillLayerId(level), lineLayerId(level), labelLayerId(level)].some((id) => {
    const layer = map.getLayer(id);
    return layer?.source === sourceId(level) && layerShownAt(layer, zoom);
  });
}
