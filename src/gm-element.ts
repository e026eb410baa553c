import { LitElement } from 'lit';
import type { GmEventMap } from './event-types.js';

type DetailOf<K extends keyof GmEventMap> = GmEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Base of every `gm-` element: typed events and a registration that tolerates a second bundle. */
export class GmElement extends LitElement {
  /**
   * Registers the element unless the name is taken. Portals sometimes load two bundles that both
   * register `gm-map`; the second registration warns instead of throwing and breaking the page.
   */
  static define(name: string): void {
    const existing = customElements.get(name);
    if (!existing) customElements.define(name, this);
    else if (existing !== this) console.warn(`<${name}> is already registered by another copy of the library; keeping that one.`);
  }

  /** Dispatches a bubbling, composed `gm-` event; returns false when a listener cancelled it. */
  emit<K extends keyof GmEventMap>(name: K, detail: DetailOf<K>, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, ...options }));
  }
}
