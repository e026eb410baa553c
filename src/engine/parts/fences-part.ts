import type { GeoJSONSource } from 'maplibre-gl';
import type { GmErrorDetail, GmFenceDetail } from '../../event-types.js';
import { translationFor } from '../../i18n/localize.js';
import { FENCES_LAYERS, FENCES_SOURCE, fenceFeature, fencesLayers } from '../../layers/fences-layer.js';
import { listed } from '../../model/error-report.js';
import { FenceIndex, fenceProblem, type Fence, type FenceCrossing } from '../../model/fence.js';
import { itemProblem, type MapItem } from '../../model/map-item.js';
import { Emitter } from '../../internal/emitter.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';

/** What the fences tell their element. */
export interface FencesEventMap {
  /** A tracked item crossed a fence's edge. */
  crossing: GmFenceDetail;
  /** Fences were refused (`invalid-fence`). */
  error: GmErrorDetail;
}

/**
 * 电子围栏: restricted and watch areas, and the crossings of the items other data layers place or
 * move (the engine hands them every layer's positions) or that `track()` is given. An entry into a
 * restricted fence raises an emergency alert on the map. Fences sit in an R-tree: the cost follows
 * the moved points, not points × fences.
 */
export class FencesPart extends Emitter<FencesEventMap> implements MapPart {
  readonly kind = 'fence';
  /** Whether entering a restricted fence raises an alert on the map. */
  raiseAlerts = true;
  private readonly index = new FenceIndex();
  private scene?: Scene;
  private attached?: AttachedScene;

  /** The fences, as given. */
  all(): Fence[] {
    return this.index.fences();
  }

  get(id: string): Fence | undefined {
    return this.index.fences().find((fence) => fence.id === String(id));
  }

  replace(fences: Iterable<unknown>): void {
    this.index.clear();
    this.upsert(fences);
  }

  /** Adds or changes fences by id; invalid ones are reported and skipped. */
  upsert(fences: Iterable<unknown>): void {
    this.index.set(this.valid(fences));
    this.draw();
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.index.delete(String(id));
    this.draw();
  }

  /** Checks points that no data layer draws; returns (and fires) the crossings. */
  track(items: Iterable<MapItem>): FenceCrossing[] {
    return this.report(this.index.move([...items].filter((item) => !itemProblem(item))));
  }

  /** Forgets tracked items (their next position records where they are, without a crossing). */
  untrack(ids: Iterable<string>): void {
    this.index.forget(ids);
  }

  /** Items of a data layer were placed or moved. Without fences, positions are still recorded, so a fence added later knows who is inside. */
  positionsChanged(items: readonly MapItem[]): void {
    if (this.index.size) this.report(this.index.move(items));
    else this.index.move(items);
  }

  /** The engine the fences are in (for alerts and the language), before any map. */
  added(scene: Scene): void {
    this.scene = scene;
  }

  attach(scene: AttachedScene): void {
    this.scene = this.attached = scene;
    scene.map.addSource(FENCES_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    scene.slots.add('fences', fencesLayers(scene.palette));
    this.draw();
  }

  detach(): void {
    const scene = this.attached;
    this.attached = undefined;
    if (!scene) return;
    try {
      scene.slots.remove(FENCES_LAYERS);
      if (scene.map.getSource(FENCES_SOURCE)) scene.map.removeSource(FENCES_SOURCE);
    } catch {
      // The map was removed with everything on it.
    }
  }

  /** The theme changed: the source and layers are put on again in its colours. */
  paletteChanged(): void {
    const scene = this.attached;
    if (!scene) return;
    this.detach();
    this.attach(scene);
  }

  private valid(fences: Iterable<unknown>): Fence[] {
    const ok: Fence[] = [];
    const refused: string[] = [];
    for (const fence of fences) {
      const problem = fenceProblem(fence);
      if (problem) refused.push(`${String((fence as Partial<Fence>)?.id ?? '(no id)').slice(0, 60)}: ${problem}`);
      else ok.push({ ...(fence as Fence), id: String((fence as Fence).id) });
    }
    if (refused.length) this.fire('error', { reason: 'invalid-fence', detail: listed(refused) });
    return ok;
  }

  /**
   * Fires every crossing; an entry into a restricted fence raises one alert per person and fence
   * (`fence:<fence>:<person>`): entering again while it is live (someone walking along the edge)
   * counts on the same alert (`count`, the last time) instead of adding one. The alert is on the grid
   * the person is in, so the list names the place (town › community › grid); its title names the fence.
   */
  private report(crossings: FenceCrossing[]): FenceCrossing[] {
    const scene = this.scene;
    const t = translationFor(scene?.lang);
    for (const { fence, item, action } of crossings) {
      this.fire('crossing', { fence: { id: fence.id, name: fence.name, kind: fence.kind }, item: { ...item }, action });
      if (action !== 'enter' || fence.kind !== 'restricted' || !this.raiseAlerts || !scene) continue;
      const id = `fence:${fence.id}:${item.id}`;
      const earlier = scene.engine.alert(id);
      const name = String((item as MapItem & { name?: unknown }).name ?? item.id);
      const lngLat: [number, number] = [item.lngLat[0], item.lngLat[1]];
      const gridCode = scene.engine.gridAt(lngLat);
      scene.engine.raiseAlerts([
        {
          id,
          level: 'emergency',
          board: 'safety',
          title: t.fenceIntrusion(fence.name, name),
          time: Date.now(),
          lngLat,
          ...(gridCode ? { gridCode } : {}),
          count: (earlier?.count ?? (earlier ? 1 : 0)) + 1,
        },
      ]);
    }
    return crossings;
  }

  private draw(): void {
    const source = this.attached?.map.getSource(FENCES_SOURCE) as GeoJSONSource | undefined;
    source?.setData({ type: 'FeatureCollection', features: this.index.fences().map(fenceFeature) });
  }
}
