import { css } from 'lit';

export const liveStyles = css`
  :host {
    display: block;
    pointer-events: auto;
  }
  /* Without a corner slot, the badge sits at the top centre of the map. */
  :host(:not([slot])) {
    position: absolute;
    top: 8px;
    left: 50%;
    transform: translateX(-50%);
    z-index: 1;
    /* As large as the corners' panels on a dense wall (a corner zooms its panels itself). */
    zoom: var(--gm-density, 1);
  }
  :host([hidden]) {
    display: none;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 3px 10px;
    border-radius: 999px;
    background: var(--gm-panel-background, rgb(255 255 255 / 0.92));
    color: var(--gm-panel-color, #1f2933);
    font: 12px/1.4 var(--gm-font-family, sans-serif);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .status__dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--gm-live-connecting, #9aa5b1);
  }
  .status--connected .status__dot {
    background: var(--gm-live-connected, #2e7d32);
  }
  .status--reconnecting .status__dot {
    background: var(--gm-live-reconnecting, #f9a825);
  }
  .status--offline .status__dot {
    background: var(--gm-live-offline, #c62828);
  }
  .status__time {
    opacity: 0.75;
  }

  .status__resync {
    font-weight: 600;
  }
`;
