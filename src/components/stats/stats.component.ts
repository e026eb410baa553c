import { css, html, nothing } from 'lit';
import { GmControlElement } from '../../gm-control-element.js';
import { BOARDS } from '../../model/board.js';
import { GRID_STATUSES } from '../../model/grid-status.js';
import { GRID_EVENT_STATUSES } from '../../model/grid-event.js';
import { controlStyles } from '../../internal/control-styles.js';
import type { MapPart } from '../../engine/map-part.js';

/** What the stats read from a data layer of the map (its events and staff parts). */
interface CountingLayer {
  kind: string;
  counts(code?: string): Record<string, number>;
}

/**
 * @summary 一屏统揽: figures for the selected area (or the city) — grids by status on each board,
 * events by closed-loop status with the overdue count, staff on duty, live alerts.
 *
 * Recounted at most once per frame as statuses, boards, items, alerts or the selection change.
 * Put it in a corner slot of `<gm-map>`, or anywhere with `for="map-id"`. Events and staff are
 * counted when the map has a `<gm-events>` / `<gm-staff>`.
 *
 * @csspart grids - The table of grids by board and status.
 * @csspart events - The events' line; `staff` and `alerts` likewise.
 */
export class GmStats extends GmControlElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        padding: 8px 12px;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        margin-bottom: 6px;
      }
      th,
      td {
        padding: 1px 6px;
        text-align: right;
      }
      th[scope='row'] {
        text-align: left;
        font-weight: 500;
      }
      tr[data-inactive] {
        opacity: 0.5;
      }
      p {
        margin: 2px 0;
      }
    `,
  ];

  protected override mapEvents() {
    return this.rerenderOn('gm-status-change', 'gm-ready', 'gm-positions', 'gm-counts', 'gm-alert');
  }

  /** The map's first data layer of a kind. */
  private layer(kind: 'event' | 'staff'): CountingLayer | undefined {
    return this.target.map?.engine.dataLayers<CountingLayer & MapPart>(kind)[0];
  }

  override render() {
    const map = this.target.map;
    const t = this.t;
    const code = map?.selected ?? '';
    const grids = map?.boardStatusCounts(code);
    const active = new Set(map?.activeBoards ?? BOARDS);
    const events = this.layer('event')?.counts(code);
    const staff = this.layer('staff')?.counts(code);
    // The board filter applies here as on the map and in the alert list.
    // An alert is the area's when the area is on its grid's path (codes of any form, not prefixes).
    const inArea = (grid?: string) => !code || (grid !== undefined && map!.areaPath(grid).some((area) => area.code === code));
    const alerts = (map?.alerts ?? []).filter((a) => active.has(a.board) && inArea(a.gridCode));
    const place = code ? (map?.areaPath(code).at(-1)?.name ?? code) : (map?.cityName ?? t.city);
    return html`
      <section aria-label=${t.stats.label(place)}>
        <h2 class="title">${t.stats.label(place)}</h2>
        ${grids
          ? html`<table part="grids" aria-label=${t.controls.gridsByStatus}>
              <tr><td></td>${GRID_STATUSES.map((s) => html`<th scope="col">${t.status[s]}</th>`)}</tr>
              ${BOARDS.map(
                (board) => html`<tr data-board=${board} ?data-inactive=${!active.has(board)}>
                  <th scope="row">${t.board[board]}</th>${GRID_STATUSES.map((s) => html`<td>${grids[board][s].toLocaleString()}</td>`)}
                </tr>`,
              )}
            </table>`
          : nothing}
        ${events
          ? html`<p part="events">${t.layerName.events}${t.stats.colon}${GRID_EVENT_STATUSES.map((s) => `${t.eventStatus[s]} ${events[s]}`).join(' · ')} · ${t.overdueLight.overdue} ${events.overdue}</p>`
          : nothing}
        ${staff ? html`<p part="staff">${t.layerName.staff}${t.stats.colon}${t.staffStatus['on-duty']} ${staff['on-duty']} / ${staff['on-duty'] + staff.busy + staff['off-duty']}</p>` : nothing}
        <p part="alerts">${t.layerName.alerts}${t.stats.colon}${alerts.length} · ${t.alertList.acknowledged} ${alerts.filter((a) => a.acknowledged).length}</p>
      </section>
    `;
  }
}
