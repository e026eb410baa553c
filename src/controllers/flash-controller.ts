import type { Map as MaplibreMap } from 'maplibre-gl';
import { ALERT_AREA_FILL, ALERT_AREA_LINE, ALERT_PULSE, flashPaint } from '../layers/alert-layers.js';
import type { GridMosaicLayer } from '../layers/grid-mosaic-layer.js';

/** One pulse a second (about 1 Hz, well under the 3 flashes a second that risk seizures). */
const PERIOD_MS = 1000;
/** At most this many pulse steps a second: smooth enough, and a wall PC's frames are not free. */
const STEPS_PER_SECOND = 12;

export interface FlashHost {
  mosaic(): GridMosaicLayer | undefined;
  /** prefers-reduced-motion: nothing moves, a static high-contrast look instead. */
  reducedMotion(): boolean;
}

/**
 * Animates the alert pulse: while some alert flashes and motion is allowed, sets the pulse's
 * constant paint values and the mosaic's flash uniform a dozen times a second. Its cost per step
 * does not depend on how many alerts flash (see alert-layers.ts); it stops when none does.
 */
export class FlashController {
  private map?: MaplibreMap;
  private frame = 0;
  private active = false;
  private lastStep = -1;

  constructor(private readonly host: FlashHost) {}

  bindMap(map: MaplibreMap | undefined): void {
    this.map = map;
    this.update(this.active);
  }

  /** Starts or stops the pulse (`active`: some alert flashes); re-reads reduced motion. */
  update(active: boolean): void {
    this.active = active;
    const moving = active && !this.host.reducedMotion() && Boolean(this.map);
    if (moving && !this.frame) this.frame = requestAnimationFrame(this.tick);
    if (!moving) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
      this.lastStep = -1;
      this.apply(1, this.host.reducedMotion());
    }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private readonly tick = (now: number): void => {
    this.frame = requestAnimationFrame(this.tick);
    const step = Math.floor((now * STEPS_PER_SECOND) / 1000);
    if (step === this.lastStep) return;
    this.lastStep = step;
    const phase = (1 - Math.cos((2 * Math.PI * now) / PERIOD_MS)) / 2;
    this.apply(phase, false);
  };

  private apply(phase: number, still: boolean): void {
    const map = this.map;
    if (!map?.getLayer(ALERT_PULSE)) return;
    const paint = flashPaint(phase, still);
    map.setPaintProperty(ALERT_AREA_FILL, 'fill-opacity', paint.fillOpacity);
    map.setPaintProperty(ALERT_AREA_LINE, 'line-opacity', paint.lineOpacity);
    map.setPaintProperty(ALERT_AREA_LINE, 'line-width', paint.lineWidth);
    map.setPaintProperty(ALERT_PULSE, 'circle-radius', paint.pulseRadius);
    map.setPaintProperty(ALERT_PULSE, 'circle-stroke-opacity', paint.pulseOpacity);
    map.setLayoutProperty(ALERT_PULSE, 'visibility', still ? 'none' : 'visible');
    this.host.mosaic()?.setFlash(phase);
  }
}
