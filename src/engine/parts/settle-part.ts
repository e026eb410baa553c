import type { Map as MaplibreMap } from 'maplibre-gl';
import { gatePainting, placementPending } from '../maplibre-internals.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene } from '../scene.js';
import type { AreaPart } from './area-part.js';
import type { FirstPaintPart } from './first-paint-part.js';

/**
 * How long after a move a view may wait for its areas' tiles before frames are painted again
 * whatever has loaded (a slow tile server still shows its tiles as they come).
 */
export const SETTLE_WAIT_MS = 1000;

/** The maps whose painting a SettlePart gates (MapLibre's painter is wrapped once per map). */
const gated = new WeakSet<MaplibreMap>();

/**
 * The frames after a move. When the camera stops (a drill-down's flight, a search hit's, a pan)
 * the new view's tiles come in one by one over several hundred ms, and MapLibre paints a frame for
 * each: the view fills in piece by piece. In software WebGL each of those frames costs ~0.15–0.3 s
 * of a wall PC's two cores, taken from the tile worker that is still cutting the rest. So from the
 * move's end until every level's tiles for the view are in (at most SETTLE_WAIT_MS), frames are
 * not painted, nor the one whose labels MapLibre places twice: the move's last frame (its parent
 * tiles over-zoomed) stays on screen and the new view appears whole. Measured on the drill-down
 * (`npm run bench -- --ops drill`): a step at once (reduced motion) took 10 painted frames and
 * 1.9–2.2 s; held, 0.8–1.4 s (docs/performance.md).
 *
 * A new move lets frames through at once (the user sees the map move); a map whose first paint is
 * still held (FirstPaintPart) is that part's to hold.
 */
export class SettlePart implements MapPart {
  private map?: MaplibreMap;
  /** performance.now() until which frames may wait; 0 when not holding. */
  private until = 0;
  private timer = 0;
  /** How long after a move frames may wait for the view's tiles (ms). */
  waitMs = SETTLE_WAIT_MS;

  constructor(
    private readonly areas: AreaPart,
    private readonly firstPaint: FirstPaintPart,
  ) {}

  /** Whether frames are held for the view's tiles after a move. */
  get held(): boolean {
    return this.until > 0;
  }

  attach(scene: AttachedScene): void {
    const map = scene.map;
    this.map = map;
    map.on('moveend', this.onMoveEnd);
    map.on('movestart', this.release);
    if (gated.has(map)) return;
    gated.add(map);
    // Either gate may wrap the other (the first paint's is made when a hierarchy goes on): a frame is
    // painted when both let it through, and this one holds only once the first paint is done.
    gatePainting(map, () => this.map !== map || this.paints());
  }

  detach(): void {
    this.map?.off('moveend', this.onMoveEnd).off('movestart', this.release);
    this.release();
    this.map = undefined;
  }

  /**
   * A move ended: frames wait for its view's tiles. Whether any are still to come is known only in
   * the next frame, when MapLibre asks for the view's tiles (at `moveend` its sources still hold the
   * move's last frame, loaded): a view whose tiles are all in paints that frame.
   */
  private readonly onMoveEnd = () => {
    const map = this.map;
    if (!map || this.firstPaint.held) return;
    clearTimeout(this.timer);
    this.until = performance.now() + this.waitMs;
    // Past the wait a frame is asked for, which paints whatever has loaded.
    this.timer = window.setTimeout(() => {
      this.release();
      map.triggerRepaint();
    }, this.waitMs);
  };

  private readonly release = () => {
    clearTimeout(this.timer);
    this.until = 0;
  };

  /**
   * Whether this frame is painted. A held frame is not while the tiles are coming, nor when they
   * are in but MapLibre will place their labels again in the next frame (which it then draws, and
   * no `idle` comes before it): that next frame is the one painted.
   */
  private paints(): boolean {
    if (!this.until) return true;
    const map = this.map!;
    if (performance.now() < this.until && (!this.areas.outlinesLoaded() || placementPending(map))) return false;
    this.release();
    return true;
  }
}
