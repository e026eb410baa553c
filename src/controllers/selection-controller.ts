import type { Map as MaplibreMap, MapMouseEvent, PointLike } from 'maplibre-gl';
import { fillLayerId, sourceId } from '../layers/area-layers.js';
import { MOSAIC_LAYER, type GridMosaicLayer } from '../layers/grid-mosaic-layer.js';
import { drawHighlights, HIGHLIGHT_SOURCE, loadedOutline } from '../layers/highlight-layer.js';
import type { AreaIndex, AreaInfo } from '../model/area-index.js';
import { ancestorAt, BOUNDARY_LEVELS, childLevel, codeToId, idToCode, levelOfCode, parentCode, type AreaLevel, type BoundaryLevel } from '../model/codes.js';
import type { GmSelectDetail } from '../event-types.js';
import type { SourceLayers } from './status-controller.js';

export interface SelectionHost {
  /** The hierarchy's index, once loaded. */
  index(): AreaIndex | undefined;
  sourceLayers(): SourceLayers;
  /** The grid mosaic drawn below its maxzoom, if any. */
  mosaic(): GridMosaicLayer | undefined;
  /** The city's own code and name (the top of the hierarchy). */
  city(): { code: string; name: string; bounds?: [number, number, number, number] };
  /** `detail="grid"`: the grid mosaic at every zoom. */
  gridDetail(): boolean;
  /** Called for user selections only (gm-select); `code` '' is the city. */
  selectedByUser(detail: GmSelectDetail): void;
  hovered(detail: GmSelectDetail | null): void;
  reducedMotion(): boolean;
}

/** Below these zooms, with nothing selected, the fills show this level (a wall screen's city view is about z7). */
const ZOOM_LEVELS: [number, BoundaryLevel][] = [
  [6, 'district'],
  [8.5, 'town'],
  [10.5, 'community'],
  [Infinity, 'grid'],
];
/** Grids have no bbox in the index: they are flown to at their label point, at this zoom. */
const GRID_ZOOM = 14;

/**
 * Selection, hover and drill-down. Which level's fills are shown (the display level) follows the
 * selection (its children: a grid selection keeps the grids) or, without one, the zoom; everything is toggled through layer
 * visibility and a tiny highlight source, never by changing filters (which would re-tile the sources).
 */
export class SelectionController {
  selected = '';
  private map?: MaplibreMap;
  private displayLevel?: BoundaryLevel;
  private hover?: { level: BoundaryLevel; code: string };
  private selectedOutline?: ReturnType<typeof loadedOutline>;
  /** Whether the highlight source holds anything. */
  private highlightsDrawn = false;

  constructor(private readonly host: SelectionHost) {}

  bindMap(map: MaplibreMap | undefined): void {
    if (this.map) {
      this.map.off('click', this.onClick).off('mousemove', this.onMove).off('mouseout', this.onLeave).off('zoomend', this.refresh);
    }
    this.map = map;
    this.hover = undefined;
    this.highlightsDrawn = false;
    if (!map) return;
    map.on('click', this.onClick);
    map.on('mousemove', this.onMove);
    map.on('mouseout', this.onLeave);
    map.on('zoomend', this.refresh);
  }

  /** The level whose fills are shown (following the selection, or the zoom). */
  get shownLevel(): BoundaryLevel {
    return this.displayLevel ?? this.levelToShow();
  }

  /**
   * Shows the right fills and restores the selection outline (after a (re)install of the layers).
   * The fills are shown from the install on: until the statuses colour them they are transparent.
   */
  readonly refresh = (): void => {
    const map = this.map;
    if (!map) return;
    const level = this.levelToShow();
    // Setting a layout property to its current value is a no-op in MapLibre: no need to diff.
    const visibility = (l: BoundaryLevel) => (l === level ? 'visible' : 'none');
    for (const l of BOUNDARY_LEVELS) {
      if (map.getLayer(fillLayerId(l))) map.setLayoutProperty(fillLayerId(l), 'visibility', visibility(l));
    }
    if (map.getLayer(MOSAIC_LAYER)) map.setLayoutProperty(MOSAIC_LAYER, 'visibility', visibility('grid'));
    this.displayLevel = level;
    this.drawHighlights();
  };

  /** Selects an area ('' = the whole city) and fits the view to it. */
  select(code: string, byUser: boolean): AreaInfo | undefined {
    const index = this.host.index();
    const info = code ? index?.get(code) : undefined;
    if (code && !info) return undefined;
    this.selected = code;
    this.refresh();
    this.fitTo(info);
    // Outside the view the area's tiles are not loaded yet: draw its outline again once they are.
    this.map?.once('idle', this.drawHighlights);
    if (byUser) this.host.selectedByUser(this.detailOf(code, info));
    return info;
  }

  /** Goes up one level from the selection (Escape, Backspace). */
  up(): void {
    if (!this.selected) return;
    const parent = parentCode(this.selected);
    this.select(parent, true);
  }

  /** Moves the view to an area without selecting it. */
  flyTo(info: AreaInfo | undefined): void {
    this.fitTo(info);
  }

  /** Selects the area under a screen point (the map centre for keyboard users). */
  selectAt(point: PointLike): void {
    const code = this.codeAt(point);
    if (code) this.select(this.drillTarget(code), true);
  }

  /**
   * With `detail="grid"` every click hits a grid, yet drill-down goes one level at a time: the
   * grid's code names its community, town and district (codes nest), so the click selects the
   * area one level below the selection that holds the grid, or the selection's sibling.
   */
  private drillTarget(code: string): string {
    if (!this.host.gridDetail()) return code;
    const selectedLevel: AreaLevel = (this.selected && levelOfCode(this.selected)) || 'city';
    const inside = !this.selected || code.startsWith(this.selected);
    const target = inside ? childLevel(selectedLevel) : (selectedLevel as BoundaryLevel);
    return target ? ancestorAt(code, target) : code;
  }

  /** What gm-select reports for a code. */
  detailOf(code: string, info = code ? this.host.index()?.get(code) : undefined): GmSelectDetail {
    if (!code || !info) {
      const city = this.host.city();
      return { code: city.code, level: 'city' as AreaLevel, name: city.name };
    }
    return { code, level: info.level, name: info.name };
  }

  /** A selection shows its children (the drill-down); without one the zoom decides. */
  private levelToShow(): BoundaryLevel {
    if (this.host.gridDetail()) return 'grid';
    if (this.selected) return childLevel(levelOfCode(this.selected) ?? 'city') ?? 'grid';
    const zoom = this.map?.getZoom() ?? 0;
    return ZOOM_LEVELS.find(([below]) => zoom < below)![1];
  }

  private fitTo(info: AreaInfo | undefined): void {
    const map = this.map;
    if (!map) return;
    const duration = this.host.reducedMotion() ? 0 : 800;
    const bounds = info ? info.bbox : this.host.city().bounds;
    if (bounds) map.fitBounds(bounds, { padding: 40, duration, maxZoom: 15 });
    else if (info) map.flyTo({ center: info.label, zoom: Math.max(map.getZoom(), GRID_ZOOM), duration });
  }

  /** The code of the shown area at a screen point: from the mosaic where it draws the grids, else the fills' features. */
  private codeAt(point: PointLike): string | undefined {
    const map = this.map;
    const level = this.displayLevel;
    if (!map || !level) return undefined;
    const mosaic = this.host.mosaic();
    if (level === 'grid' && mosaic && map.getLayer(MOSAIC_LAYER) && map.getZoom() < mosaic.spec.maxzoom) {
      const grid = mosaic.gridAt(map.unproject(point));
      return grid === undefined ? undefined : this.host.index()?.codes('grid')[grid];
    }
    if (!map.getLayer(fillLayerId(level))) return undefined;
    const feature = map.queryRenderedFeatures(point, { layers: [fillLayerId(level)] }).find((f) => f.id !== undefined);
    return feature ? idToCode(feature.id!) : undefined;
  }

  /** Draws the selected and hovered outlines from the loaded features of their levels. */
  private readonly drawHighlights = (): void => {
    this.selectedOutline = this.outlineOf(this.selected);
    this.drawHover();
  };

  /** Hover moves often: only its outline is rebuilt, the selection's is kept. */
  private drawHover(): void {
    const map = this.map;
    if (!map || !map.getSource(HIGHLIGHT_SOURCE)) return;
    const hover = this.outlineOf(this.hover?.code);
    // Nothing drawn and nothing to draw: a setData would still cost a worker round trip and a frame.
    if (!this.selectedOutline && !hover && !this.highlightsDrawn) return;
    drawHighlights(map, { selected: this.selectedOutline, hover });
    this.highlightsDrawn = Boolean(this.selectedOutline || hover);
  }

  private outlineOf(code: string | undefined) {
    const level = code ? levelOfCode(code) : undefined;
    if (!code || !level || !this.map?.getSource(sourceId(level))) return undefined;
    return loadedOutline(this.map, sourceId(level), this.host.sourceLayers()[level], codeToId(code));
  }

  private readonly onClick = (event: MapMouseEvent) => this.selectAt(event.point);

  private readonly onMove = (event: MapMouseEvent) => {
    const code = this.codeAt(event.point);
    if (code === this.hover?.code) return;
    this.onLeave();
    if (!code) return;
    this.hover = { level: levelOfCode(code)!, code };
    this.drawHover();
    this.host.hovered(this.detailOf(code));
  };

  private readonly onLeave = () => {
    if (!this.hover) return;
    this.hover = undefined;
    this.drawHover();
    this.host.hovered(null);
  };
}
