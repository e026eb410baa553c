import type { Map as MaplibreMap, MapSourceDataEvent } from 'maplibre-gl';
import { sourceId, type SourceLayers } from '../../layers/area-layers.js';
import type { GridMosaicLayer } from '../../layers/grid-mosaic-layer.js';
import { AreaFlags } from '../../model/area-flags.js';
import { LABEL_UNITS, type AreaIndex, type FeatureId } from '../../model/area-index.js';
import { BOARDS, isBoard, type Board } from '../../model/board.js';
import { LEVEL_NAMES, type BoundaryLevel } from '../../model/codes.js';
import { listed, safeText } from '../../model/error-report.js';
import { isGridStatus, STATUS_RANK, type GridStatus, type StatusUpdate } from '../../model/grid-status.js';
import { StatusStore, type RankChanged } from '../../model/status-store.js';
import { StatusSnapshot } from '../../model/status-snapshot.js';
import { AreasInTiles, type TileCoord } from '../../model/areas-in-tiles.js';
import type { GmErrorReason } from '../../event-types.js';
import { levelSourceInUse } from './area-part.js';
import type { MapPart } from '../map-part.js';
import type { AttachedScene, Scene } from '../scene.js';

/**
 * A batch touching more than 1/BULK_SHARE of the grids is rolled up level by level
 * (StatusStore.refreshAll), which then costs about what the grid-by-grid walk would.
 */
const BULK_SHARE = 4;

/**
 * A level of more areas than this gets feature-state only for the areas in the tiles MapLibre loads
 * (AreasInTiles: a city's 65,000 grids or 650,000 courtyards); a smaller one gets every area's when
 * it is drawn. Written in full, the 65,000 grids' states cost ~0.3 s of main thread in the frame
 * the grids came into view (a drill-down step into a district: 1.70 → 1.47 s, slowest step by click).
 */
const STATES_BY_TILE_OVER = 20_000;

/** Areas flagged for some later step, per level. */
type Flagged = Partial<Record<BoundaryLevel, AreaFlags>>;

/**
 * Grid statuses on the map. `setStatuses()` validates and writes into the StatusStore at once
 * (typed arrays, O(changed) roll-up); the changed areas are written to MapLibre's feature-state
 * once per animation frame, however many calls came in between. Boundaries are never re-sent.
 *
 * A level whose source MapLibre is not drawing at the current zoom (the grids below the mosaic's
 * maxzoom, the communities in the city view) gets no feature-state until it is drawn again: its
 * changed areas stay flagged here and are written when MapLibre reports the source in use, in the
 * frame that first draws it. MapLibre only merges feature-state into a source it draws, so writes to
 * an unused one pile up as one object per area in its pending changes (up to 65,000 for the grids
 * under a 1,000-a-second feed); the flags here cost a bit per area, whatever the rate.
 */
export class StatusPart implements MapPart {
  private store?: StatusStore;
  private index?: AreaIndex;
  private map?: MaplibreMap;
  /** The grid mosaic, coloured alongside the grid level's feature-state. */
  private mosaic?: GridMosaicLayer;
  private sourceLayers: SourceLayers = {};
  /** Areas changed since the last frame (counted, and drawn into the mosaic, at the next). */
  private changed?: Flagged;
  /** Areas whose feature-state is still to be written (at the next frame, or once their source is in use). */
  private unwritten?: Flagged;
  /** Grids written by the current setStatuses call (rolled up once each at its end). */
  private touched?: AreaFlags;
  /**
   * Feature ids per level (AreaIndex.featureIds), made once per hierarchy when the level's feature-state
   * is first written: at the city view the 76,000 communities and grids are not drawn.
   */
  private ids?: Partial<Record<BoundaryLevel, ArrayLike<FeatureId>>>;
  /** Updates that arrived before the area index (a snapshot as it is, others copied): applied once it is there. */
  private waiting: (StatusUpdate[] | StatusSnapshot)[] = [];
  private frame = 0;
  /** Per level over STATES_BY_TILE_OVER areas: whose feature-state is written, as its tiles load. */
  private byTile: Partial<Record<BoundaryLevel, AreasInTiles>> = {};
  /** The tiles loaded per source before the index (their areas' states are written once it is in). */
  private tilesBeforeIndex = new Map<string, Map<string, TileCoord>>();
  /** A level of more areas than this gets feature-state by tile (read when the index comes). */
  statesByTileOver = STATES_BY_TILE_OVER;

  constructor(private readonly scene: Scene) {}

  /** Draws on the scene's map: every area's state is written anew. */
  attach(scene: AttachedScene): void {
    this.map?.off('sourcedata', this.onSourceData);
    this.map = scene.map;
    this.map.on('sourcedata', this.onSourceData);
    this.hierarchyChanged();
  }

  /** The hierarchy's sources are (new) on the map: every area's state is written into them. */
  hierarchyChanged(): void {
    this.sourceLayers = this.scene.hierarchy?.sourceLayers ?? {};
    // New sources: their tiles load (and are seen) anew.
    this.tilesBeforeIndex.clear();
    for (const byTile of Object.values(this.byTile)) byTile?.clear();
    this.markAll();
  }

  detach(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.map?.off('sourcedata', this.onSourceData);
    this.map = undefined;
  }

  boardsChanged(boards: readonly Board[]): void {
    this.setActiveBoards(boards);
  }

  /** Starts over for the scene's new area index; statuses set before it arrived are applied to it. */
  indexChanged(): void {
    const index = this.scene.index;
    if (!index) return;
    this.index = index;
    // Every grid starts unknown on every board, so the active boards change nothing yet.
    this.store = new StatusStore(index.hierarchy(), this.scene.boards, this.scene.rollUpShare);
    const perLevel = <T>(make: (level: BoundaryLevel) => T) => Object.fromEntries(index.levels.map((l) => [l, make(l)])) as Partial<Record<BoundaryLevel, T>>;
    const flagged = () => perLevel((l) => new AreaFlags(index.count(l)));
    this.changed = flagged();
    this.unwritten = flagged();
    this.touched = new AreaFlags(index.count(index.finest));
    this.ids = {};
    this.byTile = perLevel((l) => (index.count(l) > this.statesByTileOver ? new AreasInTiles(index.labelPoints(l), undefined, LABEL_UNITS) : undefined));
    for (const [source, tiles] of this.tilesBeforeIndex) for (const tile of tiles.values()) this.byTile[this.levelOfSource(source)!]?.enter(tile);
    this.tilesBeforeIndex.clear();
    this.markAll();
    const waiting = this.waiting;
    this.waiting = [];
    for (const updates of waiting) this.setStatuses(updates);
  }

  /** Colours this mosaic too; every grid's current rank is written into it at once. */
  bindMosaic(mosaic: GridMosaicLayer | undefined): void {
    this.mosaic = mosaic;
    const store = this.store;
    if (!mosaic || !store || !this.index) return;
    const finest = this.index.finest;
    const grids = this.index.count(finest);
    for (let i = 0; i < grids; i++) mosaic.setRank(i, store.shownRank(finest, i));
  }

  get statusStore(): StatusStore | undefined {
    return this.store;
  }

  /**
   * An area's status as the map holds it: with `board`, a grid's status on that board; without,
   * the shown status. Undefined for an unknown code, or before the statuses are loaded.
   */
  statusOf(code: string, board?: Board): GridStatus | undefined {
    const store = this.store;
    const info = this.index?.get(code);
    if (!store || !info) return undefined;
    if (board === undefined) return store.shownStatus(info.level, info.index);
    const grid = store.gridIndexOf(code);
    return grid !== undefined && isBoard(board) ? store.boardStatus(grid, board) : undefined;
  }

  /** The scene's roll-up share changed: every area above the grids is coloured again. */
  rollUpShareChanged(): void {
    if (!this.store) return;
    this.store.setRollUpShare(this.scene.rollUpShare, this.queue);
    this.scheduleFlush();
  }

  private setActiveBoards(boards: readonly Board[]): void {
    if (!this.store) return;
    this.store.setActiveBoards(boards, this.queue);
    this.scheduleFlush();
  }

  /** Validates and applies updates; invalid ones are skipped and reported once per reason. */
  setStatuses(updates: Iterable<StatusUpdate>): void {
    const { store, touched } = this;
    if (!store || !touched || !this.index) {
      this.waiting.push(updates instanceof StatusSnapshot ? updates : [...updates]);
      return;
    }
    const rejected: Partial<Record<GmErrorReason, string[]>> = {};
    const reject = (reason: GmErrorReason, what: string) => (rejected[reason] ??= []).push(what);
    // A snapshot lists each grid's boards one after another (its index is looked up once), and the
    // grids usually in the index's order (the next grid is found without a lookup).
    let code: string | undefined;
    let grid: number | undefined;
    let next = 0;
    const write = (updated: string, status: unknown, board: unknown) => {
      if (updated !== code) {
        code = updated;
        grid = store.gridIndexOf(updated, next);
        if (grid !== undefined) next = grid + 1;
      }
      if (grid === undefined) reject('unknown-code', safeText(updated));
      else if (!isGridStatus(status)) reject('invalid-status', `${updated}: ${safeText(status)}`);
      else if (board !== undefined && !isBoard(board)) reject('invalid-board', `${updated}: ${safeText(board)}`);
      else {
        store.write(grid, status, board);
        touched.add(grid);
      }
    };
    const table = updates instanceof StatusSnapshot ? updates.table : undefined;
    if (table !== undefined) {
      this.writeTable(updates as StatusSnapshot, table, reject);
    } else if (updates instanceof StatusSnapshot) {
      updates.forEach(write);
    } else {
      for (const update of updates) {
        if (!update || typeof update !== 'object' || typeof update.code !== 'string') reject('invalid-update', safeText(update));
        else write(update.code, update.status, update.board);
      }
    }
    // A batch over most of the grids (a snapshot) is rolled up in one pass per level.
    const bulk = touched.count > touched.capacity / BULK_SHARE;
    const grids = touched.take();
    if (bulk) store.refreshAll(this.queue);
    else for (const i of grids) store.refresh(i, this.queue);
    this.scheduleFlush();
    for (const [reason, list] of Object.entries(rejected) as [GmErrorReason, string[]][]) this.scene.report(reason, listed(list));
  }

  /**
   * A snapshot's ordered form: each digit written at its grid's position (no code to look up),
   * through a table of what each digit and board column mean, checked once.
   * @throws Error when the snapshot is not as many grids as the index (nothing is written then)
   */
  private writeTable(snapshot: StatusSnapshot, table: string, reject: (reason: GmErrorReason, what: string) => void): void {
    const { store, touched, index } = this;
    if (!store || !touched || !index) return;
    const codes = index.codes(index.finest);
    const width = snapshot.boards.length;
    if (table.length !== codes.length * width) throw new Error(`the statuses snapshot has ${table.length / width} grids, the area index ${codes.length}`);
    const boards = snapshot.boards.map((board) => (isBoard(board) ? BOARDS.indexOf(board) : -1));
    const ranks = snapshot.statuses.map((status) => (isGridStatus(status) ? STATUS_RANK[status] : -1));
    for (let grid = 0, at = 0; grid < codes.length; grid++) {
      let written = false;
      for (let b = 0; b < width; b++, at++) {
        const digit = table.charCodeAt(at) - 48;
        const rank = ranks[digit] ?? -1;
        if (rank < 0) reject('invalid-status', `${codes.at(grid)}: ${safeText(snapshot.statuses[digit] ?? table[at])}`);
        else if (boards[b] < 0) reject('invalid-board', `${codes.at(grid)}: ${safeText(snapshot.boards[b])}`);
        else {
          store.writeRank(grid, boards[b], rank);
          written = true;
        }
      }
      if (written) touched.add(grid);
    }
  }

  /** Writes pending changes now instead of at the next frame. */
  flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const { map, store, changed } = this;
    if (!map || !store || !changed) return;
    let count = 0;
    for (const level of store.levels) {
      const areas = changed[level]!.take();
      const mosaic = level === store.finest ? this.mosaic : undefined;
      count += areas.length;
      if (mosaic) for (const i of areas) mosaic.setRank(i, store.shownRank(level, i));
    }
    // The mosaic is not a source: MapLibre repaints for feature-state, the mosaic needs asking.
    this.mosaic?.changed();
    this.writeFeatureState();
    if (count) this.scene.fire('status-change', { count });
  }

  /** Writes the flagged areas' ranks into feature-state, for the levels whose source is drawn. */
  private writeFeatureState(): void {
    const { map, store, unwritten, ids, index } = this;
    if (!map || !store || !unwritten || !ids || !index) return;
    for (const level of index.levels) {
      const flagged = unwritten[level]!;
      if (!flagged.count || !levelSourceInUse(map, level)) continue;
      const source = sourceId(level);
      const sourceLayer = this.sourceLayers[level];
      // A level written by tile: an area not in a loaded tile yet gets its rank when one is.
      const byTile = this.byTile[level];
      const levelIds = byTile ? undefined : (ids[level] ??= index.featureIds(level));
      for (const i of flagged.take()) {
        if (levelIds) map.setFeatureState({ source, sourceLayer, id: levelIds[i] }, { rank: store.shownRank(level, i) });
        else if (byTile!.has(i)) map.setFeatureState({ source, sourceLayer, id: index.idOf(level, i) }, { rank: store.shownRank(level, i) });
      }
    }
  }

  /**
   * A source came into use (or out of it): MapLibre reports it while it updates the style, before
   * the frame merges feature-state and draws, so what is written now is in that frame. A tile
   * loaded: a level written by tile gets its areas' states, applied as MapLibre draws the tile.
   */
  private readonly onSourceData = (event: MapSourceDataEvent) => {
    if (!event.sourceId?.startsWith('gm-')) return;
    if (event.sourceDataType === 'visibility') this.writeFeatureState();
    else if (event.tile && event.coord) this.writeTileStates(event.sourceId, event.coord.canonical);
  };

  /** The states of the areas in a tile of a level written by tile, first time it loads. */
  private writeTileStates(source: string, tile: TileCoord): void {
    const level = this.levelOfSource(source);
    const { map, store, index } = this;
    if (!level || !map) return;
    if (!store || !index) {
      // Kept once per tile (a map whose index never comes keeps loading the same tiles).
      if (!this.tilesBeforeIndex.has(source)) this.tilesBeforeIndex.set(source, new Map());
      this.tilesBeforeIndex.get(source)!.set(`${tile.z}/${tile.x}/${tile.y}`, { z: tile.z, x: tile.x, y: tile.y });
      return;
    }
    const byTile = this.byTile[level];
    if (byTile) this.writeStates(level, byTile.enter(tile));
  }

  /** Writes these areas' current ranks into their level's feature-state. */
  private writeStates(level: BoundaryLevel, areas: readonly number[]): void {
    const { map, store, index } = this;
    if (!map || !store || !index || !areas.length) return;
    const source = sourceId(level);
    const sourceLayer = this.sourceLayers[level];
    // Each id on its own (a tile's few thousand), not the level's array of 650,000 made for them.
    for (const i of areas) map.setFeatureState({ source, sourceLayer, id: index.idOf(level, i) }, { rank: store.shownRank(level, i) });
  }

  private levelOfSource(source: string): BoundaryLevel | undefined {
    return LEVEL_NAMES.find((level) => sourceId(level) === source);
  }

  /** Marks an area for the next frame (see scheduleFlush); its rank is read then (the last write wins). */
  private readonly queue: RankChanged = (level, index) => {
    this.changed![level]!.add(index);
    // A level written by tile: an area in no loaded tile gets its rank when its tile loads.
    const byTile = this.byTile[level];
    if (!byTile || byTile.has(index)) this.unwritten![level]!.add(index);
  };

  /** Writes what is marked at the next frame, if anything is. */
  private scheduleFlush(): void {
    const pending = this.changed && Object.values(this.changed).some((flagged) => flagged.count);
    if (pending && this.map && !this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Every area's current rank, e.g. after its source was (re-)added to a map. */
  private markAll(): void {
    const { changed, unwritten, index } = this;
    if (!changed || !unwritten || !index) return;
    for (const level of index.levels) {
      // A level written by tile: its source is new (or the index is), so are the states of its loaded
      // tiles' areas, written now; the others' when their tiles load. None is left flagged unwritten:
      // at the city view that list held all 650,000 courtyards (2.5 MB) until they were drawn.
      const byTile = this.byTile[level];
      if (byTile) this.writeStates(level, byTile.restart());
      changed[level]!.addAll();
      if (!byTile) unwritten[level]!.addAll();
    }
    this.scheduleFlush();
  }
}
