// The shape of every `gm-error` detail that lists offending items: how many, and the first few.
// One place, so every element reports alike and none lists a 100,000-item batch in full.

/** At most this many offending items are listed in one `gm-error`. */
export const LISTED = 20;

/** A report of offending items: `{count, items}` with at most `max` of them listed. */
export function listed<T>(items: readonly T[], max = LISTED): { count: number; items: T[] } {
  return { count: items.length, items: items.slice(0, max) };
}

/** A short, printable description of a bad value (never its full 10 MB). */
export function safeText(value: unknown, max = 80): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
