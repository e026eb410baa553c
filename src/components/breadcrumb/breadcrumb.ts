import { GmBreadcrumb } from './breadcrumb.component.js';

export { GmBreadcrumb };
GmBreadcrumb.define('gm-breadcrumb');

declare global {
  interface HTMLElementTagNameMap {
    'gm-breadcrumb': GmBreadcrumb;
  }
}
