import type { FeatureCollection } from 'geojson';
import { isLevelName, LEVEL_NAMES, type BoundaryLevel } from './codes.js';
import { MAX_AREA_NAME } from './area-index.js';

/**
 * The grid level drawn as an image for the city view (see docs/data.md): each pixel's RGB is the
 * 1-based position of its grid in the index's grid codes (0: none), pixels square in Web Mercator.
 * Either one image (`image`, with coarser `overviews`) or a pyramid of 512-pixel tiles (`pmtiles`
 * or `tiles`), which the map fetches only where the view is: what a city of hundreds of thousands
 * of grids needs, whose one image would be past any GPU's texture size.
 */
export interface GridMosaic extends Omit<MosaicImage, 'image'> {
  /** URL of the one PNG of the whole mosaic (no colour profile). */
  image?: string;
  /**
   * URL of a PMTiles archive of the mosaic as 512-pixel PNG tiles (what `gm-prepare` writes), read
   * with HTTP range requests. Tile zooms run from `minzoom` to the one nearest `maxzoom` (halves down: z12 for 12.5).
   */
  pmtiles?: string;
  /** `{z}/{x}/{y}` URL template of the same tiles as files; a tile that is not there (404) has no grid. */
  tiles?: string;
  /** The coarsest tile zoom of a tiled mosaic (default: 4 below the finest). */
  minzoom?: number;
  /**
   * Coarser copies of the image for zooms further out, each drawn up to its own `maxzoom` (below the
   * mosaic's): a city view needs a fraction of the full image's pixels, and the full image is then
   * fetched only once the view zooms in past them (see docs/data.md, The grid mosaic).
   */
  overviews?: MosaicImage[];
}

/** One image of the grid mosaic: the full one or an overview. */
export interface MosaicImage {
  /** URL of the PNG (no colour profile). */
  image: string;
  /** The image's edges: [west, south, east, north]. */
  bounds: [number, number, number, number];
  /**
   * The zoom up to which this image is drawn: for the mosaic itself, the zoom from which the grid
   * tiles draw instead; for an overview, the zoom from which the next finer image is wanted.
   */
  maxzoom: number;
}

/** Every image of a mosaic, coarsest first (ascending `maxzoom`); the last is the mosaic's own. */
export function mosaicImages(mosaic: GridMosaic): MosaicImage[] {
  if (!mosaic.image) return [];
  const own = { image: mosaic.image, bounds: mosaic.bounds, maxzoom: mosaic.maxzoom };
  return [...(mosaic.overviews ?? []).filter((o) => o.maxzoom < own.maxzoom), own].sort((a, b) => a.maxzoom - b.maxzoom);
}

/**
 * How one level's boundaries are served: vector tiles (a `{z}/{x}/{y}` server, a PMTiles archive or a
 * TileJSON document), GeoJSON, or both (tiles are preferred). See docs/data.md, Tile sources.
 */
export interface LevelSource {
  /** `{z}/{x}/{y}` URL template of a vector tile server (Martin, pg_tileserv, GeoServer, static files). */
  tiles?: string;
  /**
   * URL of a PMTiles archive (what `gm-prepare` writes): one file read with HTTP range requests, from
   * any static server that supports them. A `pmtiles://` prefix is accepted and dropped.
   */
  pmtiles?: string;
  /** URL of a TileJSON document describing a vector tile set (`tiles`, `minzoom`, `maxzoom`). */
  tilejson?: string;
  /** Source layer of the polygons in the tiles. */
  sourceLayer?: string;
  /**
   * The tile feature property holding the area's code, for tiles whose features carry no id (pg_tileserv,
   * some GeoServer layers); by default the feature id is the code. MapLibre's `promoteId`.
   */
  codeField?: string;
  /** The tile feature property holding the area's name (default `name`). */
  nameField?: string;
  /** Source layer of label points in the tiles (optional). */
  labelLayer?: string;
  minzoom?: number;
  maxzoom?: number;
  /** A GeoJSON FeatureCollection: URL, or the object itself (for the `boundaries` property). */
  geojson?: string | FeatureCollection;
  /** The finest level only: the mosaic for the city view (needs `index`). */
  mosaic?: GridMosaic;
  /**
   * The top level only: its outlines simplified for the whole-city view, as rings of
   * `[lng, lat, lng, lat, …]`; the map sketches them while its first paint waits for the tiles (docs/data.md).
   */
  preview?: number[][];
}

/** The data manifest: what `<gm-map src>` points at (see docs/data.md). */
export interface Manifest {
  name: string;
  code: string;
  bounds: [number, number, number, number];
  /** Each level's boundaries: 1 to 5 of district, town, community, grid, microgrid (the hierarchy keeps that order). */
  levels: Partial<Record<BoundaryLevel, LevelSource>>;
  /** The levels the manifest has, top down (derived from `levels`). */
  hierarchyLevels: readonly BoundaryLevel[];
  /** areas.json: names, label points and boxes of every area. */
  index?: string;
  data?: { statuses?: string; sites?: string; staff?: string; events?: string; alerts?: string };
}

/** The manifest's top level (below the city) and its finest (the grids' place: statuses, the mosaic). */
export const topLevel = (manifest: Manifest): BoundaryLevel => manifest.hierarchyLevels[0];
export const finestLevel = (manifest: Manifest): BoundaryLevel => manifest.hierarchyLevels[manifest.hierarchyLevels.length - 1];

/** Whether a level is drawn from vector tiles (of any of the three kinds) rather than GeoJSON. */
export const isTiled = (source: LevelSource): boolean => Boolean(source.tiles || source.pmtiles || source.tilejson);

/**
 * Checks a parsed manifest and resolves its relative URLs against the manifest's own URL.
 * @throws Error naming the first problem found
 */
export function resolveManifest(json: unknown, baseUrl: string): Manifest {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('the manifest is not a JSON object');
  const m = json as Partial<Manifest>;
  const bounds = m.bounds;
  if (!Array.isArray(bounds) || bounds.length !== 4 || !bounds.every(Number.isFinite)) {
    throw new Error('the manifest has no valid "bounds" [west, south, east, north]');
  }
  if (!(bounds[0] < bounds[2] && bounds[1] < bounds[3] && bounds[1] >= -90 && bounds[3] <= 90)) {
    throw new Error('the manifest "bounds" are out of range');
  }
  if (!m.levels || typeof m.levels !== 'object' || Array.isArray(m.levels)) throw new Error('the manifest has no "levels"');
  const unknown = Object.keys(m.levels).find((key) => !isLevelName(key));
  if (unknown !== undefined) throw new Error(`the manifest has an unknown level "${unknown.slice(0, 40)}" (levels: ${LEVEL_NAMES.join(', ')})`);
  const hierarchyLevels = LEVEL_NAMES.filter((level) => m.levels![level] !== undefined);
  if (!hierarchyLevels.length) throw new Error(`the manifest "levels" has none of ${LEVEL_NAMES.join(', ')}`);
  const [top, finest] = [hierarchyLevels[0], hierarchyLevels[hierarchyLevels.length - 1]];
  const resolve = (url: string) => decodeURI(new URL(url, baseUrl).href);
  const levels: Manifest['levels'] = {};
  for (const level of hierarchyLevels) {
    const source = m.levels[level];
    const kinds = (['tiles', 'pmtiles', 'tilejson'] as const).filter((k) => source?.[k] !== undefined);
    if (!source || (!kinds.length && source.geojson === undefined)) {
      throw new Error(`the manifest level "${level}" has none of "tiles", "pmtiles", "tilejson" or "geojson"`);
    }
    if (kinds.length > 1) throw new Error(`the manifest level "${level}" has both "${kinds[0]}" and "${kinds[1]}": give one tile source`);
    for (const k of kinds) if (typeof source[k] !== 'string' || !source[k]) throw new Error(`the manifest level "${level}" "${k}" is not a URL`);
    if (typeof source.tiles === 'string' && !/\{z\}.*\{x\}.*\{y\}/.test(source.tiles)) {
      throw new Error(`the manifest level "${level}" tiles URL lacks {z}/{x}/{y}`);
    }
    for (const k of ['sourceLayer', 'labelLayer', 'codeField', 'nameField'] as const) {
      if (source[k] !== undefined && (typeof source[k] !== 'string' || !source[k])) throw new Error(`the manifest level "${level}" "${k}" is not a name`);
    }
    levels[level] = {
      ...source,
      tiles: typeof source.tiles === 'string' ? resolve(source.tiles) : undefined,
      pmtiles: typeof source.pmtiles === 'string' ? resolve(source.pmtiles.replace(/^pmtiles:\/\//, '')) : undefined,
      tilejson: typeof source.tilejson === 'string' ? resolve(source.tilejson) : undefined,
      geojson: typeof source.geojson === 'string' ? resolve(source.geojson) : source.geojson,
      mosaic: level === finest && source.mosaic !== undefined ? resolveMosaic(source.mosaic, resolve) : undefined,
      preview: level === top && source.preview !== undefined ? checkPreview(source.preview) : undefined,
    };
  }
  const data = Object.fromEntries(
    Object.entries(m.data ?? {}).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, resolve(v as string)]),
  );
  return {
    // The city's name is shown like an area's: cut like one (a 1 MB name froze the page).
    name: typeof m.name === 'string' ? m.name.slice(0, MAX_AREA_NAME) : '',
    code: typeof m.code === 'string' ? m.code : '',
    bounds: bounds as Manifest['bounds'],
    levels,
    hierarchyLevels,
    index: typeof m.index === 'string' ? resolve(m.index) : undefined,
    data,
  };
}

/** The preview's rings, when each is an array of numbers (a bad coordinate only leaves a gap in the drawing). */
function checkPreview(preview: unknown): number[][] {
  const valid = Array.isArray(preview) && preview.every((ring) => Array.isArray(ring) && ring.every((v) => typeof v === 'number'));
  if (!valid) throw new Error('the manifest "preview" is not a list of rings [lng, lat, lng, lat, …]');
  return preview as number[][];
}

function resolveMosaic(mosaic: Partial<GridMosaic>, resolve: (url: string) => string): GridMosaic {
  const tiled = mosaic?.pmtiles ?? mosaic?.tiles;
  if (typeof tiled === 'string') return resolveTiledMosaic(mosaic, resolve);
  const own = resolveMosaicImage(mosaic, resolve, 'the manifest "mosaic" needs "image", "bounds" [west, south, east, north] and "maxzoom"');
  const overviews = mosaic?.overviews;
  if (overviews === undefined) return own;
  if (!Array.isArray(overviews)) throw new Error('the manifest mosaic "overviews" is not a list');
  return {
    ...own,
    overviews: overviews.map((o) => resolveMosaicImage(o, resolve, 'each mosaic overview needs "image", "bounds" and "maxzoom"')),
  };
}

function resolveTiledMosaic(mosaic: Partial<GridMosaic>, resolve: (url: string) => string): GridMosaic {
  const { pmtiles, tiles, minzoom } = mosaic;
  const { bounds, maxzoom } = resolveMosaicImage({ ...mosaic, image: '' }, resolve, 'a tiled manifest "mosaic" needs "bounds" [west, south, east, north] and "maxzoom"');
  const finest = Math.ceil(maxzoom - 0.5); // mosaic-pyramid.ts finestTileZoom (which imports this module)
  if (finest > 24 || (minzoom !== undefined && !(Number.isInteger(minzoom) && minzoom >= 0 && minzoom <= finest))) {
    throw new Error(`the manifest mosaic's tile zooms run from "minzoom" (a whole number, 0 or more) to the one nearest "maxzoom" (${finest}, at most 24)`);
  }
  const url = pmtiles ? { pmtiles: resolve(pmtiles.replace(/^pmtiles:\/\//, '')) } : { tiles: resolve(tiles!) };
  return { ...url, bounds, maxzoom, minzoom: minzoom ?? Math.max(0, finest - 4) };
}

function resolveMosaicImage(mosaic: Partial<MosaicImage>, resolve: (url: string) => string, problem: string): MosaicImage {
  const { image, bounds, maxzoom } = mosaic ?? {};
  const valid =
    typeof image === 'string' &&
    Array.isArray(bounds) &&
    bounds.length === 4 &&
    bounds.every(Number.isFinite) &&
    bounds[0] < bounds[2] &&
    bounds[1] < bounds[3] &&
    Number.isFinite(maxzoom);
  if (!valid) throw new Error(problem);
  return { image: resolve(image), bounds: bounds as MosaicImage['bounds'], maxzoom: maxzoom! };
}
