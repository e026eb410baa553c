// Where the grid mosaic's pieces lie and which of them a view wants: pure geometry in Web Mercator
// (0…1), no map, no GL. A mosaic is a pyramid of levels, coarsest first, each cut into pieces: one
// image per level (the mosaic and its overviews), or 512-pixel tiles on the XYZ grid (a tiled
// mosaic). The layer draws, and the part fetches, the pieces of the level wanted at the view's zoom
// that the view touches — as MapLibre's source caches do for raster tiles, which cannot be used
// here: the pixels are grid numbers coloured through a lookup texture (grid-mosaic-layer.ts).
import { mosaicImages, type GridMosaic } from './manifest.js';

/** A rectangle in Web Mercator: x0, y0 (north-west corner), width, height. */
export type MercatorFrame = readonly [number, number, number, number];

/** A rectangle in Web Mercator as its edges: min x, min y, max x, max y. */
export type MercatorBox = readonly [number, number, number, number];

/** One image of the pyramid: a whole level of an untiled mosaic, or a tile. */
export interface MosaicPiece {
  /** Unique in its pyramid: `level/x/y`. */
  readonly key: string;
  /** Its level: an index into the images (coarsest first), or a tile zoom. */
  readonly level: number;
  readonly x: number;
  readonly y: number;
  readonly frame: MercatorFrame;
}

/** The pieces of a mosaic by level and place. */
export interface MosaicPyramid {
  /** Whether the pieces are tiles (fetched as the view moves), not whole images. */
  readonly tiled: boolean;
  /** The level wanted at a zoom: pixels about the screen's size there. */
  levelAt(zoom: number): number;
  /** The pieces of a level that meet `box`, at most MAX_PIECES (a coarser level's when there would be more). */
  piecesIn(level: number, box: MercatorBox): MosaicPiece[];
  /** The piece of the next coarser level that covers this one, if any. */
  parent(piece: MosaicPiece): MosaicPiece | undefined;
  /** The pieces of the next finer level that cover this one. */
  children(piece: MosaicPiece): MosaicPiece[];
}

/** No view wants more tiles than this (a 4K screen at an odd zoom needs ~40); a pitched view that would takes a coarser level. */
export const MAX_PIECES = 64;

/**
 * A tiled mosaic's finest tile zoom: the one the view takes just below `maxzoom` (the nearest,
 * halves down), so no tile is made that is never drawn: z9 for a mosaic drawn up to z9, z12 for one
 * drawn up to z12.5.
 */
export const finestTileZoom = (maxzoom: number): number => Math.ceil(maxzoom - 0.5);

/** The edge length of a tiled mosaic's tiles, in pixels. */
export const MOSAIC_TILE_SIZE = 512;

const mercatorX = (lng: number) => (lng + 180) / 360;
const mercatorY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

/** A [west, south, east, north] box in Web Mercator. */
export function mercatorBox([west, south, east, north]: readonly number[]): MercatorBox {
  return [mercatorX(west), mercatorY(north), mercatorX(east), mercatorY(south)];
}

const meets = (a: MercatorBox, f: MercatorFrame) => f[0] < a[2] && f[0] + f[2] > a[0] && f[1] < a[3] && f[1] + f[3] > a[1];

/** The pyramid of a manifest's mosaic: tiles when it names an archive or a template, else its images. */
export function mosaicPyramid(mosaic: GridMosaic): MosaicPyramid {
  return mosaic.pmtiles || mosaic.tiles ? new TilePyramid(mosaic) : new ImagePyramid(mosaic);
}

/** The mosaic image and its overviews: one piece per level, each covering its own bounds. */
class ImagePyramid implements MosaicPyramid {
  readonly tiled = false;
  private readonly pieces: MosaicPiece[];
  private readonly maxzooms: number[];

  constructor(mosaic: GridMosaic) {
    const images = mosaicImages(mosaic);
    this.maxzooms = images.map((image) => image.maxzoom);
    this.pieces = images.map((image, level) => {
      const [x0, y0, x1, y1] = mercatorBox(image.bounds);
      return { key: `${level}/0/0`, level, x: 0, y: 0, frame: [x0, y0, x1 - x0, y1 - y0] };
    });
  }

  /** The coarsest image drawn up to `zoom` (the finest beyond them all). */
  levelAt(zoom: number): number {
    const level = this.maxzooms.findIndex((maxzoom) => zoom <= maxzoom);
    return level < 0 ? this.pieces.length - 1 : level;
  }

  piecesIn(level: number, box: MercatorBox): MosaicPiece[] {
    const piece = this.pieces[level];
    return piece && meets(box, piece.frame) ? [piece] : [];
  }

  parent(piece: MosaicPiece): MosaicPiece | undefined {
    return this.pieces[piece.level - 1];
  }

  children(piece: MosaicPiece): MosaicPiece[] {
    const child = this.pieces[piece.level + 1];
    return child ? [child] : [];
  }
}

/** 512-pixel tiles on the XYZ grid, from `minzoom` to finestTileZoom(maxzoom), only within the bounds. */
class TilePyramid implements MosaicPyramid {
  readonly tiled = true;
  private readonly minzoom: number;
  private readonly maxzoom: number;
  private readonly bounds: MercatorBox;

  constructor(mosaic: GridMosaic) {
    this.maxzoom = finestTileZoom(mosaic.maxzoom);
    this.minzoom = Math.min(this.maxzoom, mosaic.minzoom ?? Math.max(0, this.maxzoom - 4));
    this.bounds = mercatorBox(mosaic.bounds);
  }

  /** The tile zoom nearest the view's: a tile pixel is 0.7–1.4 screen pixels (MapLibre's zoom counts 512-pixel tiles). */
  levelAt(zoom: number): number {
    return Math.max(this.minzoom, Math.min(this.maxzoom, Math.round(zoom)));
  }

  piecesIn(level: number, box: MercatorBox): MosaicPiece[] {
    const b = this.bounds;
    const clip: MercatorBox = [Math.max(box[0], b[0]), Math.max(box[1], b[1]), Math.min(box[2], b[2]), Math.min(box[3], b[3])];
    if (!(clip[0] < clip[2] && clip[1] < clip[3])) return [];
    for (let z = Math.max(this.minzoom, Math.min(this.maxzoom, level)); ; z--) {
      const n = 2 ** z;
      const [x0, y0] = [Math.floor(clip[0] * n), Math.floor(clip[1] * n)];
      const [x1, y1] = [Math.min(n - 1, Math.ceil(clip[2] * n) - 1), Math.min(n - 1, Math.ceil(clip[3] * n) - 1)];
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_PIECES && z > this.minzoom) continue;
      const pieces: MosaicPiece[] = [];
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) pieces.push(this.tile(z, x, y));
      // The view's centre first: the tiles fetched first are the ones looked at.
      const [cx, cy] = [((clip[0] + clip[2]) / 2) * n, ((clip[1] + clip[3]) / 2) * n];
      return pieces.sort((a, b) => Math.hypot(a.x + 0.5 - cx, a.y + 0.5 - cy) - Math.hypot(b.x + 0.5 - cx, b.y + 0.5 - cy));
    }
  }

  parent(piece: MosaicPiece): MosaicPiece | undefined {
    return piece.level > this.minzoom ? this.tile(piece.level - 1, piece.x >> 1, piece.y >> 1) : undefined;
  }

  children(piece: MosaicPiece): MosaicPiece[] {
    if (piece.level >= this.maxzoom) return [];
    const [z, x, y] = [piece.level + 1, piece.x * 2, piece.y * 2];
    return [this.tile(z, x, y), this.tile(z, x + 1, y), this.tile(z, x, y + 1), this.tile(z, x + 1, y + 1)];
  }

  private tile(z: number, x: number, y: number): MosaicPiece {
    const size = 1 / 2 ** z;
    return { key: `${z}/${x}/${y}`, level: z, x, y, frame: [x * size, y * size, size, size] };
  }
}
