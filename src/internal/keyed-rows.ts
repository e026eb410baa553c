import { render, type TemplateResult } from 'lit';

/**
 * Draws one `<li>` per item into a list, kept for as long as its item is shown: updated in place,
 * moved into order, removed with its item. Written by hand because neither Lit way fits a list that
 * changes every few seconds for months. Keyed `repeat()` in lit-html 3.3.1–3.3.3 leaves one comment
 * node in the list for every row it removes (lit/lit#5010, #5298), so the DOM grows without bound.
 * `map()` + `keyed()` matches rows by position, so an item added at the top redraws every row below
 * it: the whole list as new nodes each time, dropped nodes the soak still found alive at its samples.
 */
export function drawKeyedRows<T>(
  list: HTMLElement,
  items: readonly T[],
  row: {
    key(item: T): string;
    /** Sets the row's own attributes (part, data-*). */
    decorate(li: HTMLLIElement, item: T): void;
    content(item: T): TemplateResult;
  },
  host: object,
): void {
  const rows = new Map<string, HTMLLIElement>();
  for (const li of list.querySelectorAll<HTMLLIElement>(':scope > li')) rows.set(li.dataset.id!, li);
  let next = list.firstElementChild;
  for (const item of items) {
    const id = row.key(item);
    let li = rows.get(id);
    rows.delete(id);
    if (!li) {
      li = document.createElement('li');
      li.setAttribute('part', 'row');
      li.dataset.id = id;
    }
    row.decorate(li, item);
    render(row.content(item), li, { host });
    if (li === next) next = li.nextElementSibling;
    else list.insertBefore(li, next);
  }
  for (const gone of rows.values()) gone.remove();
}

/** The row (`data-id`) and part of the button that has the focus in a shadow root, to give it back after the rows moved. */
export function focusedRow(root: ShadowRoot | null | undefined): { id: string; part: string } | undefined {
  const button = root?.activeElement;
  const id = button?.closest('li')?.dataset.id;
  return id !== undefined ? { id, part: button!.getAttribute('part') ?? 'open' } : undefined;
}

/** Gives the focus back to a row's button (a moved row loses it: a move is a removal and an insertion). */
export function restoreFocus(root: ShadowRoot, was: { id: string; part: string } | undefined): void {
  if (!was || root.activeElement) return;
  const row = [...root.querySelectorAll('li')].find((li) => li.dataset.id === was.id);
  row?.querySelector<HTMLElement>(`[part="${was.part}"]`)?.focus();
}
