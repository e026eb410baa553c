import { Map as MaplibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'geojson';
const base = new URL('/fixtures/out/chongqing/', location.href);
const manifest = await (await fetch(new URL('manifest.json', base))).json();
const palette = ['#2e7d32', '#f9a825', '#ef6c00', '#c62828', '#757575'];
const t0 = performance.now(); console.log('start');
const src: any = mode === 'geojson'
  ? { type: 'geojson', data: new URL('grids.geojson', base).href }
  : { type: 'vector', tiles: [decodeURI(new URL(manifest.levels.grid.tiles, base).href)], bounds: manifest.bounds, minzoom: 5, maxzoom: 11 };
const layer: any = { id: 'grids', type: 'fill', source: 'grids', paint: {
  'fill-color': mode === 'geojson' ? ['match', ['%', ['id'], 5], 0, palette[0], 1, palette[1], 2, palette[2], 3, palette[3], palette[4]]
    : ['match', ['feature-state', 's'], 1, palette[1], 2, palette[2], 3, palette[3], 4, palette[4], palette[0]],
  'fill-antialias': params.get('aa') !== '0' } };
if (mode !== 'geojson') layer['source-layer'] = 'grids';
const map = new MaplibreMap({ container: 'map', bounds: manifest.bounds, attributionControl: false,
  canvasContextAttributes: { preserveDrawingBuffer: false }, fadeDuration: 0,
  style: { version: 8, sources: { grids: src }, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#000' } }, layer] } });
const gl = map.painter?.context.gl ?? (map.getCanvas().getContext('webgl2') as WebGL2RenderingContext);
const finish = () => { const px = new Uint8Array(4); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); };
await new Promise((r) => map.once('idle', r)); console.log('idle');
finish();
const load = performance.now() - t0;
async function repaint() { const t = performance.now(); map.triggerRepaint(); await new Promise((r) => map.once('render', r)); finish(); return performance.now() - t; }
console.log('loaded'); const reps = []; for (let i = 0; i < 5; i++) reps.push(await repaint());
let fs = 0;
if (mode !== 'geojson') {
  const t = performance.now();
  for (let id = 0; id < 0; id++);
  const feats = map.querySourceFeatures('grids', { sourceLayer: 'grids' });
  const ids = new Set(feats.map((f) => f.id));
  (window as any).nIds = ids.size;
  const statuses = await (await fetch(new URL('statuses.json', base))).json();
  const t1 = performance.now(); console.log('statuses');
  const N = Number(params.get('n') ?? 65000); for (const code of Object.keys(statuses.grids).slice(0, N)) map.setFeatureState({ source: 'grids', sourceLayer: 'grids', id: Number(code) }, { s: (Number(code) % 5) }); console.log('set', performance.now() - t1);
  await new Promise((r) => map.once('render', r)); finish();
  (window as any).fsOnly = Math.round(performance.now() - t1);
  fs = performance.now() - t;
  (window as any).nIds = ids.size;
}
const reps2 = []; for (let i = 0; i < 3; i++) reps2.push(await repaint());
(window as any).result = { mode, load: Math.round(load), repaint: reps.map(Math.round), fullUpdate: Math.round(fs), fsOnly: (window as any).fsOnly, repaintAfter: reps2.map(Math.round), zoom: map.getZoom().toFixed(2), n: (window as any).nIds };
