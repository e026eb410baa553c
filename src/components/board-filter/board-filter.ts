import { GmBoardFilter } from './board-filter.component.js';

export { GmBoardFilter };
GmBoardFilter.define('gm-board-filter');

declare global {
  interface HTMLElementTagNameMap {
    'gm-board-filter': GmBoardFilter;
  }
}
