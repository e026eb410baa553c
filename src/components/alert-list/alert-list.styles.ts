import { css } from 'lit';
import { controlStyles } from '../../internal/control-styles.js';

export const alertListStyles = [
  controlStyles,
  css`
  :host {
    width: var(--gm-alert-list-width, 320px);
    /* A share of the screen however the wall's density zooms the panel (zoom scales every length). */
    max-height: calc(var(--gm-alert-list-max-height, 60vh) / var(--gm-density, 1));
    overflow: auto;
  }
  .header {
    display: flex;
    justify-content: space-between;
    padding: 8px 12px;
    font-weight: 600;
    border-bottom: 1px solid rgb(127 127 127 / 0.3);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
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
  .open {
    all: unset;
    cursor: pointer;
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .open:focus-visible,
  .actions button:focus-visible {
    outline: var(--gm-focus-ring, 2px solid #1565c0);
    outline-offset: 2px;
  }
  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .level {
    color: var(--level-color);
    font-weight: 700;
    margin-right: 6px;
  }
  .meta {
    font-size: 12px;
    opacity: 0.8;
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
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .actions button {
    font: inherit;
    font-size: 12px;
    padding: 2px 8px;
    border-radius: 4px;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .actions button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  .empty {
    padding: 12px;
    opacity: 0.7;
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
