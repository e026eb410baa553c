import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GridMapEngine } from '../engine/grid-map-engine.js';
import type { EngineEventMap } from '../engine/engine-events.js';
import type { GmErrorReason, GmEventMap, GmProgressDetail } from '../event-types.js';

/** How many distinct error messages are shown at once. */
const MAX_MESSAGES = 3;

/** The engine events a map element fires as its `gm-` DOM event of the same name, as they are. */
const FORWARDED = ['progress', 'ready', 'error', 'select', 'hover', 'view-change', 'status-change', 'alert', 'work-order-change', 'dispatch-request', 'map-change'] as const satisfies readonly (keyof EngineEventMap & string)[];

type DetailOf<K extends keyof GmEventMap> = GmEventMap[K] extends CustomEvent<infer D> ? D : never;

/** What a map element is to its events controller. */
export interface MapEventsHost extends ReactiveControllerHost, HTMLElement {
  selected: string;
  emit<K extends keyof GmEventMap>(name: K, detail: DetailOf<K>): boolean;
}

/**
 * Tells a map element's page what its engine does: each engine event as the `gm-` DOM event of the
 * same name, and what the element shows of it — the loading progress, polite error messages (its
 * own and its data layers'), the `ready` promise of the current `src`, the `selected` attribute
 * following the user's selections.
 */
export class MapEventsController implements ReactiveController {
  /** The loading progress while a load runs. */
  progress?: GmProgressDetail;
  /** Distinct error reasons since the last dismiss, newest last (a few, not a log). */
  messages: GmErrorReason[] = [];
  /** Resolves once the current `src` or `boundaries` is drawn (gm-ready). */
  ready: Promise<void>;
  private resolveReady?: () => void;

  constructor(
    private readonly host: MapEventsHost,
    private readonly engine: GridMapEngine,
  ) {
    host.addController(this);
    this.ready = this.nextReady();
    for (const type of FORWARDED) engine.on(type, (detail) => this.handle(type, detail));
    // Data layers inside report their own gm-error; the map shows it with its own messages.
    host.addEventListener('gm-error', (event) => event.target !== host && this.show(event.detail.reason));
  }

  hostConnected(): void {}

  /** A new `src` makes a new `ready` at once (unless the current one is still pending), so `map.src = url; await map.ready` waits for that url. */
  renewReady(): void {
    if (!this.resolveReady) this.ready = this.nextReady();
  }

  /** Clears the messages (the dismiss button). */
  dismiss(): void {
    this.messages = [];
    this.host.requestUpdate();
  }

  /** Shows a polite message for an error, and fires its gm-error (a problem the element itself found). */
  fail(reason: GmErrorReason, detail: Record<string, unknown>): void {
    this.handle('error', { reason, detail });
  }

  private handle<K extends (typeof FORWARDED)[number]>(type: K, detail: EngineEventMap[K]): void {
    if (type === 'progress') {
      const { loaded, total } = detail as GmProgressDetail;
      this.progress = loaded < total ? { loaded, total } : undefined;
      this.host.requestUpdate();
    } else if (type === 'error') {
      this.show((detail as EngineEventMap['error']).reason);
      this.progress = undefined;
    } else if (type === 'select') {
      const { level, code } = detail as EngineEventMap['select'];
      this.host.selected = level === 'city' ? '' : code;
    } else if (type === 'ready') {
      // A selection set before the index was in, and found unknown then, was cleared.
      this.host.selected = this.engine.selection.selected;
    }
    this.host.emit(`gm-${type}`, detail as never);
    if (type === 'ready') {
      this.resolveReady?.();
      this.resolveReady = undefined;
    }
  }

  private show(reason: GmErrorReason): void {
    this.messages = [...this.messages.filter((r) => r !== reason), reason].slice(-MAX_MESSAGES);
    this.host.requestUpdate();
  }

  private nextReady(): Promise<void> {
    return new Promise((resolve) => (this.resolveReady = resolve));
  }
}
