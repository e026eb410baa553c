import { css, html } from 'lit';
import { GmControlElement } from '../../gm-control-element.js';
import { BOARDS, type Board } from '../../model/board.js';
import { controlStyles } from '../../internal/control-styles.js';

/**
 * @summary 四板块: the four boards as toggles; sets the map's `boards`, so grid colours (the worst
 * status over the active boards), sites, events and alerts follow.
 *
 * Put it in a corner slot of `<gm-map>`, or anywhere with `for="map-id"`. A pressed toggle is an
 * active board; all four pressed is no filter, and turning the last one off turns all four back on
 * (an empty filter would show nothing).
 *
 * @event {{ boards: Board[] }} gm-board-change - The user changed the active boards.
 * @csspart group - The group of toggles.
 * @csspart toggle - One board's toggle button (`aria-pressed`, `data-board`).
 * @cssproperty --gm-board-party - A board's colour; likewise `--gm-board-economy`, `-livelihood`, `-safety` (inherited from the map inside it).
 */
export class GmBoardFilter extends GmControlElement {
  static override styles = [
    controlStyles,
    css`
      [part='group'] {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        padding: 6px;
      }
      button {
        border: 2px solid var(--board);
        border-radius: 16px;
        padding: 3px 12px;
        background: transparent;
      }
      button[aria-pressed='true'] {
        background: var(--board);
        color: #fff;
      }
      [data-board='party'] {
        --board: var(--gm-board-party, #c62828);
      }
      [data-board='economy'] {
        --board: var(--gm-board-economy, #1565c0);
      }
      [data-board='livelihood'] {
        --board: var(--gm-board-livelihood, #6a1b9a);
      }
      [data-board='safety'] {
        --board: var(--gm-board-safety, #00796b);
      }
    `,
  ];

  private toggle(board: Board): void {
    const map = this.target.map;
    if (!map) return;
    const active = new Set(map.activeBoards);
    if (active.has(board)) active.delete(board);
    else active.add(board);
    const boards = BOARDS.filter((b) => active.has(b));
    // All four, or none left: no filter.
    map.boards = boards.length === BOARDS.length || !boards.length ? '' : boards.join(',');
    this.emit('gm-board-change', { boards: map.activeBoards });
    // The map reflects `boards` at its next update; the toggles need not wait for it.
    this.requestUpdate();
  }

  override render() {
    const map = this.target.map;
    const t = this.t;
    const active = new Set(map?.activeBoards ?? []);
    return html`
      <div part="group" role="group" aria-label=${t.controls.boards}>
        ${BOARDS.map(
          (board) => html`<button part="toggle" type="button" data-board=${board} aria-pressed=${active.has(board) ? 'true' : 'false'}
            ?disabled=${!map} @click=${() => this.toggle(board)}>${t.board[board]}</button>`,
        )}
      </div>
    `;
  }
}
