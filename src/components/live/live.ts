import { GmLive } from './live.component.js';

export { GmLive };
GmLive.define('gm-live');

declare global {
  interface HTMLElementTagNameMap {
    'gm-live': GmLive;
  }
}
