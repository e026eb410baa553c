import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often a clock is read (a light or a fade may lag this much behind the real time). */
export const CLOCK_TICK_MS = 15_000;

/**
 * Reads a host's clock every CLOCK_TICK_MS while it is connected and hands the time to `onTick`.
 * Layers whose drawing depends on the time (stale staff, overdue events) put it in the map's
 * global state, so time passing re-sends no data.
 */
export class ClockController implements ReactiveController {
  private timer = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly read: () => number,
    private readonly onTick: (now: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = window.setInterval(() => this.tick(), CLOCK_TICK_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }

  /** Reads the clock now. */
  tick(): void {
    this.onTick(this.read());
  }
}
