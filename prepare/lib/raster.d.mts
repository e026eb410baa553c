// Types of raster.mjs for the map's TypeScript (the data worker imports it).
import type { Geometry } from 'geojson';

export function defaultMosaicZoom(bounds: [number, number, number, number]): number;

export function rasterizeAreas(
  geometries: Iterable<Geometry>,
  labels: ArrayLike<number>,
  bounds: [number, number, number, number],
  maxzoom: number,
): { data: Uint8Array; width: number; height: number; bounds: [number, number, number, number]; maxzoom: number };

export function mosaicFrame(
  bounds: [number, number, number, number],
  maxzoom: number,
): { width: number; height: number; bounds: [number, number, number, number]; maxzoom: number };
