// Fixture preview: the generated Chongqing boundaries, straight from the fixture's vector tiles,
// so a person can look at what the generator made. Plain MapLibre on purpose: it shows the data,
// not the components.
import { Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';

const manifestUrl = new URL('/fixtures/out/chongqing/manifest.json', location.href);
const manifest = await (await fetch(manifestUrl)).json();
const tileUrl = decodeURI(new URL(manifest.tiles.url, manifestUrl).href);
const info = document.querySelector('#info')!;
info.textContent = Object.entries(manifest.counts as Record<string, number>)
  .map(([kind, n]) => `${kind} ${n.toLocaleString()}`)
  .join(' · ');

const layer = (level: string) => manifest.levels[level].sourceLayer as string;
const map = new MaplibreMap({
  container: 'map',
  bounds: manifest.bounds,
  attributionControl: false,
  localIdeographFontFamily: "'Noto Sans CJK SC', sans-serif",
  style: {
    version: 8,
    sources: {
      areas: { type: 'vector', tiles: [tileUrl], bounds: manifest.bounds, minzoom: manifest.tiles.minzoom, maxzoom: manifest.tiles.maxzoom },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#0b1220' } },
      { id: 'grid-fill', type: 'fill', source: 'areas', 'source-layer': layer('grid'),
        paint: { 'fill-color': ['match', ['%', ['id'], 5], 0, '#1d4e89', 1, '#246aa8', 2, '#2a7fbf', 3, '#1b5f99', '#17456f'] } },
      { id: 'grid-line', type: 'line', source: 'areas', 'source-layer': layer('grid'), minzoom: 10,
        paint: { 'line-color': '#8fb8e8', 'line-width': 0.4 } },
      { id: 'community-line', type: 'line', source: 'areas', 'source-layer': layer('community'), minzoom: 8,
        paint: { 'line-color': '#c9e2ff', 'line-width': 0.8 } },
      { id: 'town-line', type: 'line', source: 'areas', 'source-layer': layer('town'),
        paint: { 'line-color': '#e8f1ff', 'line-width': 1 } },
      { id: 'district-line', type: 'line', source: 'areas', 'source-layer': layer('district'),
        paint: { 'line-color': '#ffd166', 'line-width': 2 } },
      { id: 'district-label', type: 'symbol', source: 'areas', 'source-layer': layer('district'), maxzoom: 9,
        layout: { 'text-field': ['get', 'name'], 'text-size': 14, 'text-font': ['sans-serif'] },
        paint: { 'text-color': '#ffffff', 'text-halo-color': '#0b1220', 'text-halo-width': 1.5 } },
      { id: 'town-label', type: 'symbol', source: 'areas', 'source-layer': layer('town'), minzoom: 9,
        layout: { 'text-field': ['get', 'name'], 'text-size': 12, 'text-font': ['sans-serif'] },
        paint: { 'text-color': '#ffffff', 'text-halo-color': '#0b1220', 'text-halo-width': 1.5 } },
    ],
  },
});
Object.assign(window, { map });
