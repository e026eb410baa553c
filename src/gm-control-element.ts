import { property } from 'lit/decorators.js';
import { GmElement } from './gm-element.js';
import { MapTargetController } from './controllers/map-target-controller.js';
import type { GmMapElement } from './controllers/map-context.js';
import type { GmEventMap } from './event-types.js';
import { translationFor } from './i18n/localize.js';

type MapListeners = Partial<{ [K in keyof GmEventMap]: (event: GmEventMap[K]) => void }>;

/**
 * Base of the controls (`<gm-board-filter>`, `<gm-legend>`, …): the map they serve (`for`, or the
 * `<gm-map>` around them), its language, and a re-render at most once per frame for those that
 * recount on every change.
 */
export abstract class GmControlElement extends GmElement {
  /** The id of the `<gm-map>` this control serves; empty: the `<gm-map>` around it. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** The served map, once found. */
  protected readonly target = new MapTargetController(this, this.mapEvents(), (map) => this.mapFound(map));
  private frame = 0;

  /** The map's events this control listens to (called once, while constructing). */
  protected mapEvents(): MapListeners {
    return {};
  }

  /** Listeners that re-render the control at the next frame on these map events (for controls that recount). */
  protected rerenderOn(...names: (keyof GmEventMap)[]): MapListeners {
    return Object.fromEntries(names.map((name) => [name, () => this.renderNextFrame()]));
  }

  /** The control got (another) map, or lost it. */
  protected mapFound(_map: GmMapElement | undefined): void {}

  /** The strings in the map's language (else the control's own `lang`, else the page's). */
  protected get t() {
    return translationFor(this.target.map?.lang || this.lang || document.documentElement.lang);
  }

  /** Re-renders at the next frame, however many changes came in (a live feed sends many). */
  protected renderNextFrame(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.requestUpdate();
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('htmlFor') && changed.get('htmlFor') !== undefined) this.target.resolve();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
