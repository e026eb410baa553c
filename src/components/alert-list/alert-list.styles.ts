import { css } from 'lit';
import { controlStyles } from '../../internal/control-styles.js';
import { listStyles } from '../../internal/list-styles.js';

export const alertListStyles = [
  controlStyles,
  listStyles,
  css`
  :host {
    width: var(--gm-alert-list-width, 320px);
    /* A share of the screen however the wall's density zooms the panel (zoom scales every length). */
    max-height: calc(var(--gm-alert-list-max-height, 60vh) / var(--gm-density, 1));
    overflow: auto;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid rgb(127 127 127 / 0.2);
    border-left: 4px solid var(--level-color);
  }
  li[data-level='emergency'] {
    --level-color: var(--gm-alert-emergency, #ff1744);
  }
  li[data-level='warning'] {
    --level-color: var(--gm-alert-warning, #ff9100);
  }
  li[data-level='attention'] {
    --level-color: var(--gm-alert-attention, #ffd600);
  }
  li[data-acknowledged] {
    opacity: 0.75;
  }
  .level {
    color: var(--level-color);
    font-weight: 700;
    margin-right: 6px;
  }
  .order {
    font-size: 12px;
    font-weight: 600;
  }
  .order::before {
    content: '';
    display: inline-block;
    width: 0.7em;
    height: 0.7em;
    margin-right: 4px;
    border-radius: 50%;
    background: var(--light-color, transparent);
    vertical-align: baseline;
  }
  .order[data-light='on-time'] {
    --light-color: var(--gm-light-on-time, #2e7d32);
  }
  .order[data-light='due-soon'] {
    --light-color: var(--gm-light-due-soon, #f9a825);
  }
  .order[data-light='overdue'] {
    --light-color: var(--gm-light-overdue, #d32f2f);
  }
  .actions {
    flex-direction: column;
  }
  .announcer {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`,
];
