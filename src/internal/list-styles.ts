import { css } from 'lit';

/**
 * What the list controls (`<gm-alert-list>`, `<gm-work-orders>`) share: the title line with its
 * count, the rows' open button, title and meta line, their small action buttons, the empty note.
 */
export const listStyles = css`
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
  .open {
    all: unset;
    cursor: pointer;
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .open:focus-visible,
  button:focus-visible {
    outline: var(--gm-focus-ring, 2px solid #1565c0);
    outline-offset: 2px;
  }
  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    font-size: 12px;
    opacity: 0.8;
  }
  .actions {
    display: flex;
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
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  .empty {
    padding: 12px;
    opacity: 0.7;
  }
`;
