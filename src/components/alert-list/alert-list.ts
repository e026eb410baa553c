import { GmAlertList } from './alert-list.component.js';

export { GmAlertList };
GmAlertList.define('gm-alert-list');

declare global {
  interface HTMLElementTagNameMap {
    'gm-alert-list': GmAlertList;
  }
}
