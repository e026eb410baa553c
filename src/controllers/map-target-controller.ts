import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { GmEventMap } from '../event-types.js';
import { mapContext, type GmMapElement } from './map-context.js';

/** A control element: a host with an optional `for` (the id of the map it serves). */
export interface MapTargetHost extends ReactiveControllerHost, HTMLElement {
  htmlFor: string;
}

/**
 * Finds the `<gm-map>` a control serves — the one named by `for="map-id"`, else the one around it
 * (through the map's context) — and listens to its events while connected. A map named by `for`
 * that is added to the page later is found when it appears.
 */
export class MapTargetController implements ReactiveController {
  /** The map, once found. */
  map?: GmMapElement;
  /** The map around the host, as its context provides it. */
  private around?: GmMapElement;
  private observer?: MutationObserver;
  /** Watches the map's reflected attributes (boards, selected, lang, theme) and its children (data layers added or removed): the control re-renders. */
  private readonly attributes = new MutationObserver(() => this.host.requestUpdate());

  constructor(
    private readonly host: MapTargetHost,
    private readonly events: Partial<{ [K in keyof GmEventMap]: (event: GmEventMap[K]) => void }>,
    /** Called when the control gets (another) map, or loses it. */
    private readonly found?: (map: GmMapElement | undefined) => void,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: mapContext,
      subscribe: true,
      callback: (map) => {
        this.around = map;
        this.resolve();
      },
    });
  }

  hostConnected(): void {
    this.resolve();
  }

  hostDisconnected(): void {
    this.around = undefined;
    this.bind(undefined);
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** Looks again (e.g. `for` changed). */
  resolve(): void {
    const host = this.host;
    const root = host.getRootNode() as Document | ShadowRoot;
    const named = host.htmlFor ? (root.getElementById?.(host.htmlFor) ?? document.getElementById(host.htmlFor)) : undefined;
    const map = host.htmlFor ? (named?.localName === 'gm-map' ? (named as GmMapElement) : undefined) : this.around;
    this.bind(host.isConnected ? map : undefined);
    if (map || !host.isConnected || !host.htmlFor) {
      this.observer?.disconnect();
      this.observer = undefined;
    } else if (!this.observer) {
      this.observer = new MutationObserver(() => this.resolve());
      this.observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
    }
  }

  private bind(map: GmMapElement | undefined): void {
    if (map === this.map) return;
    for (const [name, listener] of Object.entries(this.events)) this.map?.removeEventListener(name, listener as EventListener);
    this.map = map;
    for (const [name, listener] of Object.entries(this.events)) this.map?.addEventListener(name, listener as EventListener);
    this.attributes.disconnect();
    if (map) this.attributes.observe(map, { attributes: true, attributeFilter: ['boards', 'selected', 'lang', 'theme'], childList: true });
    this.found?.(map);
    this.host.requestUpdate();
  }
}
