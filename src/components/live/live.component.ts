import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextConsumer } from '@lit/context';
import { GmElement } from '../../gm-element.js';
import { mapContext, type GmMapElement } from '../../controllers/map-context.js';
import type { LiveState } from '../../event-types.js';
import { translationFor } from '../../i18n/localize.js';
import type { LiveLayer, LiveLayerKind } from '../../live/live-applier.js';
import { LiveFeed, type LiveStats } from '../../live/live-feed.js';
import { ActionOutbox, actionsUrlFor } from '../../live/action-outbox.js';
import type { ActionSender } from '../../engine/work-order-desk.js';
import { liveStyles } from './live.styles.js';

export type { LiveStats };

/** The data layer kind a feed's message kind writes to. */
const LAYER_KIND: Record<LiveLayerKind, string> = { staff: 'staff', events: 'event', sites: 'site' };

/**
 * @summary 实时数据: keeps `<gm-map>` and its layers in step with a live feed (docs/live-protocol.md).
 *
 * Put it inside `<gm-map>`. It connects once the map is ready — Server-Sent Events for an
 * `http(s):` or relative `src`, WebSocket for `ws(s):` — and applies the feed's messages in `seq`
 * order, once each, as they arrive (the map and layers draw all of a frame's changes in one go):
 * grid statuses to the map, staff, events and sites to the map's `<gm-staff>`, `<gm-events>` and
 * `<gm-sites>`, alerts to the map. A dropped stream is resumed from the last `seq` (`?since=`) with
 * exponential backoff and jitter; a gap or a heartbeat ahead of what arrived resumes at once; a
 * server that can no longer replay answers with a snapshot. A snapshot replaces what the feed set
 * before (the layers' items, the feed's own alerts). The feed itself is a `LiveFeed` (src/live/);
 * this element is its badge.
 *
 * @event {{ state, lastSeq, lastUpdate, attempt, reason? }} gm-live-status - The connection changed state: `connecting`, `connected`, `reconnecting`, `offline` (5 failed attempts in a row, or the browser is offline), `idle`.
 * @event {{ fromSeq, toSeq, snapshot, resync?, receivedAt }} gm-live-update - Messages were applied (those released together: one, or a gap's worth once it filled). `resync` when the snapshot is of a server log that started over (another epoch, or its seq went backwards).
 * @event {{ reason: string, detail: object }} gm-error - `live-malformed` (messages that are not protocol messages: counted, skipped), `live-unreachable` (the stream dropped or could not open; once per outage), `live-behind` (heartbeats keep showing the server ahead with nothing arriving: resumed with backoff; once per run), `items-invalid` (staff moves of unknown people), `action-queued` (the relay could not be reached for an operator's action: kept and retried; once per outage), `action-refused` (the relay refused an action kept from an earlier page load).
 * @csspart status - The badge: a dot, the state and the time of the last update.
 * @csspart actions - The note "N actions waiting for the server" while the relay cannot be reached (they are sent when it is back).
 * @csspart resync - The note "resynced" shown for 10 s after the server's log started over.
 * @cssproperty --gm-live-connected - The badge's dot while connected; likewise `--gm-live-connecting`, `--gm-live-reconnecting`, `--gm-live-offline`.
 */
export class GmLive extends GmElement {
  static override styles = liveStyles;

  /** The feed's URL: `http(s):` or relative for Server-Sent Events, `ws(s):` for WebSocket. */
  @property() src = '';

  /**
   * Where operators' actions go (`POST`, docs/live-protocol.md "Operators' actions"): by default the
   * relay's `/live/actions` beside `src` (`…/live/sse` or `…/live/ws` → `…/live/actions`).
   */
  @property({ attribute: 'actions-src' }) actionsSrc = '';

  /** Seconds without any message (the server sends heartbeats) after which the stream counts as dropped. */
  @property({ type: Number, attribute: 'stall-timeout' }) stallTimeout = 15;

  /** The longest wait between reconnection attempts, in seconds. */
  @property({ type: Number, attribute: 'max-backoff' }) maxBackoff = 30;

  /**
   * A bearer token for a server that wants one (docs/live-protocol.md, "Deployment"): sent as the
   * WebSocket subprotocol `bearer.<token>`, or as `access_token` in an event stream's URL (keep
   * such tokens short-lived; a cookie set by the host's sign-in works without this). A property
   * only, never an attribute: a token does not belong in the DOM.
   */
  @property({ attribute: false }) token?: string;

  /**
   * Asked for a token before every connection (and reconnection), so an expiring token is
   * refreshed from the host's SSO; wins over `token`. A rejection counts as a failed attempt.
   */
  @property({ attribute: false }) tokenProvider?: () => string | undefined | Promise<string | undefined>;

  /** The connection's state (reflected, for styling; set by the element). */
  @property({ reflect: true }) state: LiveState = 'idle';

  /** The time of the last applied update, to the second (what the badge shows). */
  @state() private shownTime?: number;

  /** Whether the badge says the feed resynced with a log that started over (for 10 s). */
  @state() private resyncShown = false;
  private resyncTimer = 0;

  private map?: GmMapElement;
  /** The engine whose actions this element sends. */
  private sendingFor?: GmMapElement['engine'];
  /** Failed attempts in a row (what the badge counts while reconnecting). */
  private attempt = 0;
  /** The `src` the feed was last started with. */
  private startedSrc?: string;
  private readonly feed = new LiveFeed(() => ({
    src: this.src,
    stallMs: this.stallTimeout * 1000,
    maxBackoffMs: this.maxBackoff * 1000,
    token: () => (this.tokenProvider ? this.tokenProvider() : this.token),
  }));
  /** The map's operators' actions on their way to the relay (queued and retried while it is down). */
  private readonly outbox = new ActionOutbox(() => ({
    url: this.actionsSrc || actionsUrlFor(this.src),
    token: () => (this.tokenProvider ? this.tokenProvider() : this.token),
  }));
  /** What the map's desk sends through: the outbox, for the alerts this feed raised and every work order. */
  private readonly sender: ActionSender = {
    send: (request) => this.outbox.send(request),
    carriesAlert: (id) => this.feed.raised(id),
  };
  /** Actions waiting for the relay while it is unreachable (the badge says so). */
  @state() private waitingActions = 0;
  /** Bumped on every (re)start, so a stale `map.ready` does not connect. */
  private generation = 0;

  constructor() {
    super();
    new ContextConsumer(this, { context: mapContext, subscribe: true, callback: (map) => this.follow(map) });
    this.feed.on('status', (detail) => {
      this.state = detail.state;
      this.attempt = detail.attempt;
      this.emit('gm-live-status', detail);
    });
    this.feed.on('update', (detail) => {
      const now = this.feed.lastUpdate!;
      if (Math.floor(now / 1000) !== Math.floor((this.shownTime ?? 0) / 1000)) this.shownTime = now;
      if (detail.resync) this.showResync();
      this.emit('gm-live-update', detail);
    });
    this.feed.on('error', (detail) => this.emit('gm-error', detail));
    this.outbox.on('queue', ({ waiting, unreachable, attempt, reason }) => {
      this.waitingActions = unreachable ? waiting : 0;
      if (unreachable && attempt === 1) this.emit('gm-error', { reason: 'action-queued', detail: { waiting, reason } });
    });
    this.outbox.on('outcome', ({ request, outcome, restored }) => {
      if (outcome.status !== 'refused') return;
      // The relay judged it against a newer state than this console's: catch up now.
      if (outcome.seq !== undefined && outcome.seq > (this.feed.lastSeq ?? -1)) this.feed.resume();
      // The map reports refusals of what it sent; one sent by an earlier page load is reported here.
      if (restored) this.emit('gm-error', { reason: 'action-refused', detail: { action: request.action, target: request.order ?? request.alert, error: outcome.error, message: outcome.message } });
    });
  }

  /** The last `seq` received in order; undefined before the first snapshot. */
  get lastSeq(): number | undefined {
    return this.feed.lastSeq;
  }

  /** When the last update was applied (epoch ms), if ever. */
  get lastUpdate(): number | undefined {
    return this.feed.lastUpdate;
  }

  /** Counters since the element connected or `src` changed (a copy). */
  get stats(): LiveStats {
    return this.feed.stats;
  }

  /** Resumes the feed now from the last `seq` (e.g. after the host knows the network is back). */
  reconnect(): void {
    if (this.map && this.src) this.feed.resume();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.resyncTimer);
    this.outbox.stop();
    this.follow(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.isConnected && this.src !== this.startedSrc) this.start();
  }

  /** The map around changed (found, or left): the feed starts over on it. */
  private follow(map: GmMapElement | undefined): void {
    if (map === this.map) return;
    this.map?.removeEventListener('gm-ready', this.onMapReady);
    this.map = map;
    map?.addEventListener('gm-ready', this.onMapReady);
    this.start();
  }

  /** (Re)starts from nothing: the map's next ready, then a snapshot. */
  private start(): void {
    const generation = ++this.generation;
    this.startedSrc = this.src;
    this.feed.stop();
    this.outbox.stop();
    if (this.sendingFor?.desk.sender === this.sender) this.sendingFor.desk.sender = undefined;
    this.sendingFor = undefined;
    const map = this.map;
    if (!map || !this.src) return;
    // Actions are accepted (and queued) at once; the feed waits for the map.
    map.engine.desk.sender = this.sender;
    this.sendingFor = map.engine;
    this.outbox.start();
    void map.ready.then(() => {
      if (generation === this.generation) this.feed.start({ map, layer: (kind) => this.layer(map, kind) });
    });
  }

  private layer(map: GmMapElement, kind: LiveLayerKind): LiveLayer | undefined {
    return map.engine.dataLayers(LAYER_KIND[kind])[0] as unknown as LiveLayer | undefined;
  }

  /** The map drew a new hierarchy (its `src` changed): its statuses are the manifest's again, so start over from a snapshot. */
  private readonly onMapReady = (): void => this.feed.resync();

  private readonly onOnline = (): void => {
    this.feed.online();
    this.outbox.retryNow();
  };

  private showResync(): void {
    this.resyncShown = true;
    clearTimeout(this.resyncTimer);
    this.resyncTimer = window.setTimeout(() => (this.resyncShown = false), 10_000);
  }

  override render() {
    const t = translationFor(this.map?.lang || this.lang || document.documentElement.lang).live;
    const time = this.shownTime === undefined ? '' : new Date(this.shownTime).toLocaleTimeString(this.map?.lang || undefined, { hour12: false });
    const retry = this.state === 'reconnecting' || this.state === 'offline' ? ` · ${t.attempt(this.attempt)}` : '';
    return html`
      <div part="status" class="status status--${this.state}">
        <span class="status__dot" aria-hidden="true"></span>
        <span role="status">${t.state[this.state]}${retry}</span>
        ${time ? html`<span class="status__time">${t.lastUpdate(time)}</span>` : nothing}
        ${this.waitingActions ? html`<span part="actions" class="status__actions">${t.actionsWaiting(this.waitingActions)}</span>` : nothing}
        ${this.resyncShown ? html`<span part="resync" class="status__resync">${t.resynced}</span>` : nothing}
      </div>
    `;
  }
}
