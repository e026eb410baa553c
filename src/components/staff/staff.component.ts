import { property } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import { GmLayerElement } from '../../gm-layer-element.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { StaffPart } from '../../engine/parts/staff-part.js';
import { updatedAtMs, type Staff, type StaffStatus } from '../../model/staff.js';
import type { NearestStaff, NearestStaffOptions } from '../../model/staff-index.js';

/**
 * @summary 网格力量: grid staff on the map, an icon per role in the colour of their status,
 * faded when their position is stale, the selected person's recent trail.
 *
 * Put it inside `<gm-map>`. Built for ~20,000 people whose positions arrive through `upsert()`
 * every second: one source diff per frame, staleness computed on the GPU from a clock in the
 * map's global state (time passing re-sends nothing).
 *
 * @event {{ kind: 'staff', id: string, item: Staff }} gm-select - A person was clicked.
 * @event {{ reason: string, detail: object }} gm-error - `items-invalid` (missing id, bad position, unknown role or status, unreadable `updatedAt`, a text over 1,000 characters; or `src` gave no items) or `items-unreachable` (`src` failed or stalled).
 * @slot popup - Content of your own under the selected person's details.
 * @csspart popup - The selected person's popup. Also `popup-title`, `popup-details`, `popup-close`.
 */
export class GmStaff extends GmLayerElement<Staff, StaffPart> {
  /** Minutes after their last position update that a person is drawn faded. */
  @property({ type: Number, attribute: 'stale-after' }) staleAfter = 10;

  /** The time now, in epoch milliseconds (replace it to replay data, or in tests). Read every 15 s and when set. */
  @property({ attribute: false }) clock: () => number = Date.now;

  private readonly clockReader = new ClockController(this, () => this.clock(), () => this.layerPart.setClock(this.staleAfter * 60_000));

  protected createPart(): StaffPart {
    return new StaffPart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('clock')) this.layerPart.clock = () => this.clock();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('clock') || changed.has('staleAfter')) this.clockReader.tick();
    if (changed.has('selectedItem')) this.layerPart.showTrail(this.selectedItem?.id);
  }

  /** A person's recent positions, oldest first. */
  trailOf(id: string): [number, number][] {
    return this.layerPart.trail(id);
  }

  /** The people nearest a point (great-circle distance, through a k-d tree), nearest first, with estimated travel minutes. `<gm-map>`'s `nearestStaff()` asks every `<gm-staff>` inside it. */
  nearest(lngLat: [number, number], options: NearestStaffOptions = {}): NearestStaff[] {
    return this.layerPart.nearest(lngLat, options);
  }

  /** The people shown (active boards) by status; inside the area `code` when given (by their grid code). */
  counts(code = ''): Record<StaffStatus, number> {
    return this.layerPart.counts(code);
  }

  protected popupTitle(staff: Staff): string {
    return staff.name;
  }

  protected popupDetails(staff: Staff): [string, string][] {
    const t = this.t;
    const minutes = Math.max(0, Math.round((this.clock() - updatedAtMs(staff)) / 60000));
    return [
      [t.fields.role, t.staffRole[staff.role]],
      [t.fields.status, t.staffStatus[staff.status]],
      [t.fields.updated, t.minutesAgo(minutes)],
      ...(staff.gridCode ? [[t.fields.grid, this.placeOf(staff.gridCode)] as [string, string]] : []),
    ];
  }
}
