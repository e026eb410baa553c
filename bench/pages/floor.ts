// The empty-map floor: MapLibre with a background only, to rendered.
import { Map as MaplibreMap } from 'maplibre-gl';
import { referenceLoaded } from './measure.js';

const map = new MaplibreMap({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#020617' } }] },
  attributionControl: false,
  fadeDuration: 0,
  center: [107.7, 30.2],
  zoom: 7.3,
});
await referenceLoaded(map);
