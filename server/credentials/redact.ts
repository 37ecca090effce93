/**
 * Redaction of revealed secrets from what a step attempt records (event, input,
 * output, error, logs). Pure: no I/O.
 */

/** What replaces a secret in run records. */
export const REDACTED = '••••';

/**
 * The strings to hide for one revealed credential: each secret value, and for basic
 * auth also the base64 `user:password` an `Authorization` header carries.
 */
export function secretForms(type: string, data: Record<string, string>, secretKeys: string[]): string[] {
  const out = secretKeys.map((k) => data[k] ?? '').filter((v) => v.length > 0);
  if (type === 'basic' && data.password) out.push(Buffer.from(`${data.username ?? ''}:${data.password}`, 'utf8').toString('base64'));
  return out;
}

/**
 * A copy of `value` (any JSON-like value: objects, arrays, strings, numbers) with every
 * occurrence of every string of `secrets` replaced by {@link REDACTED}, in string values
 * and object keys. Longer secrets are replaced first, so one that contains another is
 * hidden whole. Returns `value` itself when `secrets` is empty.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const list = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  const scrub = (s: string) => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v) arr.push(walk(x));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    seen.set(v, obj);
    for (const [k, x] of Object.entries(v)) obj[scrub(k)] = walk(x);
    return obj;
  };
  return walk(value) as T;
}
