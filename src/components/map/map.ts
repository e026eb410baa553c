import { GmMap } from './map.component.js';

export { GmMap };
GmMap.define('gm-map');

declare global {
  interface HTMLElementTagNameMap {
    'gm-map': GmMap;
  }
}
