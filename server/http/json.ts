/**
 * A bound on how deeply JSON from a request may nest, checked before it is parsed.
 *
 * JSON nested thousands of levels deep parses, but every recursive walk after it (schema
 * validation, copying, redaction, storing) overflows the stack. The boundary (REST
 * bodies, tRPC input, webhook bodies) therefore scans the text first: O(length), no
 * allocation, strings and escapes skipped, and refuses more than {@link JSON_MAX_DEPTH}
 * levels of arrays and objects with a 400 naming the limit.
 */
import 'server-only';
import { AppError } from '../errors';
import { envInt } from './body';

/**
 * Deepest nesting of arrays and objects accepted in a request's JSON (the envelope
 * counts: a REST body `{ "input": … }` uses one level): `BATON_JSON_MAX_DEPTH`, default 64.
 */
export const JSON_MAX_DEPTH = envInt('BATON_JSON_MAX_DEPTH', 64);

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
export function jsonTooDeep(text: string | Uint8Array, maxDepth: number = JSON_MAX_DEPTH): boolean {
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

/** The message for JSON over the depth limit: `"the JSON is nested deeper than 64 levels"`. */
export function tooDeepMessage(maxDepth: number = JSON_MAX_DEPTH): string {
  return `the JSON is nested deeper than ${maxDepth} levels (arrays and objects inside each other)`;
}

/**
 * Parses JSON text from a request after checking its depth.
 * @throws AppError('bad_request') naming the limit when nested deeper than `maxDepth`;
 *   SyntaxError (JSON.parse's) when malformed
 */
export function parseJson(text: string, maxDepth: number = JSON_MAX_DEPTH): unknown {
  if (jsonTooDeep(text, maxDepth)) throw new AppError('bad_request', tooDeepMessage(maxDepth), [{ path: [], message: `nested deeper than ${maxDepth} levels` }]);
  return JSON.parse(text) as unknown;
}
