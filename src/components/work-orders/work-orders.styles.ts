import { css } from 'lit';
import { controlStyles } from '../../internal/control-styles.js';
import { listStyles } from '../../internal/list-styles.js';

export const workOrdersStyles = [
  controlStyles,
  listStyles,
  css`
  :host {
    width: var(--gm-work-orders-width, 360px);
    /* A share of the screen however the wall's density zooms the panel (zoom scales every length). */
    max-height: calc(var(--gm-work-orders-max-height, 70vh) / var(--gm-density, 1));
    overflow: auto;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    padding: 6px 12px;
    font-size: 12px;
  }
  select,
  input,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  select,
  input,
  textarea {
    background: transparent;
    border: 1px solid rgb(127 127 127 / 0.5);
    border-radius: 4px;
    padding: 2px 4px;
  }
  select option {
    color: initial;
  }
  .orders > li {
    display: grid;
    grid-template-columns: 1fr;
    gap: 4px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid rgb(127 127 127 / 0.2);
    border-left: 4px solid var(--light-color, transparent);
  }
  li[data-light='on-time'] {
    --light-color: var(--gm-light-on-time, #2e7d32);
  }
  li[data-light='due-soon'] {
    --light-color: var(--gm-light-due-soon, #f9a825);
  }
  li[data-light='overdue'] {
    --light-color: var(--gm-light-overdue, #d32f2f);
  }
  li[data-state='escalated'] .state {
    color: var(--gm-alert-emergency, #ff1744);
  }
  li[data-pending] {
    opacity: 0.7;
  }
  .light {
    display: inline-block;
    width: 0.7em;
    height: 0.7em;
    border-radius: 50%;
    margin-right: 6px;
    background: var(--light-color, rgb(127 127 127 / 0.5));
  }
  .state {
    margin-right: 6px;
    font-weight: 700;
  }
  .assignees {
    font-size: 12px;
    opacity: 0.8;
  }
  .actions {
    flex-wrap: wrap;
  }
  .panel {
    display: grid;
    gap: 6px;
    padding: 8px 12px;
    border-bottom: 2px solid var(--gm-selected, #1565c0);
  }
  .panel__title {
    font-weight: 600;
  }
  .panel label {
    display: grid;
    gap: 2px;
    font-size: 12px;
  }
  .panel__staff {
    max-height: 220px;
    overflow: auto;
  }
  .panel__staff label {
    display: grid;
    grid-template-columns: auto 1fr auto;
    grid-template-areas: 'box name minutes' 'box role minutes';
    align-items: center;
    gap: 0 6px;
    padding: 3px 0;
    cursor: pointer;
  }
  .panel__staff input {
    grid-area: box;
  }
  .panel__staff .name {
    grid-area: name;
    font-size: 14px;
  }
  .panel__staff .role {
    grid-area: role;
    opacity: 0.8;
  }
  .panel__staff .minutes {
    grid-area: minutes;
  }
  .panel__buttons {
    gap: 8px;
  }
  .panel__status {
    font-size: 12px;
    min-height: 1em;
  }
`,
];
