/**
 * Opaque page cursors and page-size limits of the run history reads (steps in
 * activation order, log records by sequence number). A step cursor encodes a
 * position in the run's activation order; clients pass it back unchanged.
 */
import { AppError } from '../errors';
import type { StepPosition } from '../storage/ports/run-reads';

/** Steps per page: default and most a client may ask for (`limit`). */
export const STEP_PAGE = { default: 100, max: 500 } as const;
/** Log records per page: default and most a client may ask for (`limit`). */
export const EVENT_PAGE = { default: 500, max: 1000 } as const;

const PREFIX = 's1:';

/** Encodes a position in a run's activation order as an opaque URL-safe string. */
export function encodeStepCursor(p: StepPosition): string {
  return Buffer.from(`${PREFIX}${p.startedAt}:${p.rowId}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeStepCursor}.
 * @throws AppError('bad_request') naming `cursor` when it was not made by this server.
 */
export function decodeStepCursor(cursor: string): StepPosition {
  const text = /^[A-Za-z0-9_-]{1,120}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^s1:(-?\d{1,16}):(-?\d{1,19})$/.exec(text);
  const startedAt = m ? Number(m[1]) : NaN;
  const rowId = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(startedAt) || !Number.isSafeInteger(rowId))
    throw new AppError('bad_request', 'cursor is not valid: pass the nextCursor of a previous page unchanged', [{ path: ['cursor'], message: 'not a cursor of this API' }]);
  return { startedAt, rowId };
}

/**
 * A page size from a client: `undefined` gives `def`; otherwise an integer 1..`max`.
 * @throws AppError('bad_request') naming `limit` otherwise.
 */
export function pageLimit(value: number | undefined, page: { default: number; max: number }): number {
  if (value === undefined) return page.default;
  if (!Number.isInteger(value) || value < 1 || value > page.max)
    throw new AppError('bad_request', `limit must be an integer from 1 to ${page.max}`, [{ path: ['limit'], message: `must be 1..${page.max}` }]);
  return value;
}
