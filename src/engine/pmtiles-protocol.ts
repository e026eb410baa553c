import { addProtocol } from 'maplibre-gl';
import type { Manifest } from '../model/manifest.js';

let registered: Promise<void> | undefined;

/**
 * Makes MapLibre read `pmtiles://URL/{z}/{x}/{y}` tiles from PMTiles archives with the `pmtiles`
 * package's own protocol (HTTP range requests, directories cached). Registered once per page (a
 * MapLibre protocol is global), and the package is loaded only by maps whose manifest has an archive.
 */
export function pmtilesReady(manifest: Manifest): Promise<void> | undefined {
  if (!Object.values(manifest.levels).some((level) => level.pmtiles)) return undefined;
  registered ??= import('pmtiles').then(({ Protocol }) => addProtocol('pmtiles', new Protocol().tile));
  return registered;
}
