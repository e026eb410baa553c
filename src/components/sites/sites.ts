import { GmSites } from './sites.component.js';

export { GmSites };
GmSites.define('gm-sites');

declare global {
  interface HTMLElementTagNameMap {
    'gm-sites': GmSites;
  }
}
