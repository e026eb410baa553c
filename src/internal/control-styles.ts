import { css } from 'lit';

/**
 * What every control (`<gm-board-filter>`, `<gm-legend>`, `<gm-breadcrumb>`, …) shares: a panel
 * themed by the map's `--gm-*` tokens (inherited inside the map, fallbacks outside it).
 */
export const controlStyles = css`
  :host {
    display: block;
    border-radius: var(--gm-panel-radius, 6px);
    background: var(--gm-panel-background, rgb(255 255 255 / 0.92));
    color: var(--gm-panel-color, #1f2933);
    font: 14px/1.4 var(--gm-font-family, sans-serif);
    pointer-events: auto;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible {
    outline: var(--gm-focus-ring, 2px solid #1565c0);
    outline-offset: 2px;
  }
  .title {
    font-size: 13px;
    font-weight: 600;
    margin: 0 0 4px;
  }
  .swatch {
    display: inline-block;
    width: 12px;
    height: 12px;
    border-radius: 3px;
    vertical-align: -1px;
    margin-right: 6px;
  }
`;
