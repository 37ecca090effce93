/**
 * Workflow names are unique among the workflows that are not deleted, compared trimmed
 * and ignoring case. Pure; the server refuses a taken name, the browser proposes a free one.
 */

/**
 * `name` when no name in `taken` equals it (ignoring case and surrounding spaces),
 * else the first free `"<name> (2)"`, `"<name> (3)"`, …; a name that already ends in
 * ` (n)` counts on from n. The result is at most 200 characters (the base is cut).
 */
export function freeName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map(nameKey));
  const trimmed = name.trim();
  if (!used.has(nameKey(trimmed))) return trimmed;
  const m = /^(.*) \((\d+)\)$/.exec(trimmed);
  const base = m ? m[1]! : trimmed;
  for (let n = m ? Number(m[2]) + 1 : 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = base.slice(0, 200 - suffix.length) + suffix;
    if (!used.has(nameKey(candidate))) return candidate;
  }
}

/** How two workflow names are compared for uniqueness: trimmed, case-insensitive. */
export function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}
