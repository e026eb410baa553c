import { html, type PropertyDeclaration, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { ContextProvider } from '@lit/context';
import { GmElement } from '../../gm-element.js';
import { mapContext } from '../../controllers/map-context.js';
import type { GmErrorReason, GmSelectDetail } from '../../event-types.js';
import type { Alert, LiveAlert } from '../../model/alert.js';
import type { SearchEntry } from '../../model/search-index.js';
import { AlertController } from '../../controllers/alert-controller.js';
import { DispatchController } from '../../controllers/dispatch-controller.js';
import { dispatchData, REACH_MINUTES } from '../../layers/dispatch-layers.js';
import { DEFAULT_DETOUR, DEFAULT_SPEED_KMH, type NearestStaff, type NearestStaffOptions } from '../../model/staff-index.js';
import { HierarchyController } from '../../controllers/hierarchy-controller.js';
import { MapController } from '../../controllers/map-controller.js';
import { SelectionController } from '../../controllers/selection-controller.js';
import { StatusController } from '../../controllers/status-controller.js';
import { readPalette } from '../../controllers/theme-palette.js';
import type { MapPalette } from '../../layers/status-paint.js';
import { translationFor } from '../../i18n/localize.js';
import { isBoard, parseBoards, type Board } from '../../model/board.js';
import { ancestorAt, BOUNDARY_LEVELS, levelOfCode } from '../../model/codes.js';
import type { GridStatus, StatusUpdate } from '../../model/grid-status.js';
import type { Manifest } from '../../model/manifest.js';
import { mapStyles } from './map.styles.js';

/** An alert is flown to at this zoom (or closer): its grid and the streets around it. */
const ALERT_ZOOM = 14;

/** Pixels kept free around the city when a new hierarchy is fitted into the map. */
const FIT_PADDING = 20;

/** How many distinct error messages are shown at once. */
const MAX_MESSAGES = 3;

/** The values `theme` and `detail` take; others are reported and the previous value kept. */
const THEMES = ['light', 'dark', 'screen'] as const;
const DETAILS = ['auto', 'grid'] as const;

/**
 * @summary The grid map: districts, towns, communities and grids with status colours, drill-down
 * and level of detail, on MapLibre GL, fully offline.
 *
 * @event gm-ready - Every level of the loaded hierarchy is drawn, with its initial statuses.
 * @event {{ code: string, level: AreaLevel, name: string }} gm-select - The user selected an area (click, Enter, Escape/Backspace to go up). Not fired when `selected` is set by code.
 * @event {{ code: string, level: AreaLevel, name: string } | null} gm-hover - The area under the pointer changed.
 * @event {{ center: [number, number], zoom: number, bounds: [number, number, number, number], level: BoundaryLevel }} gm-view-change - The view settled after a move (the user's, a drill-down's or `flyToArea`'s).
 * @event {{ reason: string, detail: object }} gm-error - Something could not be loaded or applied; the map kept its last good state.
 * @event {{ loaded: number, total: number }} gm-progress - Loading progress, in steps.
 * @event {{ count: number }} gm-status-change - Statuses or the active boards changed what is shown (once per frame at most).
 * @event {{ alert: LiveAlert, action: 'raise' | 'update' | 'acknowledge' | 'resolve' }} gm-alert - An alert changed (by a method call or a `<gm-live>` feed).
 *
 * @slot - Data layers (`<gm-sites>`, …): they get the map, boards and theme from this element.
 * @slot top-left - Controls in the top-left corner. Likewise `top-right`, `bottom-left`, `bottom-right`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart map - The MapLibre container (focusable; arrow keys pan, Enter selects, Escape goes up).
 * @csspart progress - The loading indicator.
 * @csspart message - The polite error messages (the latest distinct ones), with their dismiss button.
 *
 * @cssproperty --gm-status-normal - Fill of normal grids. Likewise `--gm-status-attention`, `-warning`, `-emergency`, `-unknown`.
 * @cssproperty --gm-map-no-data - Fill of areas whose status is not known yet.
 * @cssproperty --gm-map-background - Behind the areas.
 * @cssproperty --gm-outline-district - District outlines. Likewise `--gm-outline-town`, `-community`, `-grid`.
 * @cssproperty --gm-highlight - Hovered area outline.
 * @cssproperty --gm-selected - Selected area outline.
 * @cssproperty --gm-label-color - Area labels; `--gm-label-halo` their halo, `--gm-label-scale` their size factor.
 * @cssproperty --gm-fill-opacity - Opacity of the status fills.
 * @cssproperty --gm-font-family - Font of the element's own text.
 * @cssproperty --gm-board-party - Colour of the party-building board (site icons); likewise `--gm-board-economy`, `-livelihood`, `-safety`.
 * @cssproperty --gm-cluster-color - Clusters of data-layer points.
 * @cssproperty --gm-panel-background - Popups and panels; `--gm-panel-color` their text.
 * @cssproperty --gm-fence-restricted - Restricted electronic fences (`<gm-fences>`); `--gm-fence-watch` watch fences.
 * @cssproperty --gm-alert-emergency - Flashing grids and markers of emergency alerts; likewise `--gm-alert-warning`, `-attention`.
 */
export class GmMap extends GmElement {
  static override styles = mapStyles;

  private readonly statuses = new StatusController(
    (reason, detail) => this.fail(reason, detail),
    (count) => this.emit('gm-status-change', { count }),
  );
  private readonly hierarchy: HierarchyController;
  private readonly selection: SelectionController;
  private readonly alertController: AlertController;
  private readonly dispatch = new DispatchController(() => readPalette(this));
  private readonly mapController: MapController;
  private readonly motionQuery = matchMedia('(prefers-reduced-motion: reduce)');
  /** The map, boards and palette for the data layers inside (see MapHandle). */
  private readonly handle = new ContextProvider(this, { context: mapContext, initialValue: undefined });
  private resolveReady?: () => void;
  /** A manifest is being read: the map waits for it (see MapController.ensureMap). */
  private readingManifest = false;
  /** Resolves once the current `src` or `boundaries` is drawn (gm-ready). */
  ready: Promise<void> = this.nextReady();

  @query('.map') private mapContainer!: HTMLElement;

  @state() private progress?: { loaded: number; total: number };
  /** Distinct error reasons since the last dismiss, newest last (a few, not a log). */
  @state() private messages: GmErrorReason[] = [];

  /** URL of a data manifest (see docs/data.md). */
  @property() src = '';
  /** The hierarchy as a manifest-shaped object, GeoJSON inline or by URL; used when `src` is empty. */
  @property({ attribute: false }) boundaries?: Partial<Manifest>;
  /** `light`, `dark` or `screen` (a wall display: dark, high contrast, larger labels). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'screen' = 'light';
  /** Comma list of the active boards (party, economy, livelihood, safety); empty means all. Reflected, so controls can follow it. */
  @property({ reflect: true }) boards = '';
  /** Code of the selected area; empty for the whole city. Reflects user selections. */
  @property({ reflect: true }) selected = '';
  /** `zh-CN` or `en`: the language of the element's own text. */
  @property({ reflect: true }) override lang = 'zh-CN';
  /** A MapLibre style URL to draw under the areas. Default none: fully offline. */
  @property() basemap = '';
  /** `grid` shows the whole grid mosaic at every zoom (a wall screen's view); `auto` picks the level by zoom and selection. */
  @property() detail: 'auto' | 'grid' = 'auto';
  /** Flies to each new emergency alert as it is raised (a wall screen's behaviour). */
  @property({ type: Boolean, attribute: 'autofocus-alerts' }) autofocusAlerts = false;
  /** Keeps the drawn frame readable (screenshots, pixel tests), at a small cost in speed. */
  @property({ type: Boolean, attribute: 'preserve-drawing-buffer' }) preserveDrawingBuffer = false;

  /** Seconds a data file may take before its load fails as unreachable (`gm-error`), so a stalled server never leaves the screen loading forever. */
  @property({ type: Number, attribute: 'load-timeout' }) loadTimeout = 30;

  constructor() {
    super();
    this.hierarchy = new HierarchyController({
      statuses: this.statuses,
      palette: () => readPalette(this),
      report: (reason, detail) => this.fail(reason, detail),
      manifestSettled: () => {
        this.readingManifest = false;
        this.mapController.ensureMap();
      },
      progress: (loaded, total) => {
        this.progress = loaded < total ? { loaded, total } : undefined;
        this.emit('gm-progress', { loaded, total });
      },
      installed: (manifest) => {
        this.selection.refresh();
        this.alertController.install();
        this.dispatch.install();
        // A map made anew after a lost context keeps the view it had (once: a new src is fitted again).
        const restored = this.mapController.takeRestoredView();
        if (!this.selected && !restored) this.getMap()?.fitBounds(manifest.bounds, { padding: FIT_PADDING, duration: 0 });
      },
      fittedZoom: (manifest) => (this.selected ? undefined : this.getMap()?.cameraForBounds(manifest.bounds, { padding: FIT_PADDING })?.zoom),
      indexed: () => this.selected && this.selection.select(this.selected, false),
      coloured: () => this.alertController.attach(),
      loadTimeoutMs: () => Math.max(1, this.loadTimeout) * 1000,
      ready: () => {
        this.emit('gm-ready', {});
        this.resolveReady?.();
        this.resolveReady = undefined;
      },
    });
    this.selection = new SelectionController({
      index: () => this.hierarchy.index,
      sourceLayers: () => this.hierarchy.sourceLayers(),
      mosaic: () => this.hierarchy.mosaic.layer,
      city: () => ({ code: this.hierarchy.manifest?.code ?? '', name: this.hierarchy.manifest?.name ?? this.t.city, bounds: this.hierarchy.manifest?.bounds }),
      gridDetail: () => this.detail === 'grid',
      selectedByUser: (detail) => {
        this.selected = detail.level === 'city' ? '' : detail.code;
        this.emit('gm-select', detail);
      },
      hovered: (detail) => this.emit('gm-hover', detail),
      reducedMotion: () => this.motionQuery.matches,
    });
    this.alertController = new AlertController({
      index: () => this.hierarchy.index,
      mosaic: () => this.hierarchy.mosaic.layer,
      gridSourceLayer: () => this.hierarchy.sourceLayers().grid,
      palette: () => readPalette(this),
      activeBoards: () => this.activeBoards,
      reducedMotion: () => this.motionQuery.matches,
      report: (reason, detail) => this.fail(reason, detail),
      changed: (alert, action) => this.emit('gm-alert', { alert, action }),
      raisedEmergency: (alert) => this.autofocusAlerts && this.flyToPoint(alert.lngLat),
    });
    // Data layers inside report their own gm-error; the map shows it with its own messages.
    this.addEventListener('gm-error', (event) => event.target !== this && this.showMessage(event.detail.reason));
    this.mapController = new MapController(this, {
      container: () => this.mapContainer,
      mapOptions: () => ({
        preserveDrawingBuffer: this.preserveDrawingBuffer,
        basemap: this.basemap || undefined,
      }),
      onLoad: (map) => {
        this.selection.bindMap(map);
        this.alertController.bindMap(map);
        this.dispatch.bindMap(map);
        this.hierarchy.bindMap(map);
        map.on('moveend', () => this.emitViewChange(map));
        this.provideHandle();
      },
      onRemove: () => {
        this.statuses.dispose();
        this.hierarchy.bindMap(undefined);
        this.selection.bindMap(undefined);
        this.alertController.bindMap(undefined);
        this.dispatch.bindMap(undefined);
        this.provideHandle(true);
      },
      onFailure: (error) => this.fail('webgl-unavailable', { message: error.message }),
      deferred: () => this.readingManifest,
    });
  }

  private get t() {
    return translationFor(this.lang);
  }

  /** The system's reduced-motion setting changed (listened to only while connected: the document keeps a listened-to query, and with it this element, alive). */
  private readonly onMotionChange = () => this.alertController.motionChanged();

  override connectedCallback(): void {
    super.connectedCallback();
    this.motionQuery.addEventListener('change', this.onMotionChange);
    // A load cut short by a disconnect starts again; a finished one is re-installed on the new map.
    const input = this.src || this.boundaries;
    if (this.hasUpdated && input && !this.hierarchy.manifest) this.load(input);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.motionQuery.removeEventListener('change', this.onMotionChange);
    this.hierarchy.dispose();
  }

  /**
   * A new `src` or `boundaries` makes a new `ready` at once, so that `map.src = url; await
   * map.ready` waits for that url even on a map that was ready before.
   */
  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    if ((name === 'src' || name === 'boundaries') && !this.resolveReady) this.ready = this.nextReady();
    super.requestUpdate(name, oldValue, options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // An unknown theme or detail is reported and the previous one kept (the last good state).
    for (const [name, allowed] of [['theme', THEMES], ['detail', DETAILS]] as const) {
      if (!changed.has(name) || (allowed as readonly string[]).includes(this[name])) continue;
      this.fail('invalid-attribute', { name, value: String(this[name]).slice(0, 80), allowed });
      (this as Record<string, unknown>)[name] = changed.get(name) ?? allowed[0];
    }
    if (changed.has('src') || changed.has('boundaries')) {
      const input = this.src || this.boundaries;
      // `ready` was renewed when src or boundaries changed (requestUpdate).
      if (input) this.load(input);
    }
    if (changed.has('boards')) {
      const { boards, unknown } = parseBoards(this.boards);
      if (unknown.length) this.fail('invalid-board', { count: unknown.length, items: unknown });
      this.statuses.setActiveBoards(boards);
      if (changed.get('boards') !== undefined) {
        this.provideHandle();
        this.alertController.boardsChanged();
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const map = this.getMap();
    if (changed.has('theme') && changed.get('theme') !== undefined && map) {
      const palette = readPalette(this);
      this.hierarchy.applyPalette(palette);
      this.alertController.applyPalette();
      this.provideHandle(false, palette);
    }
    if (changed.has('detail') && changed.get('detail') !== undefined) this.selection.refresh();
    if (changed.has('selected') && this.selected !== this.selection.selected) {
      if (this.selected && !levelOfCode(this.selected)) this.fail('unknown-code', { count: 1, items: [this.selected] });
      else if (this.hierarchy.index) this.selection.select(this.selected, false);
    }
  }

  private load(input: string | object): void {
    // Only the first map waits for its manifest; a map on screen keeps drawing while the next loads.
    this.readingManifest = !this.getMap();
    void this.hierarchy.load(input);
  }

  /**
   * Gives the data layers the current map (none while it is being removed), boards and palette.
   * The palette object is kept until the theme changes: a layer redraws its icons (and fences
   * their layers) when it gets a new one, which a board change must not cause.
   */
  private provideHandle(removing = false, palette?: MapPalette): void {
    const map = removing ? undefined : this.getMap();
    const previous = this.handle.value;
    const kept = palette ?? (previous && previous.map === map ? previous.palette : readPalette(this));
    this.handle.setValue(map ? { map, boards: this.activeBoards, palette: kept } : undefined);
  }

  private nextReady(): Promise<void> {
    return new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** The MapLibre map (an escape hatch): undefined until the element is connected and rendered and its data manifest read. */
  getMap(): MaplibreMap | undefined {
    return this.mapController.map;
  }

  /** Applies grid status changes ({code, status, board?}); areas above roll up. Drawn at the next frame. */
  setStatuses(updates: Iterable<StatusUpdate>): void {
    this.statuses.setStatuses(updates);
  }

  /** Moves the view to any area by code (district, town, community or grid). */
  flyToArea(code: string): boolean {
    const info = this.hierarchy.index?.get(code);
    if (!info) {
      this.fail('unknown-code', { count: 1, items: [code] });
      return false;
    }
    this.selection.flyTo(info);
    return true;
  }

  /**
   * Raises an alert (紧急报警), or several: its grid flashes and a marker pulses at its point until
   * acknowledged. Raising a known id updates that alert. Invalid alerts fire `gm-error`.
   */
  raiseAlert(alert: Alert | Iterable<Alert>): void {
    this.alertController.raise(Symbol.iterator in Object(alert) ? (alert as Iterable<Alert>) : [alert as Alert]);
  }

  /** Stops an alert's flashing; its marker stays. Returns false for an unknown id. */
  acknowledgeAlert(id: string): boolean {
    return this.alertController.acknowledge(id);
  }

  /** Removes an alert from the map. Returns false for an unknown id. */
  resolveAlert(id: string): boolean {
    return this.alertController.resolve(id);
  }

  /** The live alerts (copies; on every board, also those not drawn for the active boards), pinned first, then by level, then newest. */
  get alerts(): LiveAlert[] {
    return this.alertController.list();
  }

  /** Moves the view to an alert's marker. Returns false for an unknown id. */
  flyToAlert(id: string): boolean {
    const alert = this.alertController.get(id);
    if (!alert) {
      this.fail('unknown-alert', { count: 1, items: [id] });
      return false;
    }
    this.flyToPoint(alert.lngLat);
    return true;
  }

  /**
   * The areas from the district down to the area `code` (town › community › grid for a grid),
   * named; empty before the area index is loaded or for an unknown code.
   */
  areaPath(code: string): GmSelectDetail[] {
    const index = this.hierarchy.index;
    const level = levelOfCode(code);
    if (!index || !level) return [];
    return BOUNDARY_LEVELS.slice(0, BOUNDARY_LEVELS.indexOf(level) + 1).flatMap((l) => {
      const info = index.get(ancestorAt(code, l));
      return info ? [{ code: info.code, level: info.level, name: info.name }] : [];
    });
  }

  /**
   * 就近力量调度: the staff of the `<gm-staff>` layers inside this map nearest to a target (an
   * alert id, an area code, or a [lng, lat] point), nearest first, with estimated travel minutes.
   * A spatial index answers it, so it stays fast with 20,000 people. Empty for an unknown target
   * (with `gm-error`).
   */
  nearestStaff(target: string | [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    const point = this.targetPoint(target);
    if (!point) return [];
    return [...this.querySelectorAll('gm-staff')]
      // A <gm-staff> tag whose element is not registered (not imported) has no index to ask.
      .flatMap((layer) => (typeof layer.nearest === 'function' ? layer.nearest(point, options) : []))
      .sort((a, b) => a.distanceKm - b.distanceKm)
      .slice(0, Math.max(0, options.count ?? 5));
  }

  /**
   * Draws the dispatch for an alert: lines to the nearest staff (`options.count`, default 3) and
   * the rings reached in 1, 5 and 15 minutes at `options.speedKmh`. Returns the staff chosen.
   * One dispatch is shown at a time; `hideDispatch()` clears it.
   */
  showDispatch(alertId: string, options: NearestStaffOptions = {}): NearestStaff[] {
    const alert = this.alertController.get(alertId);
    if (!alert) {
      this.fail('unknown-alert', { count: 1, items: [alertId] });
      return [];
    }
    const chosen = this.nearestStaff(alert.lngLat, { count: 3, ...options });
    const kmPerMinute = (options.speedKmh ?? DEFAULT_SPEED_KMH) / 60 / (options.detour ?? DEFAULT_DETOUR);
    const rings = REACH_MINUTES.map((minutes) => ({ minutes, radiusKm: minutes * kmPerMinute, label: this.t.reach(minutes) }));
    this.dispatch.show(dispatchData(alert.lngLat, rings, chosen.map((c) => ({ id: c.staff.id, lngLat: c.staff.lngLat, minutes: c.minutes }))));
    return chosen;
  }

  /** Clears the dispatch drawing. */
  hideDispatch(): void {
    this.dispatch.hide();
  }

  /** The point of an alert id, an area code or a [lng, lat]; undefined (and gm-error) when unknown. */
  private targetPoint(target: string | [number, number]): [number, number] | undefined {
    if (Array.isArray(target)) {
      if (target.length >= 2 && target.every(Number.isFinite)) return [target[0], target[1]];
      this.fail('invalid-update', { count: 1, items: [String(target)] });
      return undefined;
    }
    const alert = this.alertController.get(target);
    if (alert) return alert.lngLat;
    const area = this.hierarchy.index?.get(target);
    if (area) return area.label;
    this.fail(levelOfCode(target) ? 'unknown-code' : 'unknown-alert', { count: 1, items: [target] });
    return undefined;
  }

  /** Moves the view to a point, at street level (zoom 14 or closer). */
  flyToPoint(lngLat: [number, number]): void {
    const map = this.getMap();
    const zoom = Math.max(map?.getZoom() ?? 0, ALERT_ZOOM);
    map?.flyTo({ center: lngLat, zoom, duration: this.motionQuery.matches ? 0 : undefined });
  }

  /**
   * Grids per shown status (the worst over the active boards) inside an area, by default the
   * selected one (or the whole city); undefined before the statuses are loaded.
   */
  statusCounts(code: string = this.selected): Record<GridStatus, number> | undefined {
    return this.statuses.statusStore?.gridTally(code);
  }

  /**
   * An area's status as the map holds it: with `board`, a grid's status on that board; without,
   * the shown status (for a grid the worst over the active boards, for an area above the worst of
   * its grids). Undefined for an unknown code, or before the statuses are loaded. Changes set by
   * `setStatuses()` read back at once, before they are drawn.
   */
  statusOf(code: string, board?: Board): GridStatus | undefined {
    const store = this.statuses.statusStore;
    const info = this.hierarchy.index?.get(code);
    if (!store || !info) return undefined;
    if (board === undefined) return store.shownStatus(info.level, info.index);
    const grid = store.gridIndexOf(code);
    return grid !== undefined && isBoard(board) ? store.boardStatus(grid, board) : undefined;
  }

  /** Grids per status on each of the four boards inside an area (default: the selection, or the city); undefined before the statuses are loaded. */
  boardStatusCounts(code: string = this.selected): Record<Board, Record<GridStatus, number>> | undefined {
    return this.statuses.statusStore?.boardTally(code);
  }

  /**
   * What `<gm-search>` searches: every area (name, code, label point) and the items of the
   * `<gm-sites>` and `<gm-staff>` inside (by name, at their position). Empty before the index.
   */
  searchEntries(): SearchEntry[] {
    const index = this.hierarchy.index;
    if (!index) return [];
    const areas = BOUNDARY_LEVELS.flatMap((level) => {
      const names = index.names(level);
      return index.codes(level).map((code, i) => ({ kind: level, id: code, code, name: String(names[i]) }));
    });
    const items = (['site', 'staff'] as const).flatMap((kind) =>
      [...this.querySelectorAll(kind === 'site' ? 'gm-sites' : 'gm-staff')].flatMap((layer) =>
        typeof layer.all === 'function'
          ? layer.all().map((item) => ({ kind, id: item.id, code: item.gridCode ?? '', name: String(item.name), lngLat: item.lngLat }))
          : [],
      ),
    );
    return [...areas, ...items];
  }

  /** The city's name (the manifest's), or the localized word for "city" before it is read. */
  get cityName(): string {
    return this.hierarchy.manifest?.name ?? this.t.city;
  }

  /** The active boards. */
  get activeBoards(): Board[] {
    return parseBoards(this.boards).boards;
  }

  private emitViewChange(map: MaplibreMap): void {
    const { lng, lat } = map.getCenter();
    const bounds = map.getBounds();
    this.emit('gm-view-change', {
      center: [lng, lat],
      zoom: map.getZoom(),
      bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
      level: this.selection.shownLevel,
    });
  }

  private fail(reason: GmErrorReason, detail: Record<string, unknown>): void {
    this.showMessage(reason);
    if (this.progress) this.progress = undefined;
    this.emit('gm-error', { reason, detail });
  }

  /** Shows a polite message for an error (the map's own, or a data layer's inside it). */
  private showMessage(reason: GmErrorReason): void {
    this.messages = [...this.messages.filter((r) => r !== reason), reason].slice(-MAX_MESSAGES);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      event.preventDefault();
      this.selection.up();
    } else if (event.key === 'Enter' || event.key === ' ') {
      const map = this.getMap();
      if (!map) return;
      event.preventDefault();
      const canvas = map.getCanvas();
      this.selection.selectAt([canvas.clientWidth / 2, canvas.clientHeight / 2]);
    }
  }

  override render() {
    const t = this.t;
    const progress = this.progress;
    return html`
      <div part="base" class="base">
        <div part="map" class="map" role="application" aria-label=${t.mapLabel} @keydown=${this.onKeyDown}></div>
        <div class="corner top-left"><slot name="top-left"></slot></div>
        <div class="corner top-right"><slot name="top-right"></slot></div>
        <div class="corner bottom-left"><slot name="bottom-left"></slot></div>
        <div class="corner bottom-right"><slot name="bottom-right"></slot></div>
        <div part="progress" class="progress" role="progressbar" ?hidden=${!progress}
          aria-valuemin="0" aria-valuemax=${progress?.total ?? 0} aria-valuenow=${progress?.loaded ?? 0}>
          ${progress ? t.loading(progress.loaded, progress.total) : ''}
          <div class="progress__bar" style="width: ${progress ? (100 * progress.loaded) / progress.total : 0}%"></div>
        </div>
        <div part="message" class="message" role="status" aria-live="polite" ?hidden=${!this.messages.length}>
          <span>${this.messages.map((reason) => html`<span class="message__line">${t.errors[reason]}</span>`)}</span>
          <button type="button" @click=${() => (this.messages = [])}>${t.dismiss}</button>
        </div>
        <slot></slot>
      </div>
    `;
  }
}
