import { css, unsafeCSS } from 'lit';
import maplibreCss from 'maplibre-gl/dist/maplibre-gl.css?inline';

/**
 * Theme tokens live on :host so a page can override any of them on the element or an ancestor.
 * The canvas reads them through readPalette() whenever `theme` changes.
 */
export const mapStyles = [
  unsafeCSS(maplibreCss),
  css`
    :host {
      display: block;
      position: relative;
      min-height: 200px;
      --gm-font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
      --gm-status-normal: #2e7d32;
      --gm-status-attention: #f9a825;
      --gm-status-warning: #ef6c00;
      --gm-status-emergency: #d32f2f;
      --gm-status-unknown: #9e9e9e;
      --gm-map-no-data: #cfd8dc;
      --gm-map-background: #eef2f6;
      --gm-outline-district: #263238;
      --gm-outline-town: #546e7a;
      --gm-outline-community: #90a4ae;
      --gm-outline-grid: #b0bec5;
      --gm-outline-microgrid: #cfd8dc;
      --gm-highlight: #1565c0;
      --gm-selected: #0d47a1;
      --gm-label-color: #1f2933;
      --gm-label-halo: #ffffff;
      --gm-label-scale: 1;
      --gm-fill-opacity: 0.85;
      --gm-panel-background: rgb(255 255 255 / 0.92);
      --gm-panel-color: #1f2933;
      --gm-panel-radius: 6px;
      --gm-focus-ring: 2px solid #1565c0;
      --gm-board-party: #c62828;
      --gm-board-economy: #1565c0;
      --gm-board-livelihood: #6a1b9a;
      --gm-board-safety: #00796b;
      --gm-cluster-color: #37474f;
      --gm-staff-on-duty: #2e7d32;
      --gm-staff-busy: #ef6c00;
      --gm-staff-off-duty: #607d8b;
      --gm-light-on-time: #2e7d32;
      --gm-light-due-soon: #f9a825;
      --gm-light-overdue: #d32f2f;
      --gm-alert-emergency: #ff1744;
      --gm-alert-warning: #ff9100;
      --gm-alert-attention: #ffd600;
      --gm-fence-restricted: #d50000;
      --gm-fence-watch: #ff8f00;
    }
    :host([theme='dark']) {
      --gm-status-normal: #43a047;
      --gm-status-attention: #fdd835;
      --gm-status-warning: #fb8c00;
      --gm-status-emergency: #f4433c;
      --gm-status-unknown: #78909c;
      --gm-map-no-data: #37474f;
      --gm-map-background: #0f172a;
      --gm-outline-district: #e2e8f0;
      --gm-outline-town: #94a3b8;
      --gm-outline-community: #64748b;
      --gm-outline-grid: #475569;
      --gm-outline-microgrid: #334155;
      --gm-highlight: #38bdf8;
      --gm-selected: #7dd3fc;
      --gm-label-color: #f1f5f9;
      --gm-label-halo: #0f172a;
      --gm-panel-background: rgb(15 23 42 / 0.9);
      --gm-panel-color: #e2e8f0;
      --gm-focus-ring: 2px solid #38bdf8;
    }
    /* A wall display: dark, high contrast, larger labels, read from metres away. */
    :host([theme='screen']) {
      --gm-status-normal: #00c853;
      --gm-status-attention: #ffd600;
      --gm-status-warning: #ff6d00;
      --gm-status-emergency: #ff1744;
      --gm-status-unknown: #90a4ae;
      --gm-map-no-data: #263238;
      --gm-map-background: #020617;
      --gm-outline-district: #ffffff;
      --gm-outline-town: #cbd5e1;
      --gm-outline-community: #64748b;
      --gm-outline-grid: #334155;
      --gm-outline-microgrid: #1e293b;
      --gm-highlight: #00e5ff;
      --gm-selected: #ffffff;
      --gm-label-color: #ffffff;
      --gm-label-halo: #000000;
      --gm-label-scale: 1.5;
      --gm-fill-opacity: 0.9;
      --gm-panel-background: rgb(2 6 23 / 0.92);
      --gm-panel-color: #ffffff;
      --gm-focus-ring: 3px solid #00e5ff;
    }
    .base {
      position: absolute;
      inset: 0;
      overflow: hidden;
      background: var(--gm-map-background);
      font-family: var(--gm-font-family);
    }
    .map {
      position: absolute;
      inset: 0;
      /* Scaled up by the density (set on it by the element): see applyDensity. */
      transform-origin: 0 0;
    }
    /* The panels, messages and progress drawn density times larger (CSS zoom: every length in them). */
    .corner,
    .progress,
    .message {
      zoom: var(--gm-density, 1);
    }
    .print-frame {
      display: none;
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
    }
    /* On paper: the frame copied before printing (a WebGL canvas prints blank), the panels kept
       (legend, statistics) on their own backgrounds, the buttons and messages left out. */
    @media print {
      :host {
        break-inside: avoid;
        print-color-adjust: exact;
        -webkit-print-color-adjust: exact;
      }
      .print-frame {
        display: block;
      }
      .map {
        visibility: hidden;
      }
      .progress,
      .message {
        display: none !important;
      }
    }
    .map:focus-within {
      outline: var(--gm-focus-ring);
      outline-offset: -3px;
    }
    .corner {
      position: absolute;
      display: flex;
      flex-direction: column;
      gap: 8px;
      z-index: 2;
      margin: 10px;
      /* Each control as wide as its content: a long one must not stretch its neighbours' panels over the map. */
      align-items: flex-start;
    }
    .top-left { top: 0; left: 0; }
    .top-right { top: 0; right: 0; align-items: flex-end; }
    .bottom-left { bottom: 0; left: 0; }
    .bottom-right { bottom: 0; right: 0; align-items: flex-end; }
    .progress,
    .message {
      position: absolute;
      left: 50%;
      transform: translateX(-50%);
      z-index: 3;
      padding: 8px 14px;
      border-radius: var(--gm-panel-radius);
      background: var(--gm-panel-background);
      color: var(--gm-panel-color);
      font-size: calc(14px * var(--gm-label-scale));
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
    }
    .progress { top: 12px; }
    .progress[hidden],
    .message[hidden] { display: none; }
    .progress__bar {
      height: 3px;
      margin-top: 6px;
      background: var(--gm-highlight);
      transition: width 0.3s;
    }
    .message {
      bottom: 16px;
      display: flex;
      gap: 12px;
      align-items: center;
      max-width: min(90%, 40em);
    }
    .message__line { display: block; }
    .message button {
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid currentColor;
      border-radius: 4px;
      cursor: pointer;
    }
    @media (prefers-reduced-motion: reduce) {
      .progress__bar { transition: none; }
    }
  `,
];
