import { GmLegend } from './legend.component.js';

export { GmLegend };
GmLegend.define('gm-legend');

declare global {
  interface HTMLElementTagNameMap {
    'gm-legend': GmLegend;
  }
}
