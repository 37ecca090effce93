/**
 * The draft revision as an HTTP entity tag: `ETag: "7"` on reads and saves, and the
 * `If-Match` precondition of `PUT /api/v1/workflows/{id}` (RFC 9110 §13.1.1).
 * Pure: no server imports.
 */
import { AppError } from '../errors';

/** `"7"`: the strong entity tag of draft revision 7. */
export function revisionTag(revision: number): string {
  return `"${revision}"`;
}

/**
 * The draft revision an `If-Match` header asks for: undefined when absent or `*` (any
 * revision). Accepts `"7"`, `W/"7"` and a bare `7`; a list of several tags is refused.
 * @throws AppError('bad_request') naming `If-Match` for anything else.
 */
export function ifMatchRevision(header: string | null): number | undefined {
  if (header === null) return undefined;
  const v = header.trim();
  if (v === '*') return undefined;
  const m = /^(?:W\/)?"(\d{1,12})"$|^(\d{1,12})$/.exec(v);
  const n = m ? Number(m[1] ?? m[2]) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new AppError('bad_request', 'If-Match must be the draft revision as given by ETag (e.g. "7")', [{ path: ['If-Match'], message: 'expected one entity tag such as "7"' }]);
  return n;
}
