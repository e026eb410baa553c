// Plain MapLibre doing the least it can towards the gm page's city view: a reference for what the
// gm page's cold load could be at best on this machine (docs/performance.md, "What plain MapLibre
// needs"). `?layers=` picks from: `line` (one line given inline, nothing fetched: the least any layer
// drawn through MapLibre's worker costs), `district` (the 38 district outlines from their archive,
// one line layer), `mosaic` (the grid mosaic's tiles as a plain raster layer: pictures, no statuses),
// `town` (the town outlines from their archive). The benchmark's pages: plain-line, plain-district,
// plain-mosaic, and plain-city (mosaic, town and district together: the city view's coloured grids
// and outlines, without names, index, statuses or hover). Loaded to rendered as the floor is: its
// first idle frame, GPU finished.
import { addProtocol, Map as MaplibreMap, type LayerSpecification, type LngLatBoundsLike, type SourceSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import { FIXTURE, referenceLoaded } from './measure.js';

const protocol = new Protocol();
addProtocol('pmtiles', protocol.tile);
const archive = (file: string) => `pmtiles://${new URL(`${FIXTURE}${file}`, location.href).href}`;
// The city's bounds (the fixture manifest's `bounds`), given here rather than read from the manifest:
// the reference does not wait for a file the gm page has to read.
const bounds: LngLatBoundsLike = [105.29, 28.1611, 110.2002, 32.2021];
const SOURCES: Record<string, SourceSpecification> = {
  line: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[105.5, 28.5], [110, 32]] } } },
  mosaic: { type: 'raster', url: archive('grids.mosaic.pmtiles'), tileSize: 512 },
  town: { type: 'vector', url: archive('town.pmtiles') },
  district: { type: 'vector', url: archive('district.pmtiles') },
};
const LAYERS: LayerSpecification[] = [
  { id: 'mosaic', type: 'raster', source: 'mosaic', paint: { 'raster-resampling': 'nearest', 'raster-fade-duration': 0 } },
  { id: 'town', type: 'line', source: 'town', 'source-layer': 'towns', paint: { 'line-color': '#94a3b8', 'line-width': 0.6 } },
  { id: 'line', type: 'line', source: 'line', paint: { 'line-color': '#e2e8f0', 'line-width': 1.6 } },
  { id: 'district', type: 'line', source: 'district', 'source-layer': 'districts', paint: { 'line-color': '#e2e8f0', 'line-width': 1.6 } },
];
const drawnHere = new URLSearchParams(location.search).get('layers')?.split(',') ?? ['mosaic', 'town', 'district'];
const unknown = drawnHere.filter((id) => !SOURCES[id]);
if (unknown.length) throw new Error(`plain.html: no layer ${unknown.join(', ')}`);

const map = new MaplibreMap({
  container: 'map',
  style: {
    version: 8,
    sources: Object.fromEntries(drawnHere.map((id) => [id, SOURCES[id]])),
    layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#020617' } }, ...LAYERS.filter((layer) => drawnHere.includes(layer.id))],
  },
  attributionControl: false,
  fadeDuration: 0,
  bounds,
  fitBoundsOptions: { padding: 24 },
});
await referenceLoaded(map);
