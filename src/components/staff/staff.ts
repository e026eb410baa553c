import { GmStaff } from './staff.component.js';

export { GmStaff };
GmStaff.define('gm-staff');

declare global {
  interface HTMLElementTagNameMap {
    'gm-staff': GmStaff;
  }
}
