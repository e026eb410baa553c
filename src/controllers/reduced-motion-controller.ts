import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The system's `prefers-reduced-motion` setting (Spectrum's MatchMedia controller): `reduced` is
 * read at any time, and the host updates when it changes. Listened to only while the host is
 * connected: the document keeps a listened-to query, and with it the host, alive.
 */
export class ReducedMotionController implements ReactiveController {
  private readonly query = matchMedia('(prefers-reduced-motion: reduce)');

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether the user asked for less motion. */
  get reduced(): boolean {
    return this.query.matches;
  }

  hostConnected(): void {
    this.query.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    this.query.removeEventListener('change', this.onChange);
  }

  private readonly onChange = () => this.host.requestUpdate();
}
