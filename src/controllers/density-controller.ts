import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The screen a density of 1 is designed for; a wall twice as large each way draws everything twice as large. */
const DESIGN_SIZE = [1920, 1080] as const;
const MAX_AUTO = 3;

/** `density` is `auto` or a number in this range. */
export const DENSITY_RANGE = [0.5, 4] as const;

/**
 * The density `setting` means for an element of this size: `auto` is 1 up to 1920×1080 and grows
 * in quarter steps with the smaller of width/1920 and height/1080 (3840×2160: 2; at most 3);
 * a number in DENSITY_RANGE is itself. Undefined for anything else.
 */
export function densityFor(setting: string, width: number, height: number): number | undefined {
  const value = setting.trim();
  if (value === '' || value === 'auto') {
    const fit = Math.min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1]);
    return Math.min(MAX_AUTO, Math.max(1, Math.floor(fit * 4) / 4));
  }
  const number = Number(value);
  return Number.isFinite(number) && number >= DENSITY_RANGE[0] && number <= DENSITY_RANGE[1] ? number : undefined;
}

/**
 * The host's density, kept for its current size (a ResizeObserver on the host while connected):
 * the host updates when it changes. Observed only while connected, like every controller here.
 */
export class DensityController implements ReactiveController {
  private observer?: ResizeObserver;
  private size: [number, number] = [0, 0];

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** The density for `setting` at the host's size (see densityFor). */
  resolve(setting: string): number | undefined {
    const [width, height] = this.size[0] ? this.size : [this.host.clientWidth, this.host.clientHeight];
    return densityFor(setting, width, height);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver(([entry]) => {
      const { inlineSize, blockSize } = entry.contentBoxSize[0];
      if (inlineSize === this.size[0] && blockSize === this.size[1]) return;
      this.size = [inlineSize, blockSize];
      this.host.requestUpdate();
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
