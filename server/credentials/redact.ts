/**
 * Redaction of revealed secrets from what a step attempt records (event, input,
 * output, error, logs), raw and in the encoded forms Baton itself produces (base64
 * bodies, percent-encoded URLs, text decoded as UTF-16). Pure: no I/O.
 */

/** What replaces a secret in run records. */
export const REDACTED = '••••';

/**
 * The strings to hide for one revealed credential: each secret value, and for basic
 * auth also the base64 `user:password` an `Authorization` header carries; each of them
 * also in the encoded forms of {@link encodedForms}.
 */
export function secretForms(type: string, data: Record<string, string>, secretKeys: string[]): string[] {
  const raw = secretKeys.map((k) => data[k] ?? '').filter((v) => v.length > 0);
  if (type === 'basic' && data.password) raw.push(Buffer.from(`${data.username ?? ''}:${data.password}`, 'utf8').toString('base64'));
  return [...new Set(raw.flatMap((v) => [v, ...encodedForms(v)]))];
}

/** Shortest base64 fragment redacted, characters (24 bits: shorter ones would match unrelated data). */
const MIN_BASE64_FRAGMENT = 4;

/**
 * The forms in which a secret can reach a run record through Baton's own encoding:
 * - percent-encoding, as URLs and log lines carry it: `encodeURIComponent`, form
 *   encoding (`URLSearchParams`, `+` for spaces), `encodeURI`, the WHATWG URL
 *   serialisation of a query and of a path, and each with lower-case hex digits;
 * - base64 (standard and URL-safe), as binary response bodies are stored: the secret's
 *   bytes may start at any offset of a larger body, and each of the three offsets
 *   modulo 3 encodes them differently, so for each alignment the characters that depend
 *   only on the secret's bytes (the first and last character may mix in a neighbour's
 *   bits and are left) are hidden; fragments under {@link MIN_BASE64_FRAGMENT}
 *   characters are skipped;
 * - the secret's bytes decoded as UTF-16LE/BE at both byte alignments, as a body
 *   labelled with such a charset is stored (see `utf16Forms`).
 * Forms equal to the secret itself are included (the caller de-duplicates).
 */
export function encodedForms(secret: string): string[] {
  const forms = new Set<string>([encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), encodeURI(secret)]);
  try {
    // Only when the whole secret stays in that part of the URL (`?` ends a path, `#` both).
    if (!secret.includes('#')) forms.add(new URL(`http://x/?${secret}`).search.slice(1));
    if (!/[?#\\]/.test(secret)) forms.add(new URL(`http://x/${secret}`).pathname.slice(1));
  } catch {
    // not expressible in a URL: the other forms remain
  }
  for (const f of [...forms]) forms.add(f.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  const bytes = Buffer.from(secret, 'utf8');
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    // Character i holds bits [6i, 6i + 6) of the stream; keep those inside the secret's bytes.
    const fragment = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    forms.add(fragment);
    forms.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  for (const f of utf16Forms(bytes)) forms.add(f);
  return [...forms].filter((f) => f.length > 0);
}

/** Shortest UTF-16 fragment redacted, characters (4 bytes of the secret). */
const MIN_UTF16_FRAGMENT = 2;

/**
 * The secret's bytes read as UTF-16LE and UTF-16BE text, as a response body labelled
 * `charset=utf-16…` is decoded (an echoed ASCII token becomes CJK characters): at an
 * even and at an odd byte offset of the body; per alignment only the characters made
 * of the secret's own bytes (a character at the edge may pair with a neighbour's byte).
 */
function utf16Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const encoding of ['utf-16le', 'utf-16be']) {
    const decoder = new TextDecoder(encoding, { ignoreBOM: true });
    for (let k = 0; k < 2; k++) {
      // Character i holds bytes [2i, 2i + 2) of the stream; keep those inside the secret's bytes.
      const text = decoder.decode(Buffer.concat([Buffer.alloc(k), bytes, Buffer.alloc(2)]));
      const fragment = text.slice(Math.ceil(k / 2), Math.floor((k + bytes.length) / 2));
      if (fragment.length >= MIN_UTF16_FRAGMENT) out.push(fragment);
    }
  }
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
