import type { AreaIndex } from './area-index.js';
import type { BoundaryLevel } from './codes.js';
import type { MapItem } from './map-item.js';

/**
 * pinyin-pro, loaded on the first build: its dictionary is ~15 % of the single-file bundle, and on
 * import it schedules the build of its word trie for the next idle period (~80–100 ms of main
 * thread), which would land in the middle of the map's load on every page with a search box.
 */
const loadPinyin = () => import('pinyin-pro').then((module) => module.pinyin);

/** What can be searched: areas by level, and the data layers' sites and staff. */
export type SearchKind = BoundaryLevel | 'site' | 'staff';
export const SEARCH_KINDS: readonly SearchKind[] = ['district', 'town', 'community', 'grid', 'microgrid', 'site', 'staff'];

/** One thing to find. `id` is an area's code or an item's id. */
export interface SearchEntry {
  kind: SearchKind;
  id: string;
  name: string;
  /** An area's code, or the item's grid code (matched too; areas give the parent path). */
  code: string;
  lngLat?: [number, number];
}

export interface SearchHit extends SearchEntry {
  /** Lower is better: exact name 0, name prefix 1, name contains 2, pinyin initials 3, code 4. */
  score: number;
}

/**
 * Milliseconds of work per slice of the lazy build before yielding. Every yield lets the map draw
 * a frame, which costs ~150 ms in software rendering: small slices made the city's build take 29 s
 * there (600 names a slice); 40-ms slices keep input responsive and the build to a few seconds.
 */
const SLICE_MS = 40;

/**
 * Name, code and pinyin-initials search over every area, site and person (~105,000 entries for the
 * city). Built lazily, in slices between frames: pinyin initials cost ~12 µs a name (pinyin-pro),
 * ~1.3 s for the city, too long for one task. A query is a scan of the prepared lowercase keys
 * (typed by hand because it needs nothing a library adds), a few milliseconds for the city.
 */
export class SearchIndex {
  private entries: SearchEntry[] = [];
  /** Per entry: lowercase name, and pinyin initials ('' for names without Chinese). */
  private names: string[] = [];
  private initials: string[] = [];
  /** Per entry: lowercase code (official codes are digits; a city's own may be `WG-0101`). */
  private codes: string[] = [];
  private building?: Promise<void>;
  /** How many entries the build was given (a layer's items that come or go change it), and which build this is. */
  private source = -1;
  private generation = 0;

  /** Entries indexed so far (the build adds them slice by slice). */
  get size(): number {
    return this.names.length;
  }

  /**
   * Builds from these entries, yielding between slices: once, and again after `reset()` or when
   * their number changed (a layer's items loaded after the first search, or removed).
   */
  async build(entries: SearchEntry[]): Promise<void> {
    if (this.building && entries.length !== this.source) this.reset();
    this.source = entries.length;
    this.building ??= this.run(entries, this.generation);
    // A newer build (a reset meanwhile) is the one to wait for.
    for (let building = this.building; ; building = this.building) {
      await building;
      if (!this.building || this.building === building) return;
    }
  }

  reset(): void {
    this.entries = [];
    this.names = [];
    this.initials = [];
    this.codes = [];
    this.building = undefined;
    this.source = -1;
    this.generation++;
  }

  /** The best `limit` hits per kind for `text` (name, code or pinyin initials; case-insensitive). */
  query(text: string, limit = 5): SearchHit[] {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const perKind = new Map<SearchKind, SearchHit[]>();
    const ascii = /^[a-z]+$/.test(q);
    // A code is matched from its start once the text could be one: digits, or letters with a digit or a sign.
    const code = /^\d+$/.test(q) || (/[\d\-_.]/.test(q) && !/\s/.test(q));
    for (let i = 0; i < this.names.length; i++) {
      const score = this.score(i, q, ascii, code);
      if (score < 0) continue;
      const hits = perKind.get(this.entries[i].kind) ?? [];
      if (!perKind.has(this.entries[i].kind)) perKind.set(this.entries[i].kind, hits);
      // Keep the best `limit` (stable: earlier entries win ties).
      if (hits.length < limit) hits.push({ ...this.entries[i], score });
      else if (score < hits[hits.length - 1].score) hits[hits.length - 1] = { ...this.entries[i], score };
      else continue;
      hits.sort((a, b) => a.score - b.score);
    }
    return SEARCH_KINDS.flatMap((kind) => perKind.get(kind) ?? []);
  }

  private score(i: number, q: string, ascii: boolean, code: boolean): number {
    const name = this.names[i];
    if (name === q) return 0;
    if (name.startsWith(q)) return 1;
    if (name.includes(q)) return 2;
    if (ascii && this.initials[i].startsWith(q)) return 3;
    if (code && this.codes[i].startsWith(q)) return 4;
    return -1;
  }

  private async run(entries: SearchEntry[], generation: number): Promise<void> {
    const pinyin = await loadPinyin();
    // Per distinct name, its lowercase form and pinyin initials, made once: a city's 650,000
    // courtyards repeat a few names (第3院落, 1号院), and each entry then shares the strings.
    const keys = new Map<string, [string, string]>();
    const keysOf = (name: string): [string, string] => {
      let found = keys.get(name);
      if (!found) keys.set(name, (found = [name.toLowerCase(), /[\u4e00-\u9fff]/.test(name) ? pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('') : '']));
      return found;
    };
    let i = 0;
    while (i < entries.length) {
      if (i) await new Promise((r) => setTimeout(r));
      // Reset meanwhile: a newer build fills the index.
      if (generation !== this.generation) return;
      const end = performance.now() + SLICE_MS;
      // The clock is read every 64 names (~1 ms).
      for (; i < entries.length && ((i & 63) !== 0 || performance.now() < end || i === 0); i++) {
        const entry = entries[i];
        const [name, initials] = keysOf(entry.name);
        this.entries.push(entry);
        this.names.push(name);
        this.codes.push(entry.code.toLowerCase());
        this.initials.push(initials);
      }
    }
  }
}

/**
 * What a search over a map searches: every area of its index (name, code) and the named items of
 * its data layers (sites and staff, by name, at their position). Empty before the index.
 */
export function searchEntries(index: AreaIndex | undefined, layers: (kind: 'site' | 'staff') => { all(): (MapItem & { name: string; gridCode?: string })[] }[]): SearchEntry[] {
  if (!index) return [];
  const areas = index.levels.flatMap((level) => {
    const names = index.names(level);
    return Array.from(index.codes(level), (code, i) => ({ kind: level, id: code, code, name: names.at(i)! }));
  });
  const items = (['site', 'staff'] as const).flatMap((kind) =>
    layers(kind).flatMap((layer) => layer.all().map((item) => ({ kind, id: item.id, code: item.gridCode ?? '', name: String(item.name), lngLat: item.lngLat }))),
  );
  return [...areas, ...items];
}
