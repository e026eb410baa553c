import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { ALERT_PULSE } from '../layers/alert-layers.js';
import { DISPATCH_LABELS, DISPATCH_LINES, DISPATCH_RINGS, DISPATCH_SOURCE, dispatchLayers } from '../layers/dispatch-layers.js';
import { showOverlay } from '../layers/overlay-layers.js';
import type { MapPalette } from '../layers/status-paint.js';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The dispatch drawing (lines to the chosen staff, reach rings) of `showDispatch()`; one at a time. */
export class DispatchController {
  private map?: MaplibreMap;
  private shown: FeatureCollection = EMPTY;

  constructor(private readonly palette: () => MapPalette) {}

  bindMap(map: MaplibreMap | undefined): void {
    this.map = map;
  }

  /** (Re-)adds the source and layers, under the alert markers, with what is shown. */
  install(): void {
    const map = this.map;
    if (!map) return;
    if (!map.getSource(DISPATCH_SOURCE)) map.addSource(DISPATCH_SOURCE, { type: 'geojson', data: this.shown });
    const before = map.getLayer(ALERT_PULSE) ? ALERT_PULSE : undefined;
    for (const layer of dispatchLayers(this.palette())) if (!map.getLayer(layer.id)) map.addLayer(layer, before);
    this.draw();
  }

  show(data: FeatureCollection): void {
    this.shown = data;
    this.draw();
  }

  hide(): void {
    this.show(EMPTY);
  }

  private draw(): void {
    const map = this.map;
    (map?.getSource(DISPATCH_SOURCE) as GeoJSONSource | undefined)?.setData(this.shown);
    if (map && this.shown.features.length) showOverlay(map, [DISPATCH_RINGS, DISPATCH_LINES, DISPATCH_LABELS]);
  }
}
