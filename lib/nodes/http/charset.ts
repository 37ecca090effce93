/**
 * Which charsets a response body may be decoded with as text, so that a secret the
 * server echoes stays recognisable for redaction (`server/credentials/redact.ts`).
 *
 * Decoding with the charset a server names can turn the bytes of an ASCII secret into
 * other characters. Baton decodes text only with charsets where that cannot happen, or
 * where redaction knows the resulting form:
 * - UTF-8 and the single-byte charsets (ISO-8859-*, windows-125*, KOI8, …): every
 *   ASCII byte decodes to itself, whatever precedes it;
 * - UTF-16LE/BE: ASCII bytes decode pairwise into other characters, a form redaction
 *   covers (both byte alignments).
 * Any other charset (Shift_JIS, EUC-JP, ISO-2022-JP, GBK, GB18030, Big5, EUC-KR): a
 * lead byte or an escape sequence can swallow ASCII bytes, so such a body is not
 * decoded: it is kept as binary (base64, where the secret's bytes are redacted).
 * Pure; no I/O.
 */

/** Charsets (WHATWG names) whose decoding keeps every ASCII byte as that character. */
const ASCII_TRANSPARENT = new Set([
  'utf-8',
  'ibm866',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'x-mac-cyrillic',
  ...[2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16].map((n) => `iso-8859-${n}`),
  'iso-8859-8-i',
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => `windows-125${n}`),
]);

/** Charsets decoded as text whose encoded forms of a secret redaction knows. */
const KNOWN_FORMS = new Set(['utf-16le', 'utf-16be']);

/**
 * The decoder for a `Content-Type`'s charset (default UTF-8; an unknown label is
 * read as UTF-8), or null when the charset may hide ASCII text (see the module comment).
 */
export function textDecoderFor(contentType: string): TextDecoder | null {
  const label = /charset="?([\w-]+)"?/i.exec(contentType)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
  return ASCII_TRANSPARENT.has(decoder.encoding) || KNOWN_FORMS.has(decoder.encoding) ? decoder : null;
}
