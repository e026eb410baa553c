/**
 * The origins of an `allowed-origins` list (space- or comma-separated; `self` is the page's own),
 * or undefined for an empty list (any origin). An entry that is no URL allows nothing.
 */
export function parseOrigins(list: string): ReadonlySet<string> | undefined {
  const entries = list.split(/[\s,]+/).filter(Boolean);
  if (!entries.length) return undefined;
  return new Set(
    entries.map((entry) => {
      if (entry === 'self' || entry === "'self'") return location.origin;
      try {
        return new URL(entry).origin;
      } catch {
        return entry;
      }
    }),
  );
}
