// 闭环派单 on the map: for each open work order a light on its grid (挂单计时·亮灯: green in time,
// amber in the state's last fifth, red overdue), a line from each assignee's live position to the
// grid and a ring around each assignee, over halos in the label halo's colour. The light is an
// expression over a clock in the map's global state: a tick re-colours every order and re-sends no
// data (as the events' lights, events-layer.ts). Escalated orders also pulse (a custom layer,
// work-orders-part.ts).
import type { Feature, LineString, Point } from 'geojson';
import type { CircleLayerSpecification, ExpressionSpecification, GeoJSONSourceSpecification, LineLayerSpecification } from 'maplibre-gl';
import type { OverdueLight } from '../model/grid-event.js';
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

export function workOrdersSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

type Light = OverdueLight;

/** The order's light on its grid (`point`: the grid's label point). Feature id `light:<order>`. */
export function lightFeature(order: WorkOrder, light: Light, point: [number, number]): Feature<Point> {
  return { type: 'Feature', id: `light:${order.id}`, geometry: { type: 'Point', coordinates: point }, properties: { kind: 'light', order: order.id, state: order.state, light } };
}

/** The line from an assignee to the grid and the ring around the assignee. Feature ids `line:` / `assignee:<order>:<staff>`. */
export function assigneeFeatures(order: WorkOrder, light: Light, staff: string, at: [number, number], grid: [number, number]): Feature<LineString | Point>[] {
  const props = { order: order.id, state: order.state, light, staff };
  return [
    { type: 'Feature', id: `line:${order.id}:${staff}`, geometry: { type: 'LineString', coordinates: [at, grid] }, properties: { kind: 'line', ...props } },
    { type: 'Feature', id: `assignee:${order.id}:${staff}`, geometry: { type: 'Point', coordinates: at }, properties: { kind: 'assignee', ...props } },
  ];
}

/** The light's colour, from the feature's `light`. */
export function lightColor(palette: MapPalette): ExpressionSpecification {
  return ['match', ['get', 'light'], 'overdue', palette.light.overdue, 'due-soon', palette.light['due-soon'], palette.light['on-time']];
}

const ofKind = (kind: string): ExpressionSpecification => ['==', ['get', 'kind'], kind];

/**
 * Lines and assignee rings are drawn from this zoom: below it a 300 m line is a few pixels, and at
 * the city view 2,000 orders' rings and halos were several screens of overdraw a frame (the pan/zoom
 * frame p95 2.3× the map without orders, measured by `npm run bench -- --ops orders`).
 */
export const ASSIGNEE_MIN_ZOOM = 11;

/** A size in pixels that grows with the zoom: `city` at the city view (7), `street` from the street level (12). */
const byZoom = (city: number, street: number, s: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 7, city * s, 12, street * s];

export function workOrderLayers(palette: MapPalette): (LineLayerSpecification | CircleLayerSpecification)[] {
  const s = palette.labelScale;
  const color = lightColor(palette);
  const circle = (id: string, kind: string, paint: CircleLayerSpecification['paint'], minzoom = 0): CircleLayerSpecification => ({
    id,
    type: 'circle',
    source: WORK_ORDERS_SOURCE,
    filter: ofKind(kind),
    minzoom,
    layout: { ...OVERLAY_HIDDEN },
    paint,
  });
  const line = (id: string, paint: LineLayerSpecification['paint']): LineLayerSpecification => ({
    id,
    type: 'line',
    source: WORK_ORDERS_SOURCE,
    filter: ofKind('line'),
    minzoom: ASSIGNEE_MIN_ZOOM,
    layout: { 'line-cap': 'round', ...OVERLAY_HIDDEN },
    paint,
  });
  const ring = { 'circle-radius': 14 * s, 'circle-color': 'rgba(0, 0, 0, 0)' };
  return [
    line(WORK_ORDER_HALOS[0], { 'line-color': palette.labelHalo, 'line-width': 7 * s, 'line-opacity': 0.9 }),
    line(WORK_ORDER_LINES, { 'line-color': color, 'line-width': 3 * s, 'line-dasharray': [2, 1.5] }),
    // The assignee: a ring in the selection colour (the person who was sent), over a halo.
    circle(WORK_ORDER_HALOS[1], 'assignee', { ...ring, 'circle-stroke-color': palette.labelHalo, 'circle-stroke-width': 7 * s }, ASSIGNEE_MIN_ZOOM),
    circle(WORK_ORDER_ASSIGNEES, 'assignee', { ...ring, 'circle-stroke-color': palette.selected, 'circle-stroke-width': 3.5 * s }, ASSIGNEE_MIN_ZOOM),
    // The light: a disc in the light's colour with a rim, on a halo that reads on any grid colour;
    // a dot at the city view (thousands of orders), a lamp at street level.
    circle(WORK_ORDER_HALOS[2], 'light', { 'circle-radius': byZoom(4.5, 12, s), 'circle-color': palette.labelHalo }),
    circle(WORK_ORDER_LIGHTS, 'light', { 'circle-radius': byZoom(3, 8, s), 'circle-color': color, 'circle-stroke-color': palette.label, 'circle-stroke-width': byZoom(0, 1.5, s) }),
  ];
}
