/**
 * How a switch compares its value with a case (pure). A case is text typed by the
 * user; the value is any JSON. Rules, in order:
 * - the case text is trimmed; a text wrapped in double quotes (`"gold"`) stands for
 *   the text inside them;
 * - string value: equal to the case text (optionally ignoring letter case);
 * - number value: the case text is a number equal to it (`42`, `42.0`, `4.2e1`);
 * - boolean value: the case text is `true` / `false`; null or missing value: `null`;
 * - object or array value: the case text is JSON deep-equal to it.
 * A value of one type never matches a case meant for another, except that a string
 * is compared as text (so the string `"42"` matches the case `42`).
 */

/** Whether `value` matches the case text `caseText`. Never throws. */
export function caseMatches(value: unknown, caseText: string, ignoreCase = false): boolean {
  const raw = caseText.trim();
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? unquote(raw) : null;
  if (value === null || value === undefined) return raw === 'null';
  if (typeof value === 'string') {
    const text = quoted ?? raw;
    return ignoreCase ? value.toLowerCase() === text.toLowerCase() : value === text;
  }
  if (quoted !== null) return false;
  if (typeof value === 'number') return raw !== '' && Number.isFinite(Number(raw)) && Number(raw) === value;
  if (typeof value === 'boolean') return raw === String(value);
  try {
    return deepEqual(value, JSON.parse(raw));
  } catch {
    return false;
  }
}

function unquote(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
