import { GmSearch } from './search.component.js';

export { GmSearch };
GmSearch.define('gm-search');

declare global {
  interface HTMLElementTagNameMap {
    'gm-search': GmSearch;
  }
}
