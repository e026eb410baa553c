// Sources and layers of the area hierarchy: one source per level (vector tiles or GeoJSON), and
// per level a fill coloured by status, an outline and labels. Pure functions of the manifest and
// the palette; the engine's parts add them to the map and toggle visibility.
import type {
  FillLayerSpecification,
  LayerSpecification,
  LineLayerSpecification,
  SourceSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { BoundaryLevel } from '../model/codes.js';
import { isTiled, type LevelSource, type Manifest } from '../model/manifest.js';
import { statusColor, type MapPalette } from './status-paint.js';

export const sourceId = (level: BoundaryLevel) => `gm-${level}`;
export const fillLayerId = (level: BoundaryLevel) => `gm-${level}-fill`;
export const lineLayerId = (level: BoundaryLevel) => `gm-${level}-line`;
export const labelLayerId = (level: BoundaryLevel) => `gm-${level}-label`;

/** Zooms at which each level's outline and labels appear (the fills follow the display level). */
export const LINE_MIN_ZOOM: Record<BoundaryLevel, number> = { district: 0, town: 0, community: 8.5, grid: 10.5, 'microgrid': 12.5 };
/** Outline widths in CSS pixels. */
export const LINE_WIDTH: Record<BoundaryLevel, number> = { district: 2, town: 1, community: 0.8, grid: 0.5, 'microgrid': 0.4 };
const LABEL_ZOOMS: Record<BoundaryLevel, [number, number]> = {
  district: [0, 9],
  town: [8, 12],
  community: [10, 14],
  grid: [12.5, 24],
  'microgrid': [15, 24],
};
const LABEL_SIZE: Record<BoundaryLevel, number> = { district: 15, town: 13, community: 12, grid: 11, 'microgrid': 10 };
/**
 * The labels' font stack. No glyphs URL in the style: MapLibre draws every glyph locally, Latin and
 * digits from this stack (as a CSS family), CJK from the map's localIdeographFontFamily.
 */
export const LABEL_FONT = 'sans-serif';

/**
 * A level's source. Vector tiles when the manifest has them; otherwise GeoJSON (the features, or a
 * URL of them), whose features carry `id` = the numeric code for feature-state (model/boundary-level.ts).
 */
function areaSource(level: LevelSource, bounds: Manifest['bounds'], data?: FeatureCollection | string): SourceSpecification {
  const ids = level.codeField ? { promoteId: level.codeField } : {};
  if (level.tilejson) return { type: 'vector', url: level.tilejson, ...ids };
  // A PMTiles archive as a tile template of the `pmtiles` protocol (engine/pmtiles-protocol.ts): its
  // zooms are in the manifest, so the map asks for tiles at once instead of reading the archive's
  // header first as a TileJSON `url: 'pmtiles://…'` would.
  const template = level.pmtiles ? `pmtiles://${level.pmtiles}/{z}/{x}/{y}` : level.tiles;
  if (template) {
    return { type: 'vector', tiles: [template], bounds, minzoom: level.minzoom ?? 0, maxzoom: level.maxzoom ?? 14, ...ids };
  }
  return { type: 'geojson', data: data ?? { type: 'FeatureCollection', features: [] }, tolerance: 0.6 };
}

/**
 * Every source of the hierarchy, by id: one per level. A tiled level's labels come from the same
 * tiles (their `labelLayer`), so a tile is parsed once and counts as loaded once its labels are laid
 * out. Labels had sources of their own while the outlines were the first thing drawn (laying labels
 * out waits for their glyphs, drawn on the main thread); the first paint now waits for the names
 * anyway, the glyphs of every name are drawn after the load (label-glyphs.ts), and each second
 * source was nine more tile requests and parses at the city view: interleaved A/B, 12 runs each,
 * cold load 1,732 → 1,560 ms (docs/performance.md).
 */
export function areaSources(manifest: Manifest, geojson: Partial<Record<BoundaryLevel, FeatureCollection | string>>): [string, SourceSpecification][] {
  return manifest.hierarchyLevels.map((level) => [sourceId(level), areaSource(manifest.levels[level]!, manifest.bounds, geojson[level])]);
}

/**
 * Every layer of the hierarchy, by slot (engine/layer-slots.ts): the fills (all hidden: the
 * selection shows one level), the outlines and the names, each finest level first where they
 * overlap. MapLibre places symbols of higher layers first: district names win over town names.
 */
export function areaLayers(manifest: Manifest, palette: MapPalette): { fills: LayerSpecification[]; lines: LayerSpecification[]; labels: LayerSpecification[] } {
  const bottomUp = [...manifest.hierarchyLevels].reverse();
  return {
    fills: manifest.hierarchyLevels.map((level) => fillLayer(level, manifest, palette)),
    lines: bottomUp.map((level) => lineLayer(level, manifest, palette)),
    labels: bottomUp.map((level) => labelLayer(level, manifest, palette)),
  };
}

function sourceOf(level: BoundaryLevel, manifest: Manifest, layer: 'polygons' | 'labels') {
  const spec = manifest.levels[level]!;
  if (!isTiled(spec)) return { source: sourceId(level) };
  if (layer === 'labels' && spec.labelLayer) return { source: sourceId(level), 'source-layer': spec.labelLayer };
  return { source: sourceId(level), 'source-layer': spec.sourceLayer ?? level };
}

function fillLayer(level: BoundaryLevel, manifest: Manifest, palette: MapPalette): FillLayerSpecification {
  return {
    id: fillLayerId(level),
    type: 'fill',
    ...sourceOf(level, manifest, 'polygons'),
    layout: { visibility: 'none' },
    paint: {
      'fill-color': statusColor(palette),
      'fill-opacity': palette.fillOpacity,
      // Antialiasing draws every polygon's edge a second time: with 65,000 grids in software WebGL
      // it costs ~40 % of a frame, and the outline layers already draw the edges that matter.
      'fill-antialias': false,
    },
  } as FillLayerSpecification;
}

function lineLayer(level: BoundaryLevel, manifest: Manifest, palette: MapPalette): LineLayerSpecification {
  return {
    id: lineLayerId(level),
    type: 'line',
    ...sourceOf(level, manifest, 'polygons'),
    minzoom: LINE_MIN_ZOOM[level],
    // Miter joins (MapLibre's default; corners sharper than its miter limit are bevelled): one
    // pair of vertices per point, where bevel joins add a pair at every corner. The city view's
    // district and town outlines went from 68,470 vertices to 39,342, and their share of a frame
    // in software WebGL from ~34 to ~27 ms (docs/performance.md, "A frame, layer by layer").
    layout: { 'line-join': 'miter' },
    paint: { 'line-color': palette.outline[level], 'line-width': LINE_WIDTH[level] },
  } as LineLayerSpecification;
}

function labelLayer(level: BoundaryLevel, manifest: Manifest, palette: MapPalette): SymbolLayerSpecification {
  const [minzoom, maxzoom] = LABEL_ZOOMS[level];
  const nameField = manifest.levels[level]!.nameField ?? 'name';
  return {
    id: labelLayerId(level),
    type: 'symbol',
    ...sourceOf(level, manifest, 'labels'),
    minzoom,
    maxzoom,
    layout: {
      'text-field': ['to-string', ['get', nameField]],
      'text-size': LABEL_SIZE[level] * palette.labelScale,
      'text-font': [LABEL_FONT],
      'text-max-width': 8,
      'symbol-placement': 'point',
    },
    paint: { 'text-color': palette.label, 'text-halo-color': palette.labelHalo, 'text-halo-width': 1.5 },
  } as SymbolLayerSpecification;
}

/** Where the areas of a level live in the map: the source layer for vector tiles, undefined for GeoJSON. */
export type SourceLayers = Partial<Record<BoundaryLevel, string | undefined>>;

/** The source layer of each level's polygons (undefined for GeoJSON sources), for feature-state and queries. */
export function areaSourceLayers(manifest: Manifest): SourceLayers {
  return Object.fromEntries(manifest.hierarchyLevels.map((l) => [l, isTiled(manifest.levels[l]!) ? (manifest.levels[l]!.sourceLayer ?? l) : undefined]));
}
