import { GmStats } from './stats.component.js';

export { GmStats };
GmStats.define('gm-stats');

declare global {
  interface HTMLElementTagNameMap {
    'gm-stats': GmStats;
  }
}
