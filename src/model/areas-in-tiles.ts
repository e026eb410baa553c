/** A tile's place in the tile pyramid. */
export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/**
 * Which areas of a large level MapLibre has been told the feature-state of: those whose label
 * point lies in a tile it loaded (widened by `margin` of a tile on each side, so an area reaching
 * into the tile from outside is in too).
 *
 * Why: MapLibre applies a source's feature-states to each tile it loads by walking every state the
 * source holds. With the state of all 649,836 courtyards written when their level came into view,
 * each tile cost tenths of a second of main thread and garbage, and a drill-down step into a town
 * took 5–9 s (docs/performance.md). Written as tiles come, the states grow with what was viewed.
 * The label points are the index's typed array: finding a tile's areas is one pass over it
 * (~3 ms for 650,000), once per tile.
 */
export class AreasInTiles {
  /** A bit per area: whether its state is written. */
  private readonly written: Uint32Array;
  private readonly count: number;
  private readonly tiles = new Map<string, TileCoord>();

  /**
   * @param labels the level's label points, [lng, lat, lng, lat, …] in the index's order
   * @param margin how far beyond a tile's edges, in tiles, an area's label point may lie
   * @param units the labels' units per degree (the index's LABEL_UNITS)
   */
  constructor(
    private readonly labels: ArrayLike<number>,
    private readonly margin = 0.5,
    private readonly units = 1,
  ) {
    this.count = labels.length / 2;
    this.written = new Uint32Array(Math.ceil(this.count / 32));
  }

  /** Whether area `index`'s state has been written (a change to it is written at once). */
  has(index: number): boolean {
    return (this.written[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  /** The areas of a tile seen for the first time whose state is not written yet; marked written. */
  enter(tile: TileCoord): number[] {
    const key = `${tile.z}/${tile.x}/${tile.y}`;
    if (this.tiles.has(key)) return [];
    this.tiles.set(key, { z: tile.z, x: tile.x, y: tile.y });
    return this.scan(tile);
  }

  /** Forgets every written state (a new source), keeping the tiles seen; returns their areas, marked written. */
  restart(): number[] {
    this.written.fill(0);
    return [...this.tiles.values()].flatMap((tile) => this.scan(tile));
  }

  /** Forgets the tiles seen and the states written (a new hierarchy). */
  clear(): void {
    this.written.fill(0);
    this.tiles.clear();
  }

  private scan({ z, x, y }: TileCoord): number[] {
    const n = 2 ** z;
    const west = (((x - this.margin) / n) * 360 - 180) * this.units;
    const east = (((x + 1 + this.margin) / n) * 360 - 180) * this.units;
    const north = latitudeOf(y - this.margin, n) * this.units;
    const south = latitudeOf(y + 1 + this.margin, n) * this.units;
    const { labels, written } = this;
    const found: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const bit = 1 << (i & 31);
      if (written[i >>> 5] & bit) continue;
      const lng = labels[2 * i];
      const lat = labels[2 * i + 1];
      if (lng >= west && lng <= east && lat >= south && lat <= north) {
        written[i >>> 5] |= bit;
        found.push(i);
      }
    }
    return found;
  }
}

/** The latitude of a tile row edge `y` (fractional) among `n` rows (Web Mercator). */
function latitudeOf(y: number, n: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
}
