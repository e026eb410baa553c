import type { Map as MaplibreMap } from 'maplibre-gl';
import type { AlertPulseLayer } from '../../layers/alert-pulse-layer.js';
import type { GridMosaicLayer } from '../../layers/grid-mosaic-layer.js';

/** One pulse a second (about 1 Hz, well under the 3 flashes a second that risk seizures). */
const PERIOD_MS = 1000;
/** At most this many pulse steps a second: smooth enough, and a wall PC's frames are not free. */
const STEPS_PER_SECOND = 12;

export interface FlashHost {
  mosaic(): GridMosaicLayer | undefined;
  /** The custom layers that pulse (the grids' fill, the markers' rings). */
  pulses(): AlertPulseLayer[];
  /** prefers-reduced-motion: nothing moves, a static high-contrast look instead. */
  reducedMotion(): boolean;
}

/**
 * Animates the alert pulse: while some alert flashes and motion is allowed, hands the phase to the
 * pulse layers and the mosaic (uniforms) a dozen times a second and asks for a frame. No style
 * changes (see alert-pulse-layer.ts), so the map still becomes idle between steps. It stops when
 * no alert flashes.
 */
export class AlertFlash {
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
    const still = this.host.reducedMotion();
    const moving = active && !still && Boolean(this.map);
    if (moving && !this.frame) this.frame = requestAnimationFrame(this.tick);
    if (!moving) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
      this.lastStep = -1;
      this.apply(1, still);
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
    this.apply((1 - Math.cos((2 * Math.PI * now) / PERIOD_MS)) / 2, false);
  };

  private apply(phase: number, still: boolean): void {
    for (const layer of this.host.pulses()) layer.setPhase(phase, still);
    this.host.mosaic()?.setFlash(phase, still);
    this.map?.triggerRepaint();
  }
}
