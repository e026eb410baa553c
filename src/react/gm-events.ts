// What every React wrapper shares: gm- event names as `onGm…` props, typed with their details.
import type { EventName } from '@lit/react';
import type { GmEventMap } from '../event-types.js';

/** `gm-select` → `onGmSelect`, typed with the event's detail. */
export type Handlers<K extends keyof GmEventMap> = { [E in K as `onGm${PascalCase<E extends `gm-${infer R}` ? R : never>}`]: EventName<GmEventMap[E]> };
type PascalCase<S extends string> = S extends `${infer H}-${infer T}` ? `${Capitalize<H>}${PascalCase<T>}` : Capitalize<S>;

/** The `events` option of createComponent for these gm- events. */
export function handlers<K extends keyof GmEventMap>(...names: K[]): Handlers<K> {
  const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
  return Object.fromEntries(names.map((name) => [`on${pascal(name)}`, name])) as unknown as Handlers<K>;
}

/** Every gm- event bubbles to the map: its wrapper takes them all (a layer's gm-select included). */
export const ALL_EVENTS = ['gm-ready', 'gm-select', 'gm-hover', 'gm-view-change', 'gm-error', 'gm-progress', 'gm-status-change', 'gm-alert',
  'gm-counts', 'gm-fence', 'gm-positions', 'gm-board-change', 'gm-live-status', 'gm-live-update', 'gm-work-order-change', 'gm-work-order-action', 'gm-dispatch-request'] as const satisfies (keyof GmEventMap)[];
/** A data layer's own events. */
export const LAYER_EVENTS = ['gm-select', 'gm-error', 'gm-positions'] as const;
