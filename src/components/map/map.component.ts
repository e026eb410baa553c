import { html, type PropertyDeclaration, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { ContextProvider } from '@lit/context';
import { GmElement } from '../../gm-element.js';
import { mapContext } from '../../controllers/map-context.js';
import { MapEventsController } from '../../controllers/map-events-controller.js';
import { ReducedMotionController } from '../../controllers/reduced-motion-controller.js';
import { DensityController } from '../../controllers/density-controller.js';
import { OperatorActionsController } from '../../controllers/operator-actions-controller.js';
import type { ActionOutcome } from '../../engine/work-order-desk.js';
import { openOrderOf, type OperatorRequest, type WorkOrder } from '../../model/work-order.js';
import { GridMapEngine } from '../../engine/grid-map-engine.js';
import { flyToPoint, type SidePanel } from '../../engine/camera.js';
import { mapImage, printFrame, type MapImageOptions } from '../../engine/map-image.js';
import type { GmSelectDetail } from '../../event-types.js';
import { translationFor } from '../../i18n/localize.js';
import { readPalette } from '../../internal/theme-palette.js';
import { parseOrigins } from '../../internal/origins.js';
import type { Alert, LiveAlert } from '../../model/alert.js';
import { parseBoards, type Board } from '../../model/board.js';
import type { GridStatus, StatusUpdate } from '../../model/grid-status.js';
import type { Manifest } from '../../model/manifest.js';
import type { SearchEntry } from '../../model/search-index.js';
import { DEFAULT_ROLL_UP_SHARE } from '../../model/status-store.js';
import type { NearestStaff, NearestStaffOptions } from '../../model/staff-index.js';
import { mapStyles } from './map.styles.js';

/** The legend's rows in a picture of the map, worst first. */
const LEGEND_STATUSES = ['emergency', 'warning', 'attention', 'normal', 'unknown'] as const;

/** The values `theme` and `detail` take; others are reported and the previous value kept. */
const ALLOWED = { theme: ['light', 'dark', 'screen'], detail: ['auto', 'grid'] } as const;

/**
 * @summary The grid map: districts, towns, communities and grids with status colours, drill-down
 * and level of detail, on MapLibre GL, fully offline.
 *
 * A view over a `GridMapEngine` (src/engine/): its attributes and methods are engine calls, the
 * engine's events its DOM events.
 *
 * @event gm-ready - Every level of the loaded hierarchy is drawn, with its initial statuses.
 * @event {{ code: string, level: AreaLevel, name: string }} gm-select - The user selected an area (click, Enter, Escape/Backspace to go up). Not fired when `selected` is set by code.
 * @event {{ code: string, level: AreaLevel, name: string } | null} gm-hover - The area under the pointer changed.
 * @event {{ center: [number, number], zoom: number, bounds: [number, number, number, number], level: BoundaryLevel }} gm-view-change - The view settled after a move (the user's, a drill-down's or `flyToArea`'s).
 * @event {{ reason: string, detail: object }} gm-error - Something could not be loaded or applied; the map kept its last good state.
 * @event {{ loaded: number, total: number }} gm-progress - Loading progress, in steps.
 * @event {{ count: number }} gm-status-change - Statuses or the active boards changed what is shown (once per frame at most).
 * @event {{ alert: LiveAlert, action: 'raise' | 'update' | 'acknowledge' | 'resolve' }} gm-alert - An alert changed (by a method call or a `<gm-live>` feed).
 * @event {{ orders: WorkOrder[] }} gm-work-order-change - Work orders changed: published by the relay, shown as an action in flight will leave them, or put back after a refusal.
 * @event {{ action, order?, alert?, source?, assignees?, note?, key, current?, automatic? }} gm-work-order-action - An operator asked for an action (`requestAction()`, the lists' buttons, an assignee's arrival): cancellable; a listener that calls `preventDefault()` handles it itself, else it goes to the relay.
 * @event {{ source?: { kind, id }, order?: string }} gm-dispatch-request - An operator wants to choose whom to send (`requestDispatch()`, the alert list's and the event popup's dispatch buttons, a click on an alert's marker); `<gm-work-orders>` opens its dispatch panel.
 * @event {{ map: MaplibreMap | undefined }} gm-map-change - The MapLibre map was made anew (a lost WebGL context, a move in the page) or removed: a `getMap()` reference taken before is stale.
 *
 * @slot - Data layers (`<gm-sites>`, …): they get the map, boards and theme from this element.
 * @slot top-left - Controls in the top-left corner. Likewise `top-right`, `bottom-left`, `bottom-right`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart map - The MapLibre container (focusable; arrow keys pan, Enter selects, Escape goes up).
 * @csspart print-frame - The map's frame as printed (shown only in print: the WebGL canvas prints blank).
 * @csspart progress - The loading indicator.
 * @csspart message - The polite error messages (the latest distinct ones), with their dismiss button.
 *
 * @cssproperty --gm-status-normal - Fill of normal grids. Likewise `--gm-status-attention`, `-warning`, `-emergency`, `-unknown`.
 * @cssproperty --gm-map-no-data - Fill of areas whose status is not known yet.
 * @cssproperty --gm-map-background - Behind the areas.
 * @cssproperty --gm-outline-district - District outlines. Likewise `--gm-outline-town`, `-community`, `-grid`, `-microgrid`.
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

  /** The map's machinery (data layers and controls reach it through the map's context; an escape hatch for hosts). */
  readonly engine = new GridMapEngine();
  /** Gives the elements inside (data layers, controls, `<gm-live>`) this map. */
  protected readonly provider = new ContextProvider(this, { context: mapContext, initialValue: this });
  private readonly motion = new ReducedMotionController(this);
  private readonly densities = new DensityController(this);
  /** The density in force (`density` resolved for the element's size). */
  private scale = 1;
  private readonly events = new MapEventsController(this, this.engine);
  private readonly actions = new OperatorActionsController(this, this.engine);

  @query('.map') private mapContainer!: HTMLElement;
  @query('.progress__bar') private progressBar!: HTMLElement;

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
  /**
   * How a town, community or district is coloured in `detail="auto"`: the worst status that at least
   * this share of its grids hold or exceed (default 0.25, one in four: a healthy city is not
   * painted by its few orange grids); 0 shows the worst grid. A number from 0 to 1.
   */
  @property({ type: Number, attribute: 'roll-up-share' }) rollUpShare = DEFAULT_ROLL_UP_SHARE;
  /**
   * How large text, panels, markers, labels and lines are drawn, for a wall read from metres away:
   * `auto` (default) is 1 up to 1920×1080 and grows with the element's size (3840×2160: 2, in
   * quarter steps, at most 3); or a number from 0.5 to 4. The map shows the same area at any
   * density — only larger — and stays sharp (it draws at that many more pixels).
   */
  @property() density = 'auto';
  /** Flies to each new emergency alert as it is raised (a wall screen's behaviour). */
  @property({ type: Boolean, attribute: 'autofocus-alerts' }) autofocusAlerts = false;
  /** Keeps the drawn frame readable (screenshots, pixel tests), at a small cost in speed. */
  @property({ type: Boolean, attribute: 'preserve-drawing-buffer' }) preserveDrawingBuffer = false;
  /** Seconds a data file may take before its load fails as unreachable (`gm-error`), so a stalled server never leaves the screen loading forever. */
  @property({ type: Number, attribute: 'load-timeout' }) loadTimeout = 30;
  /** Where data may come from: origins (`https://gis.example.cn`, `self` for the page's), space- or comma-separated; empty: any. Others are refused (`gm-error` `origin-refused`). */
  @property({ attribute: 'allowed-origins' }) allowedOrigins = '';
  /** Where MapLibre's worker (`maplibre-gl-worker.mjs`) is served, when not beside the library's modules; one that does not answer with JavaScript ends the load with `gm-error` `worker-unreachable`. */
  @property({ attribute: 'worker-url' }) workerUrl = '';

  /** Resolves once the current `src` or `boundaries` is drawn (`gm-ready`). */
  get ready(): Promise<void> { return this.events.ready; }
  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.beforePrint);
    // Re-connected (moved in the page): a new map draws whatever the engine's load has reached.
    if (this.hasUpdated) this.mount();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.beforePrint);
    this.engine.unmount();
  }

  /** A new `src` or `boundaries` makes a new `ready` at once, so `map.src = url; await map.ready` waits for that url. */
  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    if (name === 'src' || name === 'boundaries') this.events?.renewReady();
    super.requestUpdate(name, oldValue, options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    for (const name of ['theme', 'detail'] as const) {
      if (!changed.has(name) || (ALLOWED[name] as readonly string[]).includes(this[name])) continue;
      // An unknown theme or detail is reported and the previous one kept (the last good state).
      this.events.fail('invalid-attribute', { name, value: String(this[name]).slice(0, 80), allowed: ALLOWED[name] });
      (this as Record<string, unknown>)[name] = changed.get(name) ?? ALLOWED[name][0];
    }
    this.resolveDensity(changed.has('density') ? changed.get('density') : undefined);
    const { engine } = this;
    engine.configure({
      preserveDrawingBuffer: this.preserveDrawingBuffer, basemap: this.basemap || undefined, loadTimeoutMs: Math.max(1, this.loadTimeout) * 1000,
      lang: this.lang, cityFallbackName: translationFor(this.lang).city, autofocusAlerts: this.autofocusAlerts, allowedOrigins: parseOrigins(this.allowedOrigins),
      workerUrl: this.workerUrl || undefined,
      sidePanels: () => this.sidePanels(),
      density: this.scale,
    });
    if (engine.scene.reducedMotion !== this.motion.reduced) engine.setReducedMotion(this.motion.reduced);
    if (changed.has('boards')) this.setBoards();
    if (changed.has('detail')) engine.setDetail(this.detail);
    if (changed.has('rollUpShare')) this.applyRollUpShare(changed.get('rollUpShare'));
    if ((changed.has('src') || changed.has('boundaries')) && (this.src || this.boundaries)) void engine.load(this.src || this.boundaries!);
  }

  protected override firstUpdated(): void {
    this.applyDensity();
    this.mount();
  }

  /** `density` for the element's size; a value that is not a density is reported and the previous one kept. */
  private resolveDensity(previous: string | undefined): void {
    const density = this.densities.resolve(this.density);
    if (density !== undefined) {
      this.scale = density;
      return;
    }
    this.events.fail('invalid-attribute', { name: 'density', value: String(this.density).slice(0, 80), allowed: ['auto', 'a number from 0.5 to 4'] });
    this.density = previous ?? 'auto';
  }

  /**
   * Scales the map's container and the corners by the density (CSSOM, so a strict CSP allows it):
   * the map lays out at 1/density of the element and is scaled up — MapLibre maps the pointer
   * through the transform — while it draws at density × the screen's pixels.
   */
  private applyDensity(): void {
    const scale = this.scale;
    const container = this.mapContainer.style;
    container.setProperty('width', scale === 1 ? '' : `${100 / scale}%`);
    container.setProperty('height', scale === 1 ? '' : `${100 / scale}%`);
    container.setProperty('transform', scale === 1 ? '' : `scale(${scale})`);
    this.renderRoot.querySelector<HTMLElement>('.base')!.style.setProperty('--gm-density', String(scale));
    this.engine.densityApplied();
  }

  /** A share outside 0…1 (or not a number) is reported and the previous one kept. */
  private applyRollUpShare(previous: number | undefined): void {
    const share = this.rollUpShare;
    if (Number.isFinite(share) && share >= 0 && share <= 1) return this.engine.setRollUpShare(share);
    this.events.fail('invalid-attribute', { name: 'roll-up-share', value: String(share).slice(0, 80), allowed: 'a number from 0 to 1' });
    this.rollUpShare = previous ?? DEFAULT_ROLL_UP_SHARE;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.applyDensity();
    // Through the CSSOM, not a style attribute: a strict CSP (style-src 'self') blocks those.
    const { progress } = this.events;
    this.progressBar.style.width = `${progress ? (100 * progress.loaded) / progress.total : 0}%`;
    if (changed.has('theme') && changed.get('theme') !== undefined) this.engine.setPalette(readPalette(this));
    // An unknown code is reported and the previous selection kept (the last good state).
    if (changed.has('selected') && this.selected !== this.engine.selection.selected && !this.engine.selection.selectCode(this.selected)) {
      this.selected = this.engine.selection.selected;
    }
  }

  /** Draws into the shadow root's container, in the theme's colours as they are now. */
  private mount(): void {
    this.engine.setPalette(readPalette(this));
    this.engine.mount(this.mapContainer);
  }

  private setBoards(): void {
    const { boards, unknown } = parseBoards(this.boards);
    if (unknown.length) this.events.fail('invalid-board', { count: unknown.length, items: unknown });
    this.engine.setBoards(boards);
  }

  /** The MapLibre map (an escape hatch): undefined until the element is connected and rendered and its data manifest read; a new one after a lost WebGL context. */
  getMap(): MaplibreMap | undefined { return this.engine.map; }

  /** Applies grid status changes ({code, status, board?}); areas above roll up. Drawn at the next frame. */
  setStatuses(updates: Iterable<StatusUpdate>): void { this.engine.statuses.setStatuses(updates); }

  /** Moves the view to any area by code (district, town, community or grid). */
  flyToArea(code: string): boolean { return this.engine.selection.flyToArea(code); }

  /** Raises an alert (紧急报警), or several: its grid flashes and a marker pulses until acknowledged; a known id is updated; invalid alerts fire `gm-error`. */
  raiseAlert(alert: Alert | Iterable<Alert>): void { this.engine.alerts.raise(Symbol.iterator in Object(alert) ? (alert as Iterable<Alert>) : [alert as Alert]); }

  /** Stops an alert's flashing; its marker stays. Returns false for an unknown id. */
  acknowledgeAlert(id: string): boolean { return this.engine.alerts.acknowledge(id); }

  /** Removes an alert from the map. Returns false for an unknown id. */
  resolveAlert(id: string): boolean { return this.engine.alerts.resolve(id); }

  /** The live alerts (copies; on every board, also those not drawn for the active boards), pinned first, then by level, then newest. */
  get alerts(): LiveAlert[] { return this.engine.alerts.list(); }

  /** Moves the view to an alert's marker and makes its grid the selection (`gm-select`: the breadcrumb and stats follow). Returns false for an unknown id. */
  flyToAlert(id: string): boolean { return this.engine.alerts.flyTo(id); }

  /** The areas from the district down to the area `code` (town › community › grid for a grid), named; empty before the area index is loaded or for an unknown code. */
  areaPath(code: string): GmSelectDetail[] { return this.engine.selection.areaPath(code); }

  /** 就近力量调度: the staff of the `<gm-staff>` layers inside nearest to an alert id, an area code or a [lng, lat], nearest first, with travel minutes (a k-d tree: fast with 20,000 people); empty and `gm-error` for an unknown target. */
  nearestStaff(target: string | [number, number], options: NearestStaffOptions = {}): NearestStaff[] { return this.engine.dispatch.nearestStaff(target, options); }

  /** Draws the dispatch for an alert: lines to the nearest staff (`options.count`, default 3), the rings reached in 1, 5 and 15 minutes at `options.speedKmh`; returns the staff chosen. One at a time: `hideDispatch()` clears it. */
  showDispatch(alertId: string, options: NearestStaffOptions = {}): NearestStaff[] { return this.engine.dispatch.showFor(alertId, options); }

  /** Clears the dispatch drawing. */
  hideDispatch(): void { this.engine.dispatch.hide(); }

  /** 闭环派单: the work orders (as shown: an action in flight applied), open ones first, then newest. */
  get workOrders(): WorkOrder[] { return this.engine.workOrders.list(); }

  /** A work order by id, as shown; undefined if unknown. */
  workOrder(id: string): WorkOrder | undefined { return this.engine.workOrders.get(id); }

  /** Adds or replaces work orders (whole, by id, as the relay publishes them; a `<gm-live>` feed does this); invalid ones fire `gm-error` `invalid-work-order`. */
  upsertWorkOrders(orders: Iterable<WorkOrder>): void { this.engine.workOrders.upsert(orders); }

  /** Removes work orders by id. */
  removeWorkOrders(ids: Iterable<string>): void { this.engine.workOrders.remove(ids); }

  /**
   * An operator's action: a work order's (`dispatch`, `accept`, `on-site`, `close`, `return`,
   * `escalate`), `open` for an alert or event, or an alert's `acknowledge`/`resolve`. Checked
   * against what the map shows (`gm-error` `action-invalid`), then fired as the cancellable
   * `gm-work-order-action`; unless a listener calls `preventDefault()`, sent to the relay through the
   * map's `<gm-live>` (queued while it is unreachable) — without one, alerts are acknowledged and
   * resolved on this map only. Resolves with what became of it (`done`, `refused`, `handled-by-host`).
   */
  requestAction(request: OperatorRequest): Promise<ActionOutcome> { return this.actions.request(request); }

  /**
   * Asks for the dispatch panel (a `<gm-work-orders>` for this map opens it) for an alert or an
   * event (`{kind, id}`: its order, if it has one, else a new one), or for an order by id.
   */
  requestDispatch(target: { kind: 'alert' | 'event'; id: string } | string): void {
    const order = typeof target === 'string' ? target : openOrderOf((id) => this.workOrder(id), target)?.id;
    this.emit('gm-dispatch-request', order ? { order } : { source: target as { kind: 'alert' | 'event'; id: string } });
  }

  /** Moves the view to a point, at street level (zoom 14 or closer). */
  flyToPoint(lngLat: [number, number]): void { flyToPoint(this.engine.scene, lngLat); }

  /** The panels in the corner slots, in pixels from the map's top-left corner (hidden ones left out). */
  private sidePanels(): SidePanel[] {
    const box = this.getBoundingClientRect();
    return (['top-left', 'bottom-left', 'top-right', 'bottom-right'] as const).flatMap((corner) => {
      const slot = this.renderRoot.querySelector<HTMLSlotElement>(`.${corner} slot`);
      return (slot?.assignedElements() ?? [])
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        // In the map's own pixels: its container is scaled up by the density.
        .map((r) => ({ side: corner.endsWith('left') ? ('left' as const) : ('right' as const), left: (r.left - box.left) / this.scale, top: (r.top - box.top) / this.scale, right: (r.right - box.left) / this.scale, bottom: (r.bottom - box.top) / this.scale }));
    });
  }

  /** Grids per shown status (the worst over the active boards) inside an area, by default the selected one (or the whole city); undefined before the statuses are loaded. */
  statusCounts(code: string = this.selected): Record<GridStatus, number> | undefined { return this.engine.statuses.statusStore?.gridTally(code); }

  /** An area's status as the map holds it: with `board` a grid's on that board, else the shown one (the worst over the active boards, rolled up); undefined for an unknown code or before the statuses; `setStatuses()` reads back at once. */
  statusOf(code: string, board?: Board): GridStatus | undefined { return this.engine.statuses.statusOf(code, board); }

  /** Grids per status on each of the four boards inside an area (default: the selection, or the city); undefined before the statuses are loaded. */
  boardStatusCounts(code: string = this.selected): Record<Board, Record<GridStatus, number>> | undefined { return this.engine.statuses.statusStore?.boardTally(code); }

  /** What `<gm-search>` searches: every area (name, code, label point) and the items of the `<gm-sites>` and `<gm-staff>` inside (by name, at their position). Empty before the index. */
  searchEntries(): SearchEntry[] { return this.engine.searchEntries(); }

  /** The city's name (the manifest's), or the localized word for "city" before it is read. */
  get cityName(): string { return this.engine.scene.city.name; }

  /** The active boards. */
  get activeBoards(): Board[] { return parseBoards(this.boards).boards; }

  /**
   * A PNG of the map as it is seen — the drawn frame on the theme's background — under a title band
   * (default: the shown area's name and the time) and with the legend (status colours and the shown
   * area's grid counts) unless `options` say otherwise; `scale` multiplies its pixels. Needs no
   * `preserve-drawing-buffer`. Rejects before the first map is made (wait for `ready`).
   */
  async toImage(options: MapImageOptions = {}): Promise<Blob> {
    const map = this.getMap();
    if (!map) throw new Error('<gm-map>: no map to draw yet (await map.ready)');
    const t = translationFor(this.lang);
    const style = getComputedStyle(this);
    const counts = this.statusCounts();
    const { status } = this.engine.scene.palette;
    return mapImage(map, {
      title: options.title ?? this.engine.selection.detailOf(this.selected).name,
      subtitle: new Date().toLocaleString(this.lang),
      legendTitle: t.controls.gridsByStatus,
      legend: options.legend === false ? [] : LEGEND_STATUSES.map((s) => ({ color: status[s], label: t.status[s], count: counts?.[s] })),
      background: style.getPropertyValue('--gm-map-background').trim() || 'white',
      panel: style.getPropertyValue('--gm-panel-background').trim() || 'white',
      text: style.getPropertyValue('--gm-panel-color').trim() || 'black',
      fontFamily: style.getPropertyValue('--gm-font-family').trim() || 'sans-serif',
    }, options.scale);
  }

  /** Printing: the WebGL canvas prints blank, so the current frame is copied into `print-frame` first. */
  private readonly beforePrint = (): void => {
    const map = this.getMap();
    const target = this.renderRoot.querySelector<HTMLCanvasElement>('.print-frame');
    if (map && target) printFrame(map, target);
  };

  override render() {
    const t = translationFor(this.lang);
    const { progress, messages } = this.events;
    return html`
      <div part="base" class="base">
        <div part="map" class="map" role="application" aria-label=${t.mapLabel} @keydown=${(e: KeyboardEvent) => this.engine.selection.keyboard(e.key) && e.preventDefault()}></div>
        <canvas part="print-frame" class="print-frame" aria-hidden="true"></canvas>
        <div class="corner top-left"><slot name="top-left"></slot></div>
        <div class="corner top-right"><slot name="top-right"></slot></div>
        <div class="corner bottom-left"><slot name="bottom-left"></slot></div>
        <div class="corner bottom-right"><slot name="bottom-right"></slot></div>
        <div part="progress" class="progress" role="progressbar" ?hidden=${!progress}
          aria-valuemin="0" aria-valuemax=${progress?.total ?? 0} aria-valuenow=${progress?.loaded ?? 0}>
          ${progress ? t.loading(progress.loaded, progress.total) : ''}
          <div class="progress__bar"></div>
        </div>
        <div part="message" class="message" role="status" aria-live="polite" ?hidden=${!messages.length}>
          <span>${messages.map((reason) => html`<span class="message__line">${t.errors[reason]}</span>`)}</span>
          <button type="button" @click=${() => this.events.dismiss()}>${t.dismiss}</button>
        </div>
        <slot></slot>
      </div>
    `;
  }
}
