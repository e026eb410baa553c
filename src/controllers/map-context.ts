import { createContext } from '@lit/context';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { MapPalette } from '../layers/status-paint.js';
import type { Board } from '../model/board.js';

/**
 * What `<gm-map>` gives the data layers inside it (Lit context): a new object whenever one of
 * these changes, so a layer's `updated()` sees the change.
 */
export interface MapHandle {
  /** The MapLibre map, once made (a new one after each re-connect); undefined meanwhile. */
  readonly map?: MaplibreMap;
  /** The active boards. */
  readonly boards: readonly Board[];
  /** The theme's colours for the canvas. */
  readonly palette: MapPalette;
}

// Symbol.for: two copies of the library on one page still find each other's maps.
export const mapContext = createContext<MapHandle | undefined>(Symbol.for('gm-map-handle'));
