import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GmControlElement } from '../../gm-control-element.js';
import { SearchIndex, SEARCH_KINDS, type SearchHit } from '../../model/search-index.js';
import { controlStyles } from '../../internal/control-styles.js';

/**
 * @summary Finds any district, town, community, grid, key site or staff member by name, code or
 * pinyin initials (e.g. `jfb` for 解放碑); results grouped by kind with their parent path; ↑/↓ and
 * Enter select and fly there.
 *
 * The index is built on first use, in slices between frames (pinyin initials for ~105,000 names
 * take about a second in all), from the map's areas and the `<gm-sites>` / `<gm-staff>` items it
 * holds then; it is rebuilt when the map loads a new hierarchy. Put it in a corner slot of
 * `<gm-map>`, or anywhere with `for="map-id"`.
 *
 * @csspart input - The search box (a combobox).
 * @csspart results - The list of results (a listbox), grouped by kind.
 * @csspart option - One result (`aria-selected` when active).
 * @cssproperty --gm-search-width - Width of the box (default 280px).
 */
export class GmSearch extends GmControlElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        width: var(--gm-search-width, 280px);
        padding: 6px;
      }
      input {
        box-sizing: border-box;
        width: 100%;
        font: inherit;
        padding: 4px 8px;
        border-radius: 4px;
        border: 1px solid rgb(127 127 127 / 0.6);
        background: transparent;
        color: inherit;
      }
      input:focus-visible {
        outline: var(--gm-focus-ring, 2px solid #1565c0);
      }
      [role='listbox'] {
        max-height: 50vh;
        overflow: auto;
        margin-top: 4px;
      }
      .group {
        font-size: 12px;
        opacity: 0.7;
        padding: 4px 6px 0;
      }
      [role='option'] {
        padding: 3px 6px;
        border-radius: 4px;
        cursor: pointer;
      }
      [role='option'][aria-selected='true'] {
        background: rgb(127 127 127 / 0.3);
      }
      .path {
        font-size: 12px;
        opacity: 0.7;
        margin-left: 6px;
      }
    `,
  ];

  /** Results shown per kind. */
  @property({ type: Number }) limit = 5;

  @state() private hits: SearchHit[] = [];
  @state() private active = -1;
  @state() private text = '';

  private readonly index = new SearchIndex();
  protected override mapEvents() {
    return { 'gm-ready': () => this.index.reset() };
  }

  protected override mapFound(): void {
    this.index.reset();
  }

  /** Searches now (what typing does): resolves with the hits once the index is built. */
  async search(text: string): Promise<SearchHit[]> {
    this.text = text;
    const map = this.target.map;
    if (map) await this.index.build(map.searchEntries());
    if (text !== this.text) return this.hits;
    this.hits = this.index.query(text, this.limit);
    this.active = this.hits.length ? 0 : -1;
    return this.hits;
  }

  /**
   * Selects a hit: an area becomes the map's selection (it flies there); an item is flown to, and
   * its grid becomes the selection (the breadcrumb and stats follow where the map looks).
   */
  choose(hit: SearchHit): void {
    const map = this.target.map;
    if (!map) return;
    if (hit.lngLat) {
      map.flyToPoint(hit.lngLat);
      if (hit.code) map.engine.selection.focus(hit.code);
    } else map.selected = hit.id;
    this.hits = [];
    this.active = -1;
  }

  private onKeyDown(event: KeyboardEvent): void {
    const count = this.hits.length;
    if (event.key === 'ArrowDown' && count) this.active = (this.active + 1) % count;
    else if (event.key === 'ArrowUp' && count) this.active = (this.active - 1 + count) % count;
    else if (event.key === 'Enter' && this.hits[this.active]) this.choose(this.hits[this.active]);
    else if (event.key === 'Escape') this.hits = [];
    else return;
    event.preventDefault();
  }

  /** The parent path of a hit: district › town › community (areas above it, or above an item's grid). */
  private path(hit: SearchHit): string {
    const map = this.target.map;
    if (!map || !hit.code) return '';
    const path = map.areaPath(hit.code);
    return (hit.lngLat ? path : path.slice(0, -1)).map((a) => a.name).join(' › ');
  }

  override render() {
    const t = this.t;
    const open = this.text.trim() !== '' && (this.hits.length > 0 || this.index.size > 0);
    let n = -1;
    return html`
      <input part="input" type="search" role="combobox" aria-label=${t.search.label} placeholder=${t.search.placeholder}
        aria-autocomplete="list" aria-controls="results" aria-expanded=${open ? 'true' : 'false'}
        aria-activedescendant=${this.active >= 0 ? `hit-${this.active}` : nothing}
        .value=${this.text} @input=${(e: InputEvent) => void this.search((e.target as HTMLInputElement).value)} @keydown=${this.onKeyDown} />
      ${open
        ? html`<div part="results" id="results" role="listbox" aria-label=${t.search.label}>
            ${this.hits.length === 0 ? html`<div class="group">${t.search.empty}</div>` : nothing}
            ${SEARCH_KINDS.map((kind) => {
              const hits = this.hits.filter((h) => h.kind === kind);
              if (!hits.length) return nothing;
              return html`<div role="group" aria-label=${t.search.kind[kind]}>
                <div class="group" aria-hidden="true">${t.search.kind[kind]}</div>
                ${hits.map((hit) => {
                  const i = ++n;
                  return html`<div part="option" role="option" id=${`hit-${i}`} aria-selected=${i === this.active ? 'true' : 'false'}
                    @click=${() => this.choose(hit)}><span class="name">${hit.name}</span><span class="path">${this.path(hit)}</span></div>`;
                })}
              </div>`;
            })}
          </div>`
        : nothing}
    `;
  }
}
