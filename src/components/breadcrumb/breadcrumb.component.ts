import { css, html } from 'lit';
import { GmControlElement } from '../../gm-control-element.js';
import { controlStyles } from '../../internal/control-styles.js';

/**
 * @summary Where the map is: 重庆 › district › town › community › grid for the selection; each
 * crumb above the last goes back up to that area.
 *
 * Put it in a corner slot of `<gm-map>`, or anywhere with `for="map-id"`. It follows clicks,
 * keyboard drill-down and `selected` set by code.
 *
 * @csspart list - The ordered list of crumbs.
 * @csspart crumb - A crumb's button (all but the current area).
 * @csspart current - The current area (`aria-current="location"`).
 */
export class GmBreadcrumb extends GmControlElement {
  static override styles = [
    controlStyles,
    css`
      ol {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        list-style: none;
        margin: 0;
        padding: 6px 12px;
        gap: 4px;
      }
      li + li::before {
        content: '›';
        margin-right: 4px;
        opacity: 0.6;
      }
      button {
        border: 0;
        background: none;
        padding: 0;
        text-decoration: underline;
      }
      [part='current'] {
        font-weight: 600;
      }
    `,
  ];

  // gm-ready: names are known once the area index is in; `selected` is watched as an attribute.
  protected override mapEvents() {
    return { 'gm-ready': () => this.requestUpdate() };
  }

  private go(code: string): void {
    if (this.target.map) this.target.map.selected = code;
  }

  override render() {
    const map = this.target.map;
    const t = this.t;
    const crumbs = [{ code: '', name: map?.cityName ?? t.city }, ...(map?.selected ? map.areaPath(map.selected) : [])];
    const last = crumbs.length - 1;
    return html`
      <nav aria-label=${t.controls.breadcrumb}>
        <ol part="list">
          ${crumbs.map((crumb, i) =>
            i === last
              ? html`<li><span part="current" aria-current="location">${crumb.name}</span></li>`
              : html`<li><button part="crumb" type="button" @click=${() => this.go(crumb.code)}>${crumb.name}</button></li>`,
          )}
        </ol>
      </nav>
    `;
  }
}
