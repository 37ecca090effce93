/**
 * How deeply JSON text nests, measured before it is parsed (pure; no I/O, no imports).
 *
 * JSON nested thousands of levels deep parses, but every recursive walk after it
 * (schema validation, copying, redaction, storing) overflows the stack. Whatever parses
 * JSON from outside (request bodies at the server's boundary, HTTP and AI responses in
 * the node executors) scans the text first with {@link jsonTooDeep}: O(length), no
 * allocation, strings and escapes skipped.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth` levels. Works on a
 * string or on UTF-8 bytes (the structural characters are ASCII and never occur inside a
 * multi-byte sequence). Does not validate the JSON; brackets inside strings are ignored.
 */
export function jsonTooDeep(text: string | Uint8Array, maxDepth: number): boolean {
  const bytes = typeof text !== 'string';
  const n = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = bytes ? (text as Uint8Array)[i] : (text as string).charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

/** The message for JSON over a depth limit: `"the JSON is nested deeper than 64 levels (…)"`. */
export function tooDeepMessage(maxDepth: number): string {
  return `the JSON is nested deeper than ${maxDepth} levels (arrays and objects inside each other)`;
}
