import { addProtocol } from 'maplibre-gl';
// Imported with the engine, not on demand: a dynamic import resolved only after the task that makes
// the map (WebGL set-up, a long one), and the archives' sources waited for it: the city on archives
// drew its first outlines ~300 ms after the same tiles as files (docs/performance.md). The reader is
// 15 kB, and archives are what gm-prepare writes.
import { PMTiles, Protocol } from 'pmtiles';
import type { Manifest } from '../model/manifest.js';

let registered: Protocol | undefined;

/**
 * Makes MapLibre read `pmtiles://URL/{z}/{x}/{y}` tiles from PMTiles archives with the `pmtiles`
 * package's own protocol (HTTP range requests, directories cached). Registered once per page (a
 * MapLibre protocol is global), by the first map whose manifest has an archive.
 */
export function pmtilesReady(manifest: Manifest): Protocol | undefined {
  if (!Object.values(manifest.levels).some((level) => level?.pmtiles)) return undefined;
  if (!registered) {
    registered = new Protocol();
    addProtocol('pmtiles', registered.tile);
  }
  return registered;
}

/**
 * Each archive's layers (its metadata's `vector_layers`, read through the protocol's own archive
 * objects: the header it already fetched is shared) against the manifest's `sourceLayer`: an
 * archive without the layer would draw nothing, in silence. Calls `problem` per level that lacks it.
 */
export async function checkArchiveLayers(manifest: Manifest, protocol: Protocol, problem: (level: string, detail: Record<string, unknown>) => void): Promise<void> {
  await Promise.all(
    Object.entries(manifest.levels).map(async ([level, spec]) => {
      if (!spec?.pmtiles || !spec.sourceLayer) return;
      let archive = protocol.get(spec.pmtiles);
      if (!archive) protocol.add((archive = new PMTiles(spec.pmtiles)));
      let layers: string[] | undefined;
      try {
        const metadata = (await archive.getMetadata()) as { vector_layers?: { id: string }[] };
        layers = metadata?.vector_layers?.map((l) => l.id);
      } catch {
        return; // unreadable: the tiles' own failure reports it (tiles-unreachable)
      }
      if (layers && !layers.includes(spec.sourceLayer)) {
        problem(level, { url: spec.pmtiles, message: `the archive has no layer "${spec.sourceLayer}" (it has ${layers.map((l) => `"${l}"`).join(', ') || 'none'})` });
      }
    }),
  );
}
