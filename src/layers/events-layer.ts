// 网格事件 on the map: an icon per closed-loop status on a badge in the colour of its overdue
// light (挂单计时·亮灯: green on time, amber due soon, red overdue; grey once closed). The light is
// an expression over a clock in the map's global state, in a layout property: a clock tick
// re-lays the events out in the worker and re-sends no data.
import type { Feature, Point } from 'geojson';
import type { ExpressionSpecification, GeoJSONSourceSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { mdiCheckCircle, mdiClipboardAlertOutline, mdiProgressWrench, mdiSend } from '@mdi/js';
import { timeMs, type GridEvent, type GridEventStatus } from '../model/grid-event.js';
import { iconMatrix, type IconSpec } from './icons.js';
import type { MapPalette } from './status-paint.js';

export const EVENTS_SOURCE = 'gm-events';
export const EVENTS_LAYER = 'gm-events-icon';
/** Open events as small dots in their light's colour below ICON_MIN_ZOOM (not clickable). */
export const EVENTS_DOT_LAYER = 'gm-events-dot';
/** Events are icons from this zoom: at the city view 3,000 icons would hide the grids and take every click. */
export const ICON_MIN_ZOOM = 10;
export const EVENTS_CLOCK_STATE = 'gmEventsNow';
export const EVENTS_WARN_STATE = 'gmEventsWarnMs';

const PICTOGRAMS: Record<GridEventStatus, string> = {
  reported: mdiClipboardAlertOutline,
  dispatched: mdiSend,
  handling: mdiProgressWrench,
  closed: mdiCheckCircle,
};

const iconName = (status: string, light: string) => `gm-event-${status}-${light}`;

export function eventIcons(palette: MapPalette): Record<string, IconSpec> {
  // A closed event has no light: its icon is drawn in the off-duty grey.
  const colors = { ...palette.light, none: palette.staff['off-duty'] };
  return { ...iconMatrix(PICTOGRAMS, colors, iconName), ...iconMatrix({ dot: '' }, palette.light, iconName) };
}

export function eventsSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

export function eventFeature(event: GridEvent): Feature<Point> {
  return {
    type: 'Feature',
    id: event.id,
    geometry: { type: 'Point', coordinates: event.lngLat },
    properties: { id: event.id, status: event.status, dueAt: timeMs(event.dueAt) },
  };
}

/** The icon of an event at the global-state clock (overdueLight() in expression form). */
function iconAtClock(pictogram: ExpressionSpecification | string): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'status'], 'closed'],
    'gm-event-closed-none',
    ['>', ['global-state', EVENTS_CLOCK_STATE], ['get', 'dueAt']],
    ['concat', 'gm-event-', pictogram, '-overdue'],
    ['>', ['global-state', EVENTS_CLOCK_STATE], ['-', ['get', 'dueAt'], ['global-state', EVENTS_WARN_STATE]]],
    ['concat', 'gm-event-', pictogram, '-due-soon'],
    ['concat', 'gm-event-', pictogram, '-on-time'],
  ];
}

/**
 * The events' drawing order at the global-state clock: overdue (2) over due soon (1) over on time
 * (0). A few classes, not the due time itself: MapLibre draws each distinct sort key of a symbol
 * layer that allows overlap as a segment of its own, with a draw call and a vertex array. Sorted
 * by due time, the city's 3,229 events were as many draw calls in every frame, and the vertex
 * arrays grew with every event a live feed added.
 */
function urgencyAtClock(): ExpressionSpecification {
  const clock: ExpressionSpecification = ['global-state', EVENTS_CLOCK_STATE];
  return [
    'case',
    ['>', clock, ['get', 'dueAt']],
    2,
    ['>', clock, ['-', ['get', 'dueAt'], ['global-state', EVENTS_WARN_STATE]]],
    1,
    0,
  ];
}

export function eventsLayers(palette: MapPalette): SymbolLayerSpecification[] {
  return [
    {
      id: EVENTS_DOT_LAYER,
      type: 'symbol',
      source: EVENTS_SOURCE,
      maxzoom: ICON_MIN_ZOOM,
      filter: ['!=', ['get', 'status'], 'closed'],
      layout: {
        'icon-image': iconAtClock('dot'),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': 0.35,
        'symbol-sort-key': urgencyAtClock(),
      },
    },
    {
      id: EVENTS_LAYER,
      type: 'symbol',
      source: EVENTS_SOURCE,
      minzoom: ICON_MIN_ZOOM,
      layout: {
        'icon-image': iconAtClock(['get', 'status']),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': palette.labelScale > 1 ? 1.1 : 0.85,
        'symbol-sort-key': urgencyAtClock(),
      },
    },
  ];
}
