import { GmWorkOrders } from './work-orders.component.js';

export { GmWorkOrders };
GmWorkOrders.define('gm-work-orders');

declare global {
  interface HTMLElementTagNameMap {
    'gm-work-orders': GmWorkOrders;
  }
}
