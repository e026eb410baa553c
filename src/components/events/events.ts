import { GmEvents } from './events.component.js';

export { GmEvents };
GmEvents.define('gm-events');

declare global {
  interface HTMLElementTagNameMap {
    'gm-events': GmEvents;
  }
}
