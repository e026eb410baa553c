// The baseline: plain MapLibre, all 65,000 grids in one GeoJSON source coloured by a data-driven
// `status` property, updated with setData (what a team would write without this library).
import type { FeatureCollection } from 'geojson';
import { Map as MaplibreMap, type GeoJSONSource } from 'maplibre-gl';
import { FIXTURE, panZoom, rankFor, rendered, timeToRendered, whenSourceDrawn } from './measure.js';

const COLOURS = ['#22c55e', '#facc15', '#fb923c', '#ef4444', '#94a3b8'];
const manifest = await (await fetch(`${FIXTURE}manifest.json`)).json();
const map = new MaplibreMap({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#020617' } }] },
  attributionControl: false,
  fadeDuration: 0,
  bounds: manifest.bounds,
  fitBoundsOptions: { padding: 20 },
});
const [grids, statuses] = await Promise.all([
  fetch(`${FIXTURE}grids.geojson`).then((r) => r.json() as Promise<FeatureCollection>),
  fetch(`${FIXTURE}statuses.json`).then((r) => r.json()),
]);
// The worst status over the four boards, as a property of each feature. statuses.json lists one
// digit per grid and board, the grids in the order of areas.json, which grids.geojson shares.
const width: number = statuses.boards.length;
grids.features.forEach((feature, i) => {
  const row = [...(statuses.grids as string).slice(i * width, (i + 1) * width)].map(Number);
  feature.properties!.status = row.length ? Math.max(...row) : 4;
});
await new Promise((r) => (map.loaded() ? r(null) : map.once('load', r)));
const firstOutlines = whenSourceDrawn(map, () => 'grids');
map.addSource('grids', { type: 'geojson', data: grids });
map.addLayer({
  id: 'grids',
  type: 'fill',
  source: 'grids',
  paint: { 'fill-color': ['match', ['get', 'status'], 0, COLOURS[0], 1, COLOURS[1], 2, COLOURS[2], 3, COLOURS[3], COLOURS[4]] },
});
await rendered(map);
const loaded = performance.now();
const source = map.getSource('grids') as GeoJSONSource;

window.bench = {
  load: { firstOutlines: await firstOutlines, loaded },
  repaint: () => timeToRendered(map, () => {}),
  fullUpdate: (round) =>
    timeToRendered(map, () => {
      grids.features.forEach((f, i) => (f.properties!.status = rankFor(i, round)));
      source.setData(grids);
    }),
  smallUpdate: (round) =>
    timeToRendered(map, () => {
      for (let i = 0; i < 100; i++) grids.features[i * 650].properties!.status = rankFor(i, round);
      source.setData(grids);
    }),
  panZoom: () => panZoom(map),
};
