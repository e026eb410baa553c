import type { ErrorEvent, Map as MaplibreMap, GeoJSONSource, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { HIGHLIGHT_SOURCE, highlightLayers } from '../layers/highlight-layer.js';
import { areaLayers, areaSources, sourceId, withNumericIds } from '../layers/area-layers.js';
import type { MapPalette } from '../layers/status-paint.js';
import { AreaIndex } from '../model/area-index.js';
import { BOUNDARY_LEVELS, type BoundaryLevel } from '../model/codes.js';
import { resolveManifest, type Manifest } from '../model/manifest.js';
import { StatusSnapshot } from '../model/status-snapshot.js';
import { fetchJson, LoadError } from '../internal/fetch.js';
import { firstPaintHeld, holdFirstPaint } from './first-paint.js';
import { GridMosaicController } from './grid-mosaic-controller.js';
import { OutlinePreviewController } from './outline-preview-controller.js';
import { drawLabelGlyphs } from './label-glyphs.js';
import type { GmErrorReason } from '../event-types.js';
import type { SourceLayers, StatusController } from './status-controller.js';

export interface HierarchyHost {
  readonly statuses: StatusController;
  palette(): MapPalette;
  report(reason: GmErrorReason, detail: Record<string, unknown>): void;
  progress(loaded: number, total: number): void;
  /** The manifest was read, or could not be: the map can be made. */
  manifestSettled(): void;
  /** A new hierarchy is on the map (its index may still be loading). */
  installed(manifest: Manifest): void;
  /** The zoom `installed` will fit the map to, once the map is made (undefined when it keeps a view of its own). */
  fittedZoom(manifest: Manifest): number | undefined;
  indexed(index: AreaIndex): void;
  /** The initial statuses are applied (the grids can flash their alerts). */
  coloured(): void;
  ready(): void;
  /** How long a file may take before its load fails as unreachable (a stalled server). */
  loadTimeoutMs(): number;
}

/**
 * How long a new map's first paint may wait for its outlines (see holdFirstPaint);
 * past it, whatever has loaded is painted (a slow tile server still shows the map).
 */
const FIRST_PAINT_WAIT_MS = 2000;

/**
 * Loads a hierarchy (a manifest URL or a manifest-shaped object) and puts it on the map: one
 * source per level, its layers, the area index, the initial statuses. A load that fails keeps
 * whatever was drawn before; a newer load aborts an older one.
 */
export class HierarchyController {
  manifest?: Manifest;
  index?: AreaIndex;
  /** The grid level as one image for the city view, when the manifest has one. */
  readonly mosaic: GridMosaicController;
  /** The district outlines sketched while the map's first paint is held. */
  private readonly preview: OutlinePreviewController;
  private map?: MaplibreMap;
  private loading?: AbortController;
  private geojson: Partial<Record<BoundaryLevel, FeatureCollection>> = {};
  private reportedTiles = new Set<string>();
  /** Runs once the loaded hierarchy is drawn; kept until a map is bound to draw it on. */
  private onDrawn?: () => void;
  /** Stops the drawing of the label glyphs (see drawLabelGlyphs). */
  private glyphs?: AbortController;
  /** The loaded hierarchy's index, statuses and mosaic are still on their way (see install). */
  private filling = false;

  constructor(private readonly host: HierarchyHost) {
    this.mosaic = new GridMosaicController(host);
    this.preview = new OutlinePreviewController(host);
  }

  /** Loads from `src` (URL) or `boundaries` (object); resolves when done or failed. */
  async load(input: string | object): Promise<void> {
    this.loading?.abort();
    this.glyphs?.abort();
    this.onDrawn = undefined;
    const loading = (this.loading = new AbortController());
    const { signal } = loading;
    const base = typeof input === 'string' ? new URL(input, document.baseURI).href : document.baseURI;
    let manifest: Manifest;
    try {
      manifest = resolveManifest(typeof input === 'string' ? await fetchJson(base, signal, this.host.loadTimeoutMs()) : input, base);
    } catch (error) {
      if (signal.aborted) return;
      this.host.manifestSettled();
      this.reportLoad(error, 'manifest', base);
      return;
    }
    if (signal.aborted) return;
    this.host.manifestSettled();
    const withStatuses = Boolean(manifest.data?.statuses);
    const total = withStatuses ? 4 : 3;
    this.host.progress(1, total);
    const geojson = await this.loadGeoJson(manifest, signal);
    if (signal.aborted || !geojson) return;
    this.manifest = manifest;
    this.geojson = geojson;
    this.index = undefined;
    this.mosaic.reset(manifest.levels.grid.mosaic);
    // The mosaic's image for the view the map will be fitted to, asked for now (the map is made, its
    // style not yet loaded): it is often the last thing the first paint waits for.
    const mosaicForFit = this.mosaic.fetchForView(this.host.fittedZoom(manifest));
    // Everything downloads at once, in parallel with the outlines' tiles (which the map's first
    // paint waits for, see install), and is parsed as it comes in: when the index and statuses are
    // in before the outlines, the first frame painted has the colours too. This holds the outlines
    // up (~0.2–0.4 s in the benchmark: the two cores are shared) and brings gm-ready ~0.5 s sooner
    // than fetching them once the outlines are drawn (docs/performance.md). The mosaic's image is
    // asked for above, at high priority.
    const timeout = this.host.loadTimeoutMs();
    const indexJson = manifest.index ? settle(fetchJson(manifest.index, signal, timeout)) : undefined;
    const statusesJson = withStatuses ? settle(fetchJson(manifest.data!.statuses!, signal, timeout)) : undefined;
    this.preview.set(manifest.levels.district.preview, geojson.district);
    this.filling = true;
    this.install();
    this.host.installed(manifest);
    // The camera is fitted: the outlines are sketched in this frame, not MapLibre's next.
    this.preview.sketch();
    void this.mosaic.fetchForView();

    const index = await this.loadIndex(manifest, indexJson, signal);
    if (signal.aborted) return;
    this.host.progress(2, total);
    mark('indexed');
    const statuses = statusesJson && index ? await statusesJson : undefined;
    if (signal.aborted) return;

    // Nothing from here on changes the style (feature-state, the mosaic's image and ranks; the fills
    // and the mosaic layer are on the map since the install), so MapLibre draws it all in the next
    // frame: the first paint, when it is still held for the outlines (see install). The mosaic's
    // image (8 million pixels for the city) is often decoded last; the statuses do not wait for it.
    this.mosaic.setGridCount(index?.count('grid') ?? 0);
    if (index) {
      this.index = index;
      this.host.statuses.attach(index);
      this.host.indexed(index);
    }
    if (statuses) {
      try {
        if ('error' in statuses) throw statuses.error;
        this.host.statuses.setStatuses(StatusSnapshot.fromJson(statuses.value));
      } catch (error) {
        this.reportLoad(error, 'statuses', manifest.data!.statuses!);
      }
      this.host.progress(3, total);
      mark('statuses');
    }
    // The image the view wants (the one fetched for the fitted view, unless the view is another).
    const mosaicImage = this.mosaic.fetchForView() ?? mosaicForFit;
    if (mosaicImage) {
      await mosaicImage;
      if (signal.aborted) return;
      mark('mosaic');
    }
    this.filling = false;
    this.host.statuses.flush();
    this.host.coloured();
    this.onDrawn = () => {
      if (signal.aborted) return;
      this.host.progress(total, total);
      mark('ready');
      this.host.ready();
      this.drawGlyphs();
    };
    this.whenDrawn();
  }

  /** Binds to a (new) map: puts the current hierarchy on it. */
  bindMap(map: MaplibreMap | undefined): void {
    this.glyphs?.abort();
    this.map?.off('error', this.onMapError);
    this.map = map;
    if (!map) {
      this.mosaic.bindMap(undefined);
      this.preview.bindMap(undefined);
    }
    map?.on('error', this.onMapError);
    if (map && this.manifest) {
      this.install();
      this.host.installed(this.manifest);
      this.preview.sketch();
      void this.mosaic.fetchForView();
      if (this.index) {
        this.host.statuses.flush();
        this.host.coloured();
        this.drawGlyphs();
      }
      this.whenDrawn();
    }
  }

  /** Re-applies colours and sizes after a theme change. */
  applyPalette(palette: MapPalette): void {
    const map = this.map;
    if (!map || !this.manifest) return;
    this.mosaic.applyPalette(palette);
    this.preview.applyPalette();
    for (const layer of areaLayers(this.manifest, palette)) {
      const paint = (layer as { paint?: Record<string, unknown> }).paint ?? {};
      const layout = (layer as { layout?: Record<string, unknown> }).layout ?? {};
      for (const [key, value] of Object.entries(paint)) map.setPaintProperty(layer.id, key as never, value as never);
      for (const [key, value] of Object.entries(layout)) {
        if (key !== 'visibility') map.setLayoutProperty(layer.id, key as never, value as never);
      }
    }
  }

  dispose(): void {
    this.loading?.abort();
    this.bindMap(undefined);
  }

  /** The source layer of each level (undefined for GeoJSON sources), for feature-state. */
  sourceLayers(): SourceLayers {
    const levels = this.manifest?.levels;
    return Object.fromEntries(BOUNDARY_LEVELS.map((l) => [l, levels?.[l].tiles ? levels[l].sourceLayer ?? l : undefined]));
  }

  private install(): void {
    const map = this.map;
    const manifest = this.manifest;
    if (!map || !manifest) return;
    this.mosaic.detach();
    for (const layer of map.getStyle().layers) if (layer.id.startsWith('gm-')) map.removeLayer(layer.id);
    for (const id of Object.keys(map.getStyle().sources)) if (id.startsWith('gm-') && id !== HIGHLIGHT_SOURCE) map.removeSource(id);
    const sources = areaSources(manifest, this.geojson);
    const [highlightId, highlightSource] = highlightLayers(this.host.palette()).source;
    if (!map.getSource(highlightId)) sources.push([highlightId, highlightSource as SourceSpecification]);
    addUnvalidated(map, sources, areaLayers(manifest, this.host.palette()));
    this.reportedTiles.clear();
    this.host.statuses.bindMap(map, this.sourceLayers());
    this.mosaic.bindMap(map);
    // With the outlines sketched (see OutlinePreviewController), the first paint also waits for the
    // index, statuses and mosaic: one frame with everything, not one for the outlines and one more.
    holdFirstPaint(map, () => this.outlinesLoaded(map) && (!this.filling || !this.preview.sketching), FIRST_PAINT_WAIT_MS);
    this.preview.bindMap(map);
    // Here, not in load(): on a cold load the map's style is still loading when the load gets this far.
    mark('installed');
  }

  /**
   * Every level's polygons and names are loaded for the current view (a tile counts as loaded once
   * its labels are laid out). Waiting for the names too saves the frame that would add them after
   * the first paint: 3 interleaved runs each, cold load 1,762–1,893 ms without them against
   * 1,512–1,631 ms with them (docs/performance.md).
   */
  private outlinesLoaded(map: MaplibreMap): boolean {
    return BOUNDARY_LEVELS.every((level) => !map.getSource(sourceId(level)) || map.isSourceLoaded(sourceId(level)));
  }

  /** Draws the glyphs of every area name on the current map, in its idle periods (see drawLabelGlyphs). */
  private drawGlyphs(): void {
    this.glyphs?.abort();
    const { map, index } = this;
    if (!map || !index) return;
    this.glyphs = new AbortController();
    drawLabelGlyphs(map, BOUNDARY_LEVELS.map((level) => index.names(level)), this.glyphs.signal);
  }

  /** GeoJSON levels (URLs or objects), checked and given numeric ids; null after a reported failure. */
  private async loadGeoJson(manifest: Manifest, signal: AbortSignal) {
    const out: Partial<Record<BoundaryLevel, FeatureCollection>> = {};
    for (const level of BOUNDARY_LEVELS) {
      const spec = manifest.levels[level];
      if (spec.tiles || spec.geojson === undefined) continue;
      try {
        const json = typeof spec.geojson === 'string' ? await fetchJson(spec.geojson, signal, this.host.loadTimeoutMs()) : spec.geojson;
        const collection = json as FeatureCollection;
        if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
          throw new Error(`the ${level} boundaries are not a GeoJSON FeatureCollection`);
        }
        out[level] = collection;
      } catch (error) {
        if (!signal.aborted) this.reportLoad(error, 'boundaries', typeof spec.geojson === 'string' ? spec.geojson : level);
        return null;
      }
    }
    return out;
  }

  private async loadIndex(manifest: Manifest, json: Promise<Settled> | undefined, signal: AbortSignal): Promise<AreaIndex | undefined> {
    try {
      if (json) {
        const result = await json;
        if ('error' in result) throw result.error;
        return AreaIndex.fromJson(result.value);
      }
      const levels = BOUNDARY_LEVELS.every((l) => this.geojson[l]);
      if (!levels) throw new Error('tiled boundaries need an "index" (areas.json) in the manifest');
      const { index, rejected } = AreaIndex.fromFeatures(this.geojson as Record<BoundaryLevel, FeatureCollection>);
      if (rejected.length) this.host.report('boundaries-invalid', { count: rejected.length, items: rejected.slice(0, 20) });
      this.setGeoJsonIds(index);
      return index;
    } catch (error) {
      if (!signal.aborted) this.reportLoad(error, 'index', manifest.index ?? '');
      return undefined;
    }
  }

  /** GeoJSON sources get their data once the features are known good, with numeric ids. */
  private setGeoJsonIds(index: AreaIndex): void {
    for (const level of BOUNDARY_LEVELS) {
      const collection = this.geojson[level];
      if (!collection) continue;
      const valid = new Set(index.codes(level));
      const kept = { ...collection, features: collection.features.filter((f) => valid.has(String(f.properties?.code ?? f.id))) };
      this.geojson[level] = withNumericIds(kept);
      (this.map?.getSource(sourceId(level)) as GeoJSONSource | undefined)?.setData(this.geojson[level]!);
    }
  }

  /** Calls `onDrawn` at the map's next idle; the load can finish before the map exists. */
  private whenDrawn(): void {
    const map = this.map;
    if (!map || !this.onDrawn) return;
    map.once('idle', () => {
      if (map !== this.map) return;
      // MapLibre goes idle in a frame whose painting is held (first-paint.ts): not drawn yet.
      if (firstPaintHeld(map)) return this.whenDrawn();
      const onDrawn = this.onDrawn;
      this.onDrawn = undefined;
      onDrawn?.();
    });
    map.triggerRepaint();
  }

  private reportLoad(error: unknown, what: 'manifest' | 'boundaries' | 'index' | 'statuses', url: string): void {
    const message = (error as Error)?.message ?? String(error);
    const kind = error instanceof LoadError ? (error.kind === 'unreachable' ? 'unreachable' : 'invalid-json') : 'invalid';
    const reason = (what === 'manifest' ? `manifest-${kind}` : `${what}-${kind === 'unreachable' ? 'unreachable' : 'invalid'}`) as GmErrorReason;
    this.host.report(reason, { url, message });
  }

  private readonly onMapError = (event: ErrorEvent & { sourceId?: string }) => {
    const id = event.sourceId;
    if (!id?.startsWith('gm-') || this.reportedTiles.has(id)) return;
    this.reportedTiles.add(id);
    this.host.report('tiles-unreachable', { source: id, message: event.error?.message ?? '' });
  };
}

/** A performance mark `gm:<step>` (the load's steps in DevTools' timeline and the benchmark's). */
function mark(step: string): void {
  performance.mark(`gm:${step}`);
}

type Settled<T = unknown> = { value: T } | { error: unknown };

/** A promise that never rejects (it may be awaited late, after other failures were reported). */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

/**
 * Adds the hierarchy's sources and layers as Map.addSource/addLayer do, without MapLibre's check of
 * each against the style spec: every check serializes the whole style, so the ~30 of them cost
 * ~25 ms of the load's main thread in a profile (quadratic in the style's size). The specs are this
 * library's own (area-layers.ts), covered by its tests; the map's `validateStyle: false` only
 * applies to whole styles.
 */
function addUnvalidated(map: MaplibreMap, sources: [string, SourceSpecification][], layers: LayerSpecification[]): void {
  for (const [id, source] of sources) map.style.addSource(id, source, { validate: false });
  for (const layer of layers) map.style.addLayer(layer, undefined, { validate: false });
  map._update(true);
}
