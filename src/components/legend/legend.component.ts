import { css, html, nothing } from 'lit';
import { GmControlElement } from '../../gm-control-element.js';
import { GRID_STATUSES } from '../../model/grid-status.js';
import { controlStyles } from '../../internal/control-styles.js';

/** The data layers the legend names, by tag, with the swatch colour token of each. */
/** The data layers the legend names when the map has them: their kind and name (the swatch's colour is in the styles). */
const LAYERS = [
  ['site', 'sites'],
  ['staff', 'staff'],
  ['event', 'events'],
  ['fence', 'fences'],
] as const;

/**
 * @summary The status palette with live counts of grids in each status for the selected area (or
 * the whole city), and the layers on the map.
 *
 * Counts are of the shown status (the worst over the active boards), recounted at most once per
 * frame as statuses, boards or the selection change. Put it in a corner slot of `<gm-map>`, or
 * anywhere with `for="map-id"`.
 *
 * @csspart status - One status row (`data-status`), with its swatch, name and `count` part.
 * @csspart count - The number of grids in a status.
 * @csspart layers - The list of the layers present.
 * @cssproperty --gm-status-normal - A status colour; likewise `-attention`, `-warning`, `-emergency`, `-unknown` (inherited from the map inside it).
 */
export class GmLegend extends GmControlElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        padding: 8px 12px;
        min-width: 160px;
      }
      h2 {
        font-size: 13px;
        margin: 0 0 4px;
        font-weight: 600;
      }
      ul {
        list-style: none;
        margin: 0 0 6px;
        padding: 0;
      }
      li {
        display: flex;
        justify-content: space-between;
        gap: 12px;
      }
      [part='count'] {
        font-variant-numeric: tabular-nums;
      }
      [data-status='normal'] .swatch {
        background: var(--gm-status-normal, #2e7d32);
      }
      [data-status='attention'] .swatch {
        background: var(--gm-status-attention, #f9a825);
      }
      [data-status='warning'] .swatch {
        background: var(--gm-status-warning, #ef6c00);
      }
      [data-status='emergency'] .swatch {
        background: var(--gm-status-emergency, #d32f2f);
      }
      [data-status='unknown'] .swatch {
        background: var(--gm-status-unknown, #9e9e9e);
      }
      /* Swatches by class, not style attributes: a strict CSP (style-src 'self') blocks those. */
      [data-layer='sites'] .swatch {
        background: var(--gm-cluster-color, #37474f);
      }
      [data-layer='staff'] .swatch {
        background: var(--gm-staff-on-duty, #2e7d32);
      }
      [data-layer='events'] .swatch {
        background: var(--gm-light-overdue, #d32f2f);
      }
      [data-layer='fences'] .swatch {
        background: var(--gm-fence-restricted, #d50000);
      }
      [data-layer='alerts'] .swatch {
        background: var(--gm-alert-emergency, #ff1744);
      }
    `,
  ];

  protected override mapEvents() {
    return this.rerenderOn('gm-status-change', 'gm-ready', 'gm-positions', 'gm-alert');
  }

  override render() {
    const map = this.target.map;
    const t = this.t;
    const counts = map?.statusCounts();
    const layers = LAYERS.filter(([kind]) => map?.engine.dataLayers(kind).length);
    // The alerts on the active boards: what the map shows and the alert list lists.
    const boards = new Set(map?.activeBoards ?? []);
    const alerts = map?.alerts.filter((a) => boards.has(a.board)).length ?? 0;
    return html`
      <section aria-label=${t.controls.legend}>
        <h2>${t.controls.gridsByStatus}</h2>
        <ul>
          ${GRID_STATUSES.map(
            (status) => html`<li part="status" data-status=${status}>
              <span><span class="swatch"></span>${t.status[status]}</span>
              <span part="count">${counts ? counts[status].toLocaleString() : '–'}</span>
            </li>`,
          )}
        </ul>
        ${layers.length || alerts
          ? html`<h2>${t.controls.layers}</h2>
              <ul part="layers">
                ${layers.map(([, name]) => html`<li data-layer=${name}><span><span class="swatch"></span>${t.layerName[name]}</span></li>`)}
                ${alerts ? html`<li data-layer="alerts"><span><span class="swatch"></span>${t.layerName.alerts}</span><span>${alerts}</span></li>` : nothing}
              </ul>`
          : nothing}
      </section>
    `;
  }
}
