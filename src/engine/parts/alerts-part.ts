import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap, MapLayerMouseEvent, PointLike } from 'maplibre-gl';
import { AlertPulseLayer } from '../../layers/alert-pulse-layer.js';
import {
  ALERT_AREA_FILL,
  ALERT_AREA_HALO,
  ALERT_AREA_LINE,
  ALERT_AREA_SOURCE,
  ALERT_MARKER,
  ALERT_PULSE,
  ALERT_SOURCE,
  alertAreaFeature,
  alertAreaLayers,
  alertFeature,
  alertIcons,
  alertMarkerLayers,
  emptySource,
} from '../../layers/alert-layers.js';
import { fillLayerId, lineLayerId, sourceId } from '../../layers/area-layers.js';
import { loadedOutline } from '../../layers/highlight-layer.js';
import { putIcons } from '../../layers/icons.js';
import { showOverlay } from '../../layers/overlay-layers.js';
import { ALERT_LEVELS, alertProblem, compareAlerts, type Alert, type AlertLevel, type LiveAlert } from '../../model/alert.js';
import { contrastPartner } from '../../model/color-contrast.js';
import { listed } from '../../model/error-report.js';
import { flyToPoint } from '../camera.js';
import { layerShownAt } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';
import { AlertFlash } from './alert-flash.js';
import type { GridMosaicPart } from './grid-mosaic-part.js';

/**
 * The live alerts of a map (紧急情况闪烁报警): markers, flashing grids (outlines from the loaded grid
 * tiles above the mosaic's zoom, the mosaic's alert texture below it) and the pulse. Every change
 * touches only the alert's own marker and grid: O(changed), no boundary re-sent or re-tiled.
 */
export class AlertsPart implements MapPart {
  private readonly alerts = new Map<string, LiveAlert>();
  /** Alerts raised before the area index arrived: placed once it has. */
  private waiting: Alert[] = [];
  private map?: MaplibreMap;
  /** The flashing grids, by code: the level of their most severe unacknowledged alert. */
  private readonly flashing = new Map<string, AlertLevel>();
  /** Flashing grids whose outline is on the map (the others wait for their tiles), with it. */
  private readonly outlined = new Map<string, Polygon | MultiPolygon>();
  private readonly flash: AlertFlash;
  /** The flashing grids' fill (under the labels) and the markers' rings (on top): what pulses. */
  private readonly areaPulse = new AlertPulseLayer(ALERT_AREA_FILL, 'fill');
  private readonly markerPulse = new AlertPulseLayer(ALERT_PULSE, 'rings');
  private outlineFrame = 0;
  /** What changed since the last frame: markers to redraw, grids whose flashing to recompute (drawn once per frame, see draw). */
  private readonly dirtyMarkers = new Set<string>();
  private readonly dirtyGrids = new Set<string>();
  private drawFrame = 0;
  /** The alert ids on each grid: a grid's flashing is recomputed from its own alerts, not all. */
  private readonly byGrid = new Map<string, Set<string>>();

  constructor(
    private readonly scene: Scene,
    private readonly mosaic: GridMosaicPart,
  ) {
    this.flash = new AlertFlash({
      mosaic: () => mosaic.layer,
      pulses: () => [this.areaPulse, this.markerPulse],
      reducedMotion: () => scene.reducedMotion,
    });
  }

  /** The alerts, in the alert list's order (pinned, level, newest); copies. */
  list(): LiveAlert[] {
    return [...this.alerts.values()].sort(compareAlerts).map((a) => ({ ...a }));
  }

  /** Moves the view to an alert's marker; false (and `gm-error`) for an unknown id. */
  flyTo(id: string): boolean {
    const alert = this.alerts.get(id);
    if (!alert) return this.unknownAlert(id);
    flyToPoint(this.scene, alert.lngLat);
    // The breadcrumb and stats follow: the alert's grid is the focused area.
    if (alert.gridCode) this.scene.engine.focus(alert.gridCode);
    return true;
  }

  get(id: string): LiveAlert | undefined {
    const alert = this.alerts.get(id);
    return alert && { ...alert };
  }

  /** Puts the sources and layers on the scene's map, in their slots; every alert is drawn anew. */
  attach(scene: AttachedScene): void {
    const map = (this.map = scene.map);
    // Not 'idle': while alerts pulse on a slow GPU the map may never be idle.
    map.on('sourcedata', this.onSourceData);
    this.flash.bindMap(map);
    putIcons(map, alertIcons(scene.palette));
    for (const id of [ALERT_AREA_SOURCE, ALERT_SOURCE]) map.addSource(id, emptySource());
    // The halo under the flashing fill (only its outer half shows: a grid's fill is never covered), the outline over it.
    const [halo, line] = alertAreaLayers(scene.palette);
    scene.slots.add('alert-areas', [halo, this.areaPulse, line]);
    scene.slots.add('alert-pulse', [this.markerPulse]);
    scene.slots.add('alert-markers', alertMarkerLayers(scene.palette));
    map.on('click', ALERT_MARKER, this.onMarkerClick);
    this.hierarchyChanged();
  }

  /** Whether an alert marker is drawn at a screen point (a click there is the marker's, not the area's). */
  itemAt(point: PointLike): boolean {
    return Boolean(this.map?.getLayer(ALERT_MARKER)) && this.map!.queryRenderedFeatures(point, { layers: [ALERT_MARKER] }).length > 0;
  }

  /** A click on a marker asks for the dispatch panel for its alert (`<gm-work-orders>`), and selects nothing. */
  private readonly onMarkerClick = (event: MapLayerMouseEvent): void => {
    const id = event.features?.[0]?.properties?.id;
    if (typeof id !== 'string' || !this.alerts.has(id)) return;
    this.scene.engine.clicked(this);
    this.scene.fire('dispatch-request', { source: { kind: 'alert', id } });
  };

  detach(): void {
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = 0;
    this.map?.off('sourcedata', this.onSourceData);
    this.map?.off('click', ALERT_MARKER, this.onMarkerClick);
    this.map = undefined;
    this.outlined.clear();
    this.flash.bindMap(undefined);
  }

  /** A new hierarchy (or a new map): every alert is drawn anew, the flashing grids' outlines from its tiles. */
  hierarchyChanged(): void {
    if (!this.map) return;
    this.draw();
    this.outlined.clear();
    this.setMarkers(this.shownAlerts().map(alertFeature));
    this.source(ALERT_AREA_SOURCE)?.setData({ type: 'FeatureCollection', features: [] });
    this.drawPulses();
    for (const [code, level] of this.flashing) this.mosaic.layer?.setAlert(this.gridIndex(code)!, ALERT_LEVELS.indexOf(level));
    this.outlineWaiting();
    this.flash.update(this.flashing.size > 0);
  }

  motionChanged(): void {
    this.flash.update(this.flashing.size > 0);
  }

  /** Re-colours after a theme change. */
  paletteChanged(): void {
    const map = this.map;
    if (!map?.getLayer(ALERT_MARKER)) return;
    this.drawPulses();
    const palette = this.scene.palette;
    putIcons(map, alertIcons(palette));
    for (const layer of [...alertAreaLayers(palette), ...alertMarkerLayers(palette)]) {
      const property = COLOR_PROPERTY[layer.type];
      const color = property && (layer.paint as Record<string, unknown> | undefined)?.[property];
      if (color) map.setPaintProperty(layer.id, property as never, color as never);
    }
  }

  /**
   * The grids are coloured (the index, statuses and mosaic are in): alerts raised before the index
   * are placed now, and the flashing grids written into the mosaic.
   */
  coloured(): void {
    const waiting = this.waiting;
    this.waiting = [];
    if (waiting.length) this.raise(waiting);
    this.draw();
    for (const [code, level] of this.flashing) this.mosaic.layer?.setAlert(this.gridIndex(code)!, ALERT_LEVELS.indexOf(level));
    this.mosaic.layer?.changed();
  }

  /** Raises new alerts or updates known ones (by id); invalid ones are reported and skipped. */
  raise(alerts: Iterable<Alert>): void {
    const index = this.scene.index;
    const refused: { id: unknown; problem: string }[] = [];
    const unknown: string[] = [];
    for (const alert of alerts) {
      const problem = alertProblem(alert);
      if (problem) {
        refused.push({ id: String((alert as Partial<Alert>)?.id).slice(0, 80), problem });
        continue;
      }
      if (alert.gridCode !== undefined && !index) {
        this.waiting.push({ ...alert });
        continue;
      }
      const grid = alert.gridCode === undefined ? undefined : index?.get(alert.gridCode);
      if (alert.gridCode !== undefined && grid?.level !== index?.finest) {
        unknown.push(alert.gridCode);
        continue;
      }
      const previous = this.alerts.get(alert.id);
      const live: LiveAlert = { ...alert, lngLat: alert.lngLat ?? grid!.label, acknowledged: previous?.acknowledged ?? false };
      if (previous) this.forget(previous);
      this.alerts.set(alert.id, live);
      if (live.gridCode) (this.byGrid.get(live.gridCode) ?? this.byGrid.set(live.gridCode, new Set()).get(live.gridCode)!).add(live.id);
      this.changed(live);
      this.scene.fire('alert', { alert: { ...live }, action: previous ? 'update' : 'raise' });
      if (!previous && live.level === 'emergency' && this.scene.autofocusAlerts) flyToPoint(this.scene, live.lngLat);
    }
    if (refused.length) this.scene.report('invalid-alert', listed(refused));
    if (unknown.length) this.scene.report('unknown-code', listed(unknown));
  }

  /** Stops an alert's flashing; its marker stays. False (and a `gm-error`) for an unknown id. */
  acknowledge(id: string): boolean {
    const alert = this.alerts.get(id);
    if (!alert) return this.unknownAlert(id);
    if (alert.acknowledged) return true;
    alert.acknowledged = true;
    this.changed(alert);
    this.scene.fire('alert', { alert: { ...alert }, action: 'acknowledge' });
    return true;
  }

  /** Removes an alert (marker and flashing). False (and a `gm-error`) for an unknown id. */
  resolve(id: string): boolean {
    const alert = this.alerts.get(id);
    if (!alert) return this.unknownAlert(id);
    this.alerts.delete(id);
    this.forget(alert);
    this.changed(alert);
    this.scene.fire('alert', { alert: { ...alert }, action: 'resolve' });
    return true;
  }

  /** An alert changed: its marker and its grid's flashing are drawn at the next frame. */
  private changed(alert: LiveAlert): void {
    this.dirtyMarkers.add(alert.id);
    if (alert.gridCode) this.dirtyGrids.add(alert.gridCode);
    this.drawFrame ||= requestAnimationFrame(() => this.draw());
  }

  /** Takes an alert off its grid's list (resolved, or moved to another grid by an update). */
  private forget(alert: LiveAlert): void {
    if (!alert.gridCode) return;
    const ids = this.byGrid.get(alert.gridCode);
    ids?.delete(alert.id);
    if (ids && !ids.size) this.byGrid.delete(alert.gridCode);
    this.dirtyGrids.add(alert.gridCode);
  }

  /**
   * Draws what changed since the last frame: one markers diff, one rings rebuild, the changed
   * grids' flashing. An alert storm (100 raised and 100 resolved a second) costs one of each per
   * frame, not one per alert: drawn per call it was 37–67 alerts a second at 267–633 ms frames.
   */
  private draw(): void {
    cancelAnimationFrame(this.drawFrame);
    this.drawFrame = 0;
    if (this.dirtyMarkers.size) this.drawMarkers([...this.dirtyMarkers]);
    this.dirtyMarkers.clear();
    const grids = new Set(this.dirtyGrids);
    this.dirtyGrids.clear();
    this.reflash(grids);
  }

  private unknownAlert(id: string): false {
    this.scene.report('unknown-alert', listed([String(id)]));
    return false;
  }

  /** The active boards changed: markers, rings and flashing grids follow (all alerts, once). */
  boardsChanged(): void {
    if (!this.alerts.size) return;
    this.setMarkers(this.shownAlerts().map(alertFeature));
    this.drawRings();
    this.reflash(new Set([...this.alerts.values()].flatMap((a) => (a.gridCode ? [a.gridCode] : []))));
  }

  /** Alerts on the active boards. */
  private shownAlerts(): LiveAlert[] {
    const boards = this.scene.boards;
    return [...this.alerts.values()].filter((a) => boards.includes(a.board));
  }

  /** Redraws these alerts' markers (removed, or not on an active board: taken off) and the rings. */
  private drawMarkers(ids: string[]): void {
    const boards = this.scene.boards;
    const add = ids.flatMap((id) => {
      const alert = this.alerts.get(id);
      return alert && boards.includes(alert.board) ? [alertFeature(alert)] : [];
    });
    this.drawRings();
    void this.source(ALERT_SOURCE)?.updateData({ remove: ids, add });
    if (add.length && this.map) showOverlay(this.map, [ALERT_MARKER]);
  }

  /** All the markers anew (the overlay's layer is shown once there is one, see overlay-layers.ts). */
  private setMarkers(features: Feature[]): void {
    this.source(ALERT_SOURCE)?.setData({ type: 'FeatureCollection', features });
    if (features.length && this.map) showOverlay(this.map, [ALERT_MARKER]);
  }

  /** The pulse layers' shapes (a few hundred at most: rebuilt whole, in well under a millisecond). */
  private drawPulses(): void {
    this.drawRings();
    this.drawAreas();
  }

  private drawRings(): void {
    const palette = this.scene.palette;
    const flashing = this.shownAlerts().filter((a) => !a.acknowledged);
    this.markerPulse.setRings(flashing.map((a) => ({ lngLat: a.lngLat, color: palette.alert[a.level], partner: contrastPartner(palette.alert[a.level]) })));
  }

  private drawAreas(): void {
    const palette = this.scene.palette;
    const areas = [...this.outlined].flatMap(([code, geometry]) => {
      const level = this.flashing.get(code);
      return level ? [{ geometry, color: palette.alert[level], partner: contrastPartner(palette.alert[level]) }] : [];
    });
    this.areaPulse.setAreas(areas);
  }

  /** The most severe unacknowledged alert of a grid on the active boards, if any. */
  private worstOn(code: string): AlertLevel | undefined {
    let worst: AlertLevel | undefined;
    for (const id of this.byGrid.get(code) ?? []) {
      const alert = this.alerts.get(id);
      if (!alert || alert.acknowledged || !this.scene.boards.includes(alert.board)) continue;
      if (!worst || ALERT_LEVELS.indexOf(alert.level) < ALERT_LEVELS.indexOf(worst)) worst = alert.level;
    }
    return worst;
  }

  /** Recomputes the flashing of these grids (their most severe unacknowledged alert). */
  private reflash(codes: Set<string>): void {
    if (!codes.size) return;
    const mosaic = this.mosaic.layer;
    const removed: string[] = [];
    for (const code of codes) {
      const level = this.worstOn(code);
      if (level === this.flashing.get(code)) continue;
      if (level) this.flashing.set(code, level);
      else this.flashing.delete(code);
      const index = this.gridIndex(code);
      if (index !== undefined) mosaic?.setAlert(index, level ? ALERT_LEVELS.indexOf(level) : undefined);
      if (this.outlined.delete(code)) removed.push(code);
    }
    mosaic?.changed();
    if (removed.length) void this.source(ALERT_AREA_SOURCE)?.updateData({ remove: removed });
    if (removed.length) this.drawAreas();
    this.outlineWaiting();
    this.flash.update(this.flashing.size > 0);
  }

  /** Grid tiles arrived: flashing grids without an outline may have one now (checked once per frame). */
  private readonly onSourceData = (event: { sourceId?: string; tile?: unknown }): void => {
    const finest = this.scene.index?.finest;
    if (!finest || event.sourceId !== sourceId(finest) || !event.tile || this.outlineFrame || this.outlined.size === this.flashing.size) return;
    this.outlineFrame = requestAnimationFrame(() => {
      this.outlineFrame = 0;
      this.outlineWaiting();
    });
  };

  /**
   * Draws the outlines of flashing grids whose tiles have loaded. Not where the grid tiles are not
   * drawn (the city view: the mosaic flashes the grids there): no tile is loaded to look in.
   */
  private readonly outlineWaiting = (): void => {
    const map = this.map;
    const source = this.source(ALERT_AREA_SOURCE);
    const index = this.scene.index;
    const finest = index?.finest;
    if (!map || !source || !finest || !map.getSource(sourceId(finest))) return;
    if (!layerShownAt(map.getLayer(lineLayerId(finest)), map.getZoom()) && !layerShownAt(map.getLayer(fillLayerId(finest)), map.getZoom())) return;
    const add: Feature[] = [];
    for (const [code, level] of this.flashing) {
      const grid = this.gridIndex(code);
      if (this.outlined.has(code) || grid === undefined) continue;
      const outline = loadedOutline(map, sourceId(finest), this.scene.hierarchy?.sourceLayers[finest], index.idOf(finest, grid));
      if (!outline) continue;
      this.outlined.set(code, outline.geometry);
      add.push(alertAreaFeature(code, level, outline.geometry));
    }
    if (!add.length) return;
    void source.updateData({ remove: add.map((f) => f.id!), add });
    showOverlay(map, [ALERT_AREA_HALO, ALERT_AREA_LINE]);
    this.drawAreas();
  };

  private gridIndex(code: string): number | undefined {
    const index = this.scene.index;
    const info = index?.get(code);
    return info && info.level === index!.finest ? info.index : undefined;
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map?.getSource(id) as GeoJSONSource | undefined;
  }
}

/** The level-coloured paint property of each kind of alert layer (the markers' icons are redrawn instead). */
const COLOR_PROPERTY: Partial<Record<string, string>> = { line: 'line-color' };
