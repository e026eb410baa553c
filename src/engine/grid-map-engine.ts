import type { Map as MaplibreMap, PointLike } from 'maplibre-gl';
import { areaSourceLayers } from '../layers/area-layers.js';
import type { Alert } from '../model/alert.js';
import { listed } from '../model/error-report.js';
import { CodeColumn } from '../model/code-column.js';
import type { MapItem } from '../model/map-item.js';
import type { MapPalette } from '../layers/status-paint.js';
import { StatusSnapshot } from '../model/status-snapshot.js';
import type { Board } from '../model/board.js';
import { finestLevel, topLevel, type Manifest } from '../model/manifest.js';
import type { StatusTable } from '../model/status-table.js';
import type { GmErrorReason } from '../event-types.js';
import { searchEntries, type SearchEntry } from '../model/search-index.js';
import type { Site } from '../model/site.js';
import type { Staff } from '../model/staff.js';
import type { PointLayerPart } from './parts/point-layer-part.js';
import type { StaffPart } from './parts/staff-part.js';
import type { EventsPart } from './parts/events-part.js';
import { Emitter } from '../internal/emitter.js';
import type { EngineEventMap } from './engine-events.js';
import { HierarchyFileError, HierarchyFiles, OriginRefused, revokeBlobs, type Settled } from './hierarchy-files.js';
import { checkArchiveLayers, pmtilesReady } from './pmtiles-protocol.js';
import { cityPadding, viewOf, type SidePanel } from './camera.js';
import { LayerSlots } from './layer-slots.js';
import { MapBinding, type MapOptions } from './map-binding.js';
import { chooseWorkerUrl, WORKER_CHECK_MS, workerFound } from './maplibre-worker.js';
import type { MapPart } from './map-part.js';
import { Scene, type AttachedScene, type MapDetail } from './scene.js';
import { AlertsPart } from './parts/alerts-part.js';
import { AreaPart } from './parts/area-part.js';
import { DispatchPart } from './parts/dispatch-part.js';
import { FirstPaintPart } from './parts/first-paint-part.js';
import { SettlePart } from './parts/settle-part.js';
import { GridMosaicPart } from './parts/grid-mosaic-part.js';
import { LabelGlyphsPart } from './parts/label-glyphs-part.js';
import { SelectionPart } from './parts/selection-part.js';
import { StatusPart } from './parts/status-part.js';
import { WorkOrdersPart } from './parts/work-orders-part.js';
import { WorkOrderDesk } from './work-order-desk.js';

/** What a view sets on its engine (see GridMapEngine.configure). */
export interface EngineSettings extends Partial<MapOptions> {
  loadTimeoutMs?: number;
  lang?: string;
  /** The city's name when the manifest has none (the view's word for "city"). */
  cityFallbackName?: string;
  autofocusAlerts?: boolean;
  /** The origins the manifest, its files and the data layers' `src` may come from; undefined: any. */
  allowedOrigins?: ReadonlySet<string>;
  /** Where MapLibre's worker is served, when not beside the library's modules (maplibre-worker.ts). */
  workerUrl?: string;
  /** The view's corner panels over the map, read when the whole city is fitted (kept clear of it). */
  sidePanels?: () => readonly SidePanel[];
}

/** Pixels kept free around the city when a new hierarchy is fitted into the map. */
const FIT_PADDING = 20;

/**
 * The grid map's machinery, with no element around it: the MapLibre map in a container it is
 * mounted in, the loaded hierarchy (manifest, area index, sources, mosaic) and the view's settings
 * (palette, boards, language, motion) in one `Scene`, and a list of parts (map-part.ts) that each
 * draw one concern in their slot of the stacking order (layer-slots.ts). The load is one method;
 * what happens is told as typed events (engine-events.ts). `<gm-map>` is a view over it: attributes
 * and methods to engine calls, engine events to DOM events.
 *
 * The load belongs to the engine, not to the view's place in the page: unmounting (the element
 * left the page, or moved) removes the MapLibre map but not the load, and the next mount draws
 * whatever the load has reached.
 */
export class GridMapEngine extends Emitter<EngineEventMap> {
  readonly scene: Scene;
  readonly areas = new AreaPart();
  readonly statuses: StatusPart;
  readonly mosaic: GridMosaicPart;
  readonly firstPaint: FirstPaintPart;
  /** Holds the frames after a move until the new view's tiles are in. */
  readonly settle: SettlePart;
  readonly selection: SelectionPart;
  readonly alerts: AlertsPart;
  readonly dispatch: DispatchPart;
  readonly labels: LabelGlyphsPart;
  /** 闭环派单: the work orders on the map. */
  readonly workOrders: WorkOrdersPart;
  /** The operators' actions (work orders, alerts), on their way to the relay. */
  readonly desk: WorkOrderDesk;
  /** Every part: the built-in ones in the order they are attached and told of changes, then the added ones (data layers). */
  private readonly parts: MapPart[];
  private readonly builtIn: number;
  private readonly binding = new MapBinding(
    { bound: (map) => this.bound(map), unbound: (map) => this.unbound(map), failed: (error) => this.scene.report('webgl-unavailable', { message: error.message }) },
    () => this.mapOptions,
  );
  private mapOptions: MapOptions = { preserveDrawingBuffer: false };
  private workerUrl?: string;
  private loading?: AbortController;
  /** Runs once the loaded hierarchy is drawn (gm-ready); kept until a map is bound to draw it on. */
  private onDrawn?: () => void;

  constructor() {
    super();
    const scene = (this.scene = new Scene(this, {
      raiseAlerts: (alerts: Iterable<Alert>) => this.alerts.raise(alerts),
      alert: (id: string) => this.alerts.get(id),
      gridAt: (lngLat: [number, number]) => {
        const grid = this.mosaic.layer?.gridAt(lngLat, true);
        return grid === undefined ? undefined : this.scene.index?.codes(this.scene.index.finest).at(grid);
      },
      positionsChanged: (from: object, items: readonly MapItem[]) => {
        for (const part of this.parts) if (part !== from) part.positionsChanged?.(items);
      },
      itemAt: (point: PointLike) => this.parts.some((part) => part.itemAt?.(point)),
      clicked: (from: object) => {
        for (const part of this.parts) part.clicked?.(from);
      },
      focus: (code: string) => this.selection.focus(code),
    }));
    this.statuses = new StatusPart(scene);
    this.mosaic = new GridMosaicPart(scene, this.statuses);
    this.firstPaint = new FirstPaintPart(this.areas);
    this.settle = new SettlePart(this.areas, this.firstPaint);
    this.selection = new SelectionPart(scene, this.mosaic);
    this.alerts = new AlertsPart(scene, this.mosaic);
    this.dispatch = new DispatchPart(scene, this.alerts, () => this.dataLayers<StaffPart>('staff'));
    this.labels = new LabelGlyphsPart(scene);
    this.workOrders = new WorkOrdersPart(scene, () => this.dataLayers<StaffPart>('staff'));
    this.desk = new WorkOrderDesk(scene, this.workOrders, this.alerts, (id) => this.dataLayers<EventsPart>('event').map((layer) => layer.get(id)).find(Boolean));
    // The order parts are attached in: the areas first (the others read their sources), the data layers last.
    this.parts = [this.areas, this.statuses, this.mosaic, this.firstPaint, this.settle, this.selection, this.alerts, this.dispatch, this.workOrders, this.labels];
    this.builtIn = this.parts.length;
  }

  /** The MapLibre map, while one is made (an escape hatch: a new one after a re-mount or a lost context, see the `map` event). */
  get map(): MaplibreMap | undefined {
    return this.binding.map;
  }

  /** Draws into this container (in the view's shadow root), once a data manifest is read. */
  mount(container: HTMLElement): void {
    this.binding.mount(container);
  }

  /** Removes the MapLibre map (the view left the page); the load, the data and the parts stay for the next mount. */
  unmount(): void {
    this.binding.unmount();
  }

  /**
   * The view's settings: how the next map is made, how long a file may take, the language of the
   * engine's own text, where data may come from, whether new emergencies are flown to. Read when
   * used (a change applies to the next map, the next load, the next alert).
   */
  configure(settings: EngineSettings): void {
    const { scene } = this;
    this.mapOptions = { preserveDrawingBuffer: settings.preserveDrawingBuffer ?? false, basemap: settings.basemap, density: settings.density ?? 1 };
    scene.loadTimeoutMs = settings.loadTimeoutMs ?? scene.loadTimeoutMs;
    scene.lang = settings.lang ?? scene.lang;
    scene.cityFallbackName = settings.cityFallbackName ?? scene.cityFallbackName;
    scene.autofocusAlerts = settings.autofocusAlerts ?? false;
    scene.allowedOrigins = settings.allowedOrigins;
    this.workerUrl = settings.workerUrl;
    if (settings.sidePanels) scene.sidePanels = settings.sidePanels;
  }

  /** After the view has scaled the map's container to the configured density: the map follows (pixel ratio, size). */
  densityApplied(): void {
    this.binding.densityChanged();
  }

  setPalette(palette: MapPalette): void {
    this.scene.palette = palette;
    if (this.scene.map) for (const part of this.parts) part.paletteChanged?.(palette);
  }

  setBoards(boards: readonly Board[]): void {
    this.scene.boards = boards;
    for (const part of this.parts) part.boardsChanged?.(boards);
  }

  setDetail(detail: MapDetail): void {
    if (detail === this.scene.detail) return;
    this.scene.detail = detail;
    this.selection.refresh();
  }

  /** How areas above the grids are coloured (see StatusStore): the worst status held by at least this share of their children. */
  setRollUpShare(share: number): void {
    if (share === this.scene.rollUpShare) return;
    this.scene.rollUpShare = share;
    this.statuses.rollUpShareChanged();
  }

  setReducedMotion(reduced: boolean): void {
    this.scene.reducedMotion = reduced;
    for (const part of this.parts) part.motionChanged?.(reduced);
  }

  /** Adds a part (a data layer): it is attached to the current map, if any, and to every map after it. */
  addPart(part: MapPart): void {
    if (this.parts.includes(part)) return;
    this.parts.push(part);
    part.added?.(this.scene);
    part.boardsChanged?.(this.scene.boards);
    if (this.scene.map) part.attach(this.scene as AttachedScene);
  }

  /** Removes a part added with addPart() (its layers leave the map). */
  removePart(part: MapPart): void {
    const at = this.parts.indexOf(part);
    if (at < this.builtIn) return;
    this.parts.splice(at, 1);
    if (this.scene.map) part.detach();
  }

  /** The added parts of a kind (`site`, `staff`, `event`, `fence`), in the order they were added. */
  dataLayers<P extends MapPart & { kind: string }>(kind: string): P[] {
    return this.parts.slice(this.builtIn).filter((part) => (part as Partial<P>).kind === kind) as P[];
  }

  /** What a search searches: every area (name, code) and the items of the sites and staff layers (by name, at their position). Empty before the index. */
  searchEntries(): SearchEntry[] {
    return searchEntries(this.scene.index, (kind) => this.dataLayers<PointLayerPart<Site | Staff>>(kind));
  }

  /**
   * Loads a hierarchy from a manifest URL or a manifest-shaped object and puts it on the map; a
   * newer load aborts an older one, and one that fails keeps whatever was drawn before. Resolves
   * when done or failed (`ready` or `error` events).
   */
  async load(input: string | object): Promise<void> {
    this.loading?.abort();
    this.labels.stop();
    this.onDrawn = undefined;
    const { signal } = (this.loading = new AbortController());
    // Only the first map waits for its manifest; a map on screen keeps drawing while the next loads.
    this.binding.deferred = !this.binding.map;
    const files = new HierarchyFiles(input, signal, this.scene.loadTimeoutMs, (url) => this.scene.allows(url));
    // Checked while the manifest downloads; the first map is made only once a worker is found.
    const worker = this.binding.map ? Promise.resolve() : chooseWorkerUrl(this.workerUrl, Math.min(WORKER_CHECK_MS, this.scene.loadTimeoutMs));
    worker.catch(() => {});
    try {
      await this.read(files, signal, worker);
    } catch (error) {
      if (signal.aborted) return;
      this.manifestSettled();
      if (!(error instanceof HierarchyFileError)) throw error;
      const refused = error.problem instanceof OriginRefused ? { urls: error.problem.urls.slice(0, 20) } : {};
      this.scene.report(error.reason, { url: error.url, message: error.message, ...refused });
    }
  }

  /** The load's steps, in order; a step that fails throws a HierarchyFileError, except the index and statuses (reported, the load goes on). */
  private async read(files: HierarchyFiles, signal: AbortSignal, worker: Promise<unknown>): Promise<void> {
    const manifest = await files.manifest();
    if (signal.aborted) return;
    if (!(await workerFound(worker, (reason, detail) => this.scene.report(reason, detail))) || signal.aborted) return;
    this.manifestSettled();
    const total = manifest.data?.statuses ? 4 : 3;
    this.progress(1, total);
    // Everything downloads at once, in parallel with the boundaries and the outlines' tiles (which
    // the first paint waits for), and is applied as it comes in: when the index and statuses are in
    // before the outlines, the first frame painted has the colours too (docs/performance.md).
    const indexJson = files.indexJson(manifest);
    let indexed!: (codes: CodeColumn) => void;
    const gridCodes = new Promise<CodeColumn>((resolve) => (indexed = resolve));
    const statusesTable = files.statusesTable(manifest, () => gridCodes);
    const { boundaries, read } = files.boundaries(manifest);
    // A map with a city drawn keeps it until the next one is read (a broken file leaves it as it
    // was); a map with nothing drawn yet puts the levels on as they come, so MapLibre reads the
    // district and town outlines while the data worker still reads the grids.
    const early = !this.scene.hierarchy;
    if (!early) await read;
    if (signal.aborted) return revokeBlobs(boundaries);
    const preview = manifest.levels[topLevel(manifest)]!.preview;
    if (preview || !early) this.firstPaint.set(preview ?? boundaries.topRings);
    const protocol = pmtilesReady(manifest);
    if (protocol) void checkArchiveLayers(manifest, protocol, (level, detail) => !signal.aborted && this.scene.report('tiles-invalid', { source: `gm-${level}`, ...detail }));
    const scene = this.scene;
    if (scene.hierarchy) revokeBlobs(scene.hierarchy.boundaries);
    scene.hierarchy = { manifest, boundaries, sourceLayers: areaSourceLayers(manifest) };
    const drawn = boundaries.drawnMosaic;
    this.mosaic.reset(manifest.levels[finestLevel(manifest)]!.mosaic ?? drawn?.spec, drawn?.images);
    // The mosaic's image for the view the map will be fitted to, asked for now (the map is made, its
    // style not yet loaded): it is often the last thing the first paint waits for.
    const mosaicForFit = this.mosaic.fetchForView(this.fittedZoom(manifest));
    scene.filling = true;
    this.hierarchyChanged();
    // A plain-GeoJSON city's outlines sketched as soon as its top level is read: its grids take seconds.
    if (early && !preview) void boundaries.topRead.then((rings) => !signal.aborted && this.firstPaint.set(rings));
    if (early) {
      // Nothing was drawn before: a level that cannot be read is reported, and what was read stays.
      await read.catch((error: unknown) => {
        scene.filling = false;
        throw error;
      });
      if (signal.aborted) return;
    }
    if (boundaries.rejected.length) scene.report('boundaries-invalid', listed(boundaries.rejected));
    if (boundaries.sanitized.length) scene.report('invalid-feature', listed(boundaries.sanitized));

    const index = await this.readIndex(files, manifest, indexJson);
    if (signal.aborted) return;
    indexed(index?.codes(index.finest) ?? CodeColumn.from([]));
    this.progress(2, total);
    mark('indexed');
    const statuses = statusesTable && index ? await statusesTable : undefined;
    if (signal.aborted) return;
    // Nothing from here on changes the style (feature-state, the mosaic's image and ranks), so MapLibre
    // draws it all in the next frame: the first paint, when it is still held for the outlines.
    this.mosaic.setGridCount(index?.count(index.finest) ?? 0);
    if (index) {
      scene.hierarchy!.index = index;
      for (const part of this.parts) part.indexChanged?.();
    }
    if (statuses) {
      this.applySnapshot(statuses, manifest.data!.statuses!);
      this.progress(3, total);
      mark('statuses');
    }
    // The image the view wants (the one fetched for the fitted view, unless the view is another).
    const mosaicImage = this.mosaic.fetchForView() ?? mosaicForFit;
    if (mosaicImage) {
      await mosaicImage;
      if (signal.aborted) return;
      mark('mosaic');
    }
    scene.filling = false;
    this.statuses.flush();
    this.alerts.coloured();
    this.onDrawn = () => {
      if (signal.aborted) return;
      this.progress(total, total);
      mark('ready');
      scene.hierarchy?.boundaries.release();
      this.fire('ready', {});
      this.labels.draw();
      this.checkDuplicates(signal);
    };
    this.whenDrawn();
  }

  /** The area index (reported when it fails: the load goes on without it). */
  private async readIndex(files: HierarchyFiles, manifest: Manifest, json: ReturnType<HierarchyFiles["indexJson"]>) {
    try {
      const index = await files.index(manifest, json, this.scene.hierarchy!.boundaries.entries);
      if (index.cutNames.length) this.scene.report('name-too-long', listed(index.cutNames));
      return index;
    } catch (error) {
      if (error instanceof HierarchyFileError) this.scene.report(error.reason, { url: error.url, message: error.message });
      return undefined;
    }
  }

  private applySnapshot(statuses: Settled<StatusTable>, url: string): void {
    try {
      if ('error' in statuses) throw statuses.error;
      const { boards, statuses: names, table, rejected } = statuses.value;
      for (const [reason, detail] of Object.entries(rejected)) this.scene.report(reason as GmErrorReason, detail);
      this.statuses.setStatuses(StatusSnapshot.fromJson({ boards, statuses: names, grids: table }));
    } catch (error) {
      this.scene.report(new HierarchyFileError('statuses', url, error).reason, { url, message: (error as Error)?.message ?? String(error) });
    }
  }

  /** Reports duplicate codes of the index in idle time after the load (not checked while the first paint waits). */
  private checkDuplicates(signal: AbortSignal): void {
    requestIdleCallback(() => {
      const duplicates = signal.aborted ? [] : (this.scene.index?.duplicates() ?? []);
      if (duplicates.length) this.scene.report('duplicate-code', listed(duplicates));
    }, { timeout: 2000 });
  }

  /** The manifest was read, or could not be: the first map can be made. */
  private manifestSettled(): void {
    this.binding.deferred = false;
    this.binding.ensure();
  }

  private progress(loaded: number, total: number): void {
    this.fire('progress', { loaded, total });
  }

  /** A new hierarchy: the parts put it on the map (if one is bound), which is fitted to it and sketched. */
  private hierarchyChanged(): void {
    if (!this.scene.map) return;
    for (const part of this.parts) part.hierarchyChanged?.();
    this.hierarchyOnMap();
  }

  /** The hierarchy is on the map: fit the camera to the city, sketch the outlines in this frame, fetch the mosaic the view wants. */
  private hierarchyOnMap(): void {
    const manifest = this.scene.hierarchy?.manifest;
    // A map made anew after a lost context keeps the view it had (once: a new src is fitted again).
    const restored = this.binding.takeRestoredView();
    if (manifest && !this.selection.selected && !restored) this.map?.fitBounds(manifest.bounds, { padding: cityPadding(this.map, manifest.bounds, FIT_PADDING, this.scene.sidePanels()), duration: 0 });
    // The camera is fitted: the outlines are sketched in this frame, not MapLibre's next.
    this.firstPaint.sketch();
    void this.mosaic.fetchForView();
  }

  /** The zoom the map will be fitted to for this manifest (undefined when it keeps a view of its own). */
  private fittedZoom(manifest: Manifest): number | undefined {
    const map = this.map;
    return this.selection.selected || !map ? undefined : map.cameraForBounds(manifest.bounds, { padding: cityPadding(map, manifest.bounds, FIT_PADDING, this.scene.sidePanels()) })?.zoom;
  }

  /** A new map's style is loaded: every part goes on it, then the hierarchy as far as it is loaded. */
  private bound(map: MaplibreMap): void {
    const scene = this.scene;
    scene.map = map;
    scene.slots = new LayerSlots(map);
    map.on('moveend', this.onMoveEnd);
    for (const part of this.parts) part.attach(scene as AttachedScene);
    this.fire('map-change', { map });
    if (!scene.hierarchy) return;
    this.hierarchyOnMap();
    if (scene.index) {
      this.statuses.flush();
      this.alerts.coloured();
      this.labels.draw();
    }
    this.whenDrawn();
  }

  private unbound(map: MaplibreMap): void {
    map.off('moveend', this.onMoveEnd);
    for (const part of this.parts) part.detach();
    this.scene.map = undefined;
    this.scene.slots = undefined;
    this.fire('map-change', { map: undefined });
  }

  /** Calls `onDrawn` at the map's next idle after its first paint; the load can finish before the map exists. */
  private whenDrawn(): void {
    const map = this.map;
    if (!map || !this.onDrawn) return;
    map.once('idle', () => {
      if (map !== this.map) return;
      // MapLibre goes idle in a frame whose painting is held (first-paint-part.ts): not drawn yet.
      if (this.firstPaint.held) return this.whenDrawn();
      const onDrawn = this.onDrawn;
      this.onDrawn = undefined;
      onDrawn?.();
    });
    map.triggerRepaint();
  }

  private readonly onMoveEnd = () => {
    if (this.map) this.fire('view-change', viewOf(this.map, this.selection.shownLevel));
  };
}

/** A performance mark `gm:<step>` (the load's steps in DevTools' timeline and the benchmark's). */
function mark(step: string): void {
  performance.mark(`gm:${step}`);
}
