import { GmFences } from './fences.component.js';

export { GmFences };
GmFences.define('gm-fences');

declare global {
  interface HTMLElementTagNameMap {
    'gm-fences': GmFences;
  }
}
