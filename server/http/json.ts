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
import { jsonTooDeep as scanTooDeep, tooDeepMessage as depthMessage } from '@/lib/util/json-depth';

/**
 * Deepest nesting of arrays and objects accepted in a request's JSON (the envelope
 * counts: a REST body `{ "input": … }` uses one level): `BATON_JSON_MAX_DEPTH`, default 64.
 */
export const JSON_MAX_DEPTH = envInt('BATON_JSON_MAX_DEPTH', 64);

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth` (default
 * {@link JSON_MAX_DEPTH}) levels; the pure scan of `lib/util/json-depth.ts`.
 */
export function jsonTooDeep(text: string | Uint8Array, maxDepth: number = JSON_MAX_DEPTH): boolean {
  return scanTooDeep(text, maxDepth);
}

/** The message for JSON over the depth limit: `"the JSON is nested deeper than 64 levels"`. */
export function tooDeepMessage(maxDepth: number = JSON_MAX_DEPTH): string {
  return depthMessage(maxDepth);
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
