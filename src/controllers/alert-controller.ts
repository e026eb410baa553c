import type { Feature } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import {
  ALERT_AREA_SOURCE,
  ALERT_PULSE,
  ALERT_SOURCE,
  alertAreaFeature,
  alertAreaLayers,
  alertFeature,
  alertIcons,
  alertMarkerLayers,
  emptySource,
} from '../layers/alert-layers.js';
import { sourceId, labelLayerId } from '../layers/area-layers.js';
import type { GridMosaicLayer } from '../layers/grid-mosaic-layer.js';
import { loadedOutline } from '../layers/highlight-layer.js';
import { putIcons } from '../layers/icons.js';
import type { MapPalette } from '../layers/status-paint.js';
import { ALERT_LEVELS, alertProblem, compareAlerts, type Alert, type AlertAction, type AlertLevel, type LiveAlert } from '../model/alert.js';
import type { AreaIndex } from '../model/area-index.js';
import { codeToId } from '../model/codes.js';
import type { GmErrorReason } from '../event-types.js';
import { FlashController } from './flash-controller.js';

export interface AlertHost {
  index(): AreaIndex | undefined;
  mosaic(): GridMosaicLayer | undefined;
  /** The grid level's source layer (vector tiles), for reading loaded outlines. */
  gridSourceLayer(): string | undefined;
  palette(): MapPalette;
  reducedMotion(): boolean;
  report(reason: GmErrorReason, detail: Record<string, unknown>): void;
  /** An alert changed: the map fires `gm-alert`. */
  changed(alert: LiveAlert, action: AlertAction): void;
  /** A new emergency was raised (the map flies to it with `autofocus-alerts`). */
  raisedEmergency(alert: LiveAlert): void;
}

/** At most this many refused alerts are listed in one `gm-error`. */
const LISTED = 20;

/**
 * The live alerts of a map (紧急情况闪烁报警): markers, flashing grids (outlines from the loaded grid
 * tiles above the mosaic's zoom, the mosaic's alert texture below it) and the pulse. Every change
 * touches only the alert's own marker and grid: O(changed), no boundary re-sent or re-tiled.
 */
export class AlertController {
  private readonly alerts = new Map<string, LiveAlert>();
  /** Alerts raised before the area index arrived: placed once it has. */
  private waiting: Alert[] = [];
  private map?: MaplibreMap;
  /** The flashing grids, by code: the level of their most severe unacknowledged alert. */
  private readonly flashing = new Map<string, AlertLevel>();
  /** Flashing grids whose outline is on the map (the others wait for their tiles). */
  private readonly outlined = new Set<string>();
  private readonly flash: FlashController;

  constructor(private readonly host: AlertHost) {
    this.flash = new FlashController({ mosaic: () => host.mosaic(), reducedMotion: () => host.reducedMotion() });
  }

  /** The alerts, in the alert list's order (pinned, level, newest); copies. */
  list(): LiveAlert[] {
    return [...this.alerts.values()].sort(compareAlerts).map((a) => ({ ...a }));
  }

  get(id: string): LiveAlert | undefined {
    const alert = this.alerts.get(id);
    return alert && { ...alert };
  }

  /** Draws on this map (none while it is being removed). */
  bindMap(map: MaplibreMap | undefined): void {
    this.map?.off('idle', this.outlineWaiting);
    this.map = map;
    this.outlined.clear();
    map?.on('idle', this.outlineWaiting);
    this.flash.bindMap(map);
  }

  /** (Re-)adds the sources and layers after the hierarchy's; every alert is drawn anew. */
  install(): void {
    const map = this.map;
    if (!map) return;
    const palette = this.host.palette();
    putIcons(map, alertIcons(palette));
    for (const id of [ALERT_AREA_SOURCE, ALERT_SOURCE]) if (!map.getSource(id)) map.addSource(id, emptySource());
    const beforeLabels = map.getLayer(labelLayerId('grid')) ? labelLayerId('grid') : undefined;
    for (const layer of alertAreaLayers(palette)) if (!map.getLayer(layer.id)) map.addLayer(layer, beforeLabels);
    for (const layer of alertMarkerLayers(palette)) if (!map.getLayer(layer.id)) map.addLayer(layer);
    this.outlined.clear();
    this.source(ALERT_SOURCE)?.setData({ type: 'FeatureCollection', features: [...this.alerts.values()].map(alertFeature) });
    this.source(ALERT_AREA_SOURCE)?.setData({ type: 'FeatureCollection', features: [] });
    for (const [code, level] of this.flashing) this.host.mosaic()?.setAlert(this.gridIndex(code)!, ALERT_LEVELS.indexOf(level));
    this.outlineWaiting();
    this.flash.update(this.flashing.size > 0);
  }

  /** Re-colours after a theme change. */
  applyPalette(): void {
    const map = this.map;
    if (!map?.getLayer(ALERT_PULSE)) return;
    const palette = this.host.palette();
    putIcons(map, alertIcons(palette));
    for (const layer of [...alertAreaLayers(palette), ...alertMarkerLayers(palette)]) {
      const property = COLOR_PROPERTY[layer.type];
      const color = property && (layer.paint as Record<string, unknown> | undefined)?.[property];
      if (color) map.setPaintProperty(layer.id, property as never, color as never);
    }
  }

  /** The area index arrived: alerts raised before it are placed now. */
  attach(): void {
    const waiting = this.waiting;
    this.waiting = [];
    if (waiting.length) this.raise(waiting);
    for (const [code, level] of this.flashing) this.host.mosaic()?.setAlert(this.gridIndex(code)!, ALERT_LEVELS.indexOf(level));
    this.host.mosaic()?.changed();
  }

  /** Raises new alerts or updates known ones (by id); invalid ones are reported and skipped. */
  raise(alerts: Iterable<Alert>): void {
    const index = this.host.index();
    const refused: { id: unknown; problem: string }[] = [];
    const unknown: string[] = [];
    const touched = new Set<string>();
    for (const alert of alerts) {
      const problem = alertProblem(alert);
      if (problem) {
        refused.push({ id: (alert as Partial<Alert>)?.id, problem });
        continue;
      }
      if (alert.gridCode !== undefined && !index) {
        this.waiting.push({ ...alert });
        continue;
      }
      const grid = alert.gridCode === undefined ? undefined : index?.get(alert.gridCode);
      if (alert.gridCode !== undefined && grid?.level !== 'grid') {
        unknown.push(alert.gridCode);
        continue;
      }
      const previous = this.alerts.get(alert.id);
      const live: LiveAlert = { ...alert, lngLat: alert.lngLat ?? grid!.label, acknowledged: previous?.acknowledged ?? false };
      this.alerts.set(alert.id, live);
      if (previous?.gridCode) touched.add(previous.gridCode);
      if (live.gridCode) touched.add(live.gridCode);
      this.host.changed({ ...live }, previous ? 'update' : 'raise');
      if (!previous && live.level === 'emergency') this.host.raisedEmergency({ ...live });
      this.drawMarker(live.id);
    }
    this.reflash(touched);
    if (refused.length) this.host.report('invalid-alert', { count: refused.length, items: refused.slice(0, LISTED) });
    if (unknown.length) this.host.report('unknown-code', { count: unknown.length, items: unknown.slice(0, LISTED) });
  }

  /** Stops an alert's flashing; its marker stays. False (and a `gm-error`) for an unknown id. */
  acknowledge(id: string): boolean {
    const alert = this.alerts.get(id);
    if (!alert) return this.unknownAlert(id);
    if (alert.acknowledged) return true;
    alert.acknowledged = true;
    this.drawMarker(id);
    this.reflash(new Set(alert.gridCode ? [alert.gridCode] : []));
    this.host.changed({ ...alert }, 'acknowledge');
    return true;
  }

  /** Removes an alert (marker and flashing). False (and a `gm-error`) for an unknown id. */
  resolve(id: string): boolean {
    const alert = this.alerts.get(id);
    if (!alert) return this.unknownAlert(id);
    this.alerts.delete(id);
    this.drawMarker(id);
    this.reflash(new Set(alert.gridCode ? [alert.gridCode] : []));
    this.host.changed({ ...alert }, 'resolve');
    return true;
  }

  /** prefers-reduced-motion changed. */
  motionChanged(): void {
    this.flash.update(this.flashing.size > 0);
  }

  dispose(): void {
    this.flash.dispose();
  }

  private unknownAlert(id: string): false {
    this.host.report('unknown-alert', { count: 1, items: [String(id)] });
    return false;
  }

  private drawMarker(id: string): void {
    const alert = this.alerts.get(id);
    const source = this.source(ALERT_SOURCE);
    if (!source) return;
    void source.updateData(alert ? { remove: [id], add: [alertFeature(alert)] } : { remove: [id] });
  }

  /** Recomputes the flashing of these grids (their most severe unacknowledged alert). */
  private reflash(codes: Set<string>): void {
    if (!codes.size) return;
    const worst = new Map<string, AlertLevel>();
    for (const alert of this.alerts.values()) {
      if (alert.acknowledged || !alert.gridCode || !codes.has(alert.gridCode)) continue;
      const current = worst.get(alert.gridCode);
      if (!current || ALERT_LEVELS.indexOf(alert.level) < ALERT_LEVELS.indexOf(current)) worst.set(alert.gridCode, alert.level);
    }
    const mosaic = this.host.mosaic();
    const removed: string[] = [];
    for (const code of codes) {
      const level = worst.get(code);
      if (level === this.flashing.get(code)) continue;
      if (level) this.flashing.set(code, level);
      else this.flashing.delete(code);
      const index = this.gridIndex(code);
      if (index !== undefined) mosaic?.setAlert(index, level ? ALERT_LEVELS.indexOf(level) : undefined);
      if (this.outlined.delete(code)) removed.push(code);
    }
    mosaic?.changed();
    if (removed.length) void this.source(ALERT_AREA_SOURCE)?.updateData({ remove: removed });
    this.outlineWaiting();
    this.flash.update(this.flashing.size > 0);
  }

  /** Draws the outlines of flashing grids whose tiles have loaded since (runs when the map is idle). */
  private readonly outlineWaiting = (): void => {
    const map = this.map;
    const source = this.source(ALERT_AREA_SOURCE);
    if (!map || !source || !map.getSource(sourceId('grid'))) return;
    const add: Feature[] = [];
    for (const [code, level] of this.flashing) {
      if (this.outlined.has(code)) continue;
      const outline = loadedOutline(map, sourceId('grid'), this.host.gridSourceLayer(), codeToId(code));
      if (!outline) continue;
      this.outlined.add(code);
      add.push(alertAreaFeature(code, level, outline.geometry));
    }
    if (add.length) void source.updateData({ remove: add.map((f) => f.id!), add });
  };

  private gridIndex(code: string): number | undefined {
    const info = this.host.index()?.get(code);
    return info?.level === 'grid' ? info.index : undefined;
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map?.getSource(id) as GeoJSONSource | undefined;
  }
}

/** The level-coloured paint property of each kind of alert layer (the markers' icons are redrawn instead). */
const COLOR_PROPERTY: Partial<Record<string, string>> = { fill: 'fill-color', line: 'line-color', circle: 'circle-stroke-color' };
