// 闭环派单 on the map: for each open work order a light on its grid (挂单计时·亮灯: green in time,
// amber in the state's last fifth, red overdue), a line from each assignee's live position to the
// grid and a ring around each assignee, over halos in the label halo's colour. The light is an
// expression over a clock in the map's global state: a tick re-colours every order and re-sends no
// data (as the events' lights, events-layer.ts). Escalated orders also pulse (a custom layer,
// work-orders-part.ts).
import type { Feature, LineString, Point } from 'geojson';
import type { CircleLayerSpecification, ExpressionSpecification, GeoJSONSourceSpecification, LineLayerSpecification } from 'maplibre-gl';
import type { WorkOrder } from '../model/work-order.js';
import type { MapPalette } from './status-paint.js';
import { OVERLAY_HIDDEN } from './overlay-layers.js';

export const WORK_ORDERS_SOURCE = 'gm-work-orders';
export const WORK_ORDER_LIGHTS = 'gm-work-order-lights';
export const WORK_ORDER_LINES = 'gm-work-order-lines';
export const WORK_ORDER_ASSIGNEES = 'gm-work-order-assignees';
/** The escalated orders' pulsing rings (a custom layer). */
export const WORK_ORDER_PULSE = 'gm-work-order-pulse';
export const WORK_ORDER_HALOS = ['gm-work-order-lines-halo', 'gm-work-order-assignees-halo', 'gm-work-order-lights-halo'] as const;
/** The style layers (shown once there is an order). */
export const WORK_ORDER_LAYERS = [WORK_ORDER_LINES, WORK_ORDER_ASSIGNEES, WORK_ORDER_LIGHTS, ...WORK_ORDER_HALOS];
/** The global-state clock the lights are computed at (epoch ms). */
export const WORK_ORDERS_CLOCK_STATE = 'gmWorkOrdersNow';

export function workOrdersSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

/** What the lights are computed from: when the order entered its state and when it is overdue. */
function timing(order: WorkOrder) {
  return { order: order.id, state: order.state, since: Date.parse(order.stateSince), due: Date.parse(order.dueAt) };
}

/** The order's light on its grid (`point`: the grid's label point). Feature id `light:<order>`. */
export function lightFeature(order: WorkOrder, point: [number, number]): Feature<Point> {
  return { type: 'Feature', id: `light:${order.id}`, geometry: { type: 'Point', coordinates: point }, properties: { kind: 'light', ...timing(order) } };
}

/** The line from an assignee to the grid and the ring around the assignee. Feature ids `line:` / `assignee:<order>:<staff>`. */
export function assigneeFeatures(order: WorkOrder, staff: string, at: [number, number], grid: [number, number]): Feature<LineString | Point>[] {
  const props = { ...timing(order), staff };
  return [
    { type: 'Feature', id: `line:${order.id}:${staff}`, geometry: { type: 'LineString', coordinates: [at, grid] }, properties: { kind: 'line', ...props } },
    { type: 'Feature', id: `assignee:${order.id}:${staff}`, geometry: { type: 'Point', coordinates: at }, properties: { kind: 'assignee', ...props } },
  ];
}

/** orderLight() in expression form, at the global-state clock: the light's colour. */
export function lightColor(palette: MapPalette): ExpressionSpecification {
  const clock: ExpressionSpecification = ['number', ['global-state', WORK_ORDERS_CLOCK_STATE], 0];
  const warnFrom: ExpressionSpecification = ['-', ['get', 'due'], ['/', ['-', ['get', 'due'], ['get', 'since']], 5]];
  return ['case', ['>=', clock, ['get', 'due']], palette.light.overdue, ['>=', clock, warnFrom], palette.light['due-soon'], palette.light['on-time']];
}

const ofKind = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

export function workOrderLayers(palette: MapPalette): (LineLayerSpecification | CircleLayerSpecification)[] {
  const s = palette.labelScale;
  const color = lightColor(palette);
  const ring = (id: string, kind: string, radius: number, stroke: string | ExpressionSpecification, width: number, fill = 'rgba(0, 0, 0, 0)'): CircleLayerSpecification => ({
    id,
    type: 'circle',
    source: WORK_ORDERS_SOURCE,
    filter: ofKind(kind),
    layout: { ...OVERLAY_HIDDEN },
    paint: { 'circle-radius': radius * s, 'circle-color': fill, 'circle-stroke-color': stroke, 'circle-stroke-width': width * s },
  });
  return [
    {
      id: WORK_ORDER_HALOS[0],
      type: 'line',
      source: WORK_ORDERS_SOURCE,
      filter: ofKind('line'),
      layout: { 'line-cap': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': palette.labelHalo, 'line-width': 7 * s, 'line-opacity': 0.9 },
    },
    {
      id: WORK_ORDER_LINES,
      type: 'line',
      source: WORK_ORDERS_SOURCE,
      filter: ofKind('line'),
      layout: { 'line-cap': 'round', ...OVERLAY_HIDDEN },
      paint: { 'line-color': color, 'line-width': 3 * s, 'line-dasharray': [2, 1.5] },
    },
    // The assignee: a ring in the selection colour (the person who was sent), over a halo.
    ring(WORK_ORDER_HALOS[1], 'assignee', 14, palette.labelHalo, 7),
    ring(WORK_ORDER_ASSIGNEES, 'assignee', 14, palette.selected, 3.5),
    // The light: a filled disc in the light's colour with a rim that reads on any grid colour.
    ring(WORK_ORDER_HALOS[2], 'light', 12, palette.labelHalo, 0, palette.labelHalo),
    { ...ring(WORK_ORDER_LIGHTS, 'light', 8, palette.label, 1.5), paint: { 'circle-radius': 8 * s, 'circle-color': color, 'circle-stroke-color': palette.label, 'circle-stroke-width': 1.5 * s } },
  ];
}
