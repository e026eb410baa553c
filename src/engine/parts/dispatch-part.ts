import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { DISPATCH_LAYERS, DISPATCH_SOURCE, dispatchData, dispatchLayers, REACH_MINUTES } from '../../layers/dispatch-layers.js';
import { DEFAULT_DETOUR, DEFAULT_SPEED_KMH, type NearestStaff, type NearestStaffOptions } from '../../model/staff-index.js';
import { showOverlay } from '../../layers/overlay-layers.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { translationFor } from '../../i18n/localize.js';
import { levelOfCode } from '../../model/codes.js';
import { listed } from '../../model/error-report.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';
import type { AlertsPart } from './alerts-part.js';
import type { StaffPart } from './staff-part.js';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * 就近力量调度: the nearest staff of the staff layers to an alert, an area or a point, and the
 * dispatch drawing (lines to the chosen staff, reach rings); one dispatch at a time.
 */
export class DispatchPart implements MapPart {
  private map?: MaplibreMap;
  private shown: FeatureCollection = EMPTY;

  constructor(
    private readonly scene: Scene,
    private readonly alerts: AlertsPart,
    private readonly staffLayers: () => StaffPart[],
  ) {}

  /**
   * The staff nearest to a target (an alert id, an area code, or a [lng, lat] point), nearest
   * first, with estimated travel minutes; a spatial index per layer answers it. Empty for an
   * unknown target (with `gm-error`).
   */
  nearestStaff(target: string | [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    const point = this.targetPoint(target);
    if (!point) return [];
    return this.staffLayers()
      .flatMap((layer) => layer.nearest(point, options))
      .sort((a, b) => a.distanceKm - b.distanceKm)
      .slice(0, Math.max(0, options.count ?? 5));
  }

  /**
   * Draws the dispatch for an alert: lines to the nearest staff (`options.count`, default 3) and the
   * rings reached in 1, 5 and 15 minutes. Returns the staff chosen; empty (and `gm-error`) for an
   * unknown alert.
   */
  showFor(alertId: string, options: NearestStaffOptions = {}): NearestStaff[] {
    const alert = this.alerts.get(alertId);
    if (!alert) {
      this.scene.report('unknown-alert', listed([alertId]));
      return [];
    }
    const chosen = this.nearestStaff(alert.lngLat, { count: 3, ...options });
    this.show(alert.lngLat, chosen, options, translationFor(this.scene.lang).reach);
    return chosen;
  }

  /** Puts the source and layers on the scene's map, with what is shown. */
  attach(scene: AttachedScene): void {
    this.map = scene.map;
    scene.map.addSource(DISPATCH_SOURCE, { type: 'geojson', data: this.shown });
    scene.slots.add('dispatch', dispatchLayers(scene.palette));
    this.draw();
  }

  detach(): void {
    this.map = undefined;
  }

  paletteChanged(palette: MapPalette): void {
    const map = this.map;
    if (!map) return;
    for (const layer of dispatchLayers(palette)) {
      for (const [key, value] of Object.entries(layer.paint ?? {})) map.setPaintProperty(layer.id, key as never, value as never);
    }
  }

  /**
   * Draws lines from `center` to the chosen staff and the rings reached in 1, 5 and 15 minutes at
   * the options' speed and detour, each labelled by `label(minutes)`. One dispatch at a time.
   */
  show(center: [number, number], chosen: NearestStaff[], options: NearestStaffOptions, label: (minutes: number) => string): void {
    const kmPerMinute = (options.speedKmh ?? DEFAULT_SPEED_KMH) / 60 / (options.detour ?? DEFAULT_DETOUR);
    const rings = REACH_MINUTES.map((minutes) => ({ minutes, radiusKm: minutes * kmPerMinute, label: label(minutes) }));
    this.shown = dispatchData(center, rings, chosen.map((c) => ({ id: c.staff.id, lngLat: c.staff.lngLat, minutes: c.minutes })));
    this.draw();
  }

  hide(): void {
    this.shown = EMPTY;
    this.draw();
  }

  /** The point of an alert id, an area code or a [lng, lat]; undefined (and gm-error) when unknown. */
  private targetPoint(target: string | [number, number]): [number, number] | undefined {
    if (Array.isArray(target)) {
      if (target.length >= 2 && target.every(Number.isFinite)) return [target[0], target[1]];
      this.scene.report('invalid-update', listed([String(target)]));
      return undefined;
    }
    const point = this.alerts.get(target)?.lngLat ?? this.scene.index?.get(target)?.label;
    if (!point) this.scene.report(levelOfCode(target) ? 'unknown-code' : 'unknown-alert', listed([target]));
    return point;
  }

  private draw(): void {
    const map = this.map;
    (map?.getSource(DISPATCH_SOURCE) as GeoJSONSource | undefined)?.setData(this.shown);
    if (map && this.shown.features.length) showOverlay(map, DISPATCH_LAYERS);
  }
}
