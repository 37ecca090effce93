/**
 * Cursors of the task lists: the opaque `nextCursor` a page returns and its decoding.
 * The lists themselves are queries of the storage port (`TaskStorePort.list`, orders
 * and their sort keys in `storage/ports/tasks.ts`). A cursor is base64url of
 * `{ o: order, k: [keys…] }` of the last task of the previous page; it is only valid
 * with the same order.
 */
import { AppError } from '../errors';
import { sortKeyCount, type TaskOrder } from '../storage/ports/tasks';

export type { TaskOrder } from '../storage/ports/tasks';

/** The opaque cursor after a task with the sort keys `keys` (`taskSortKeys`). */
export function encodeCursor(order: TaskOrder, keys: (number | string)[]): string {
  return Buffer.from(JSON.stringify({ o: order, k: keys }), 'utf8').toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor} for the same order.
 * @throws AppError('bad_request') naming `cursor` when it is malformed or belongs to another order.
 */
export function decodeCursor(cursor: string, order: TaskOrder): (number | string)[] {
  const bad = (why: string) => new AppError('bad_request', `cursor is not valid: ${why}; pass the cursor of the previous page unchanged, with the same filters`, [{ path: ['cursor'], message: why }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor of this list');
  }
  const p = parsed as { o?: unknown; k?: unknown };
  const n = sortKeyCount(order);
  if (!p || typeof p !== 'object' || !Array.isArray(p.k) || p.k.length !== n) throw bad('not a cursor of this list');
  if (p.o !== order) throw bad('made for another sort order');
  const k = p.k as unknown[];
  const ok = k.every((v, i) => (i === n - 1 ? typeof v === 'string' && v.length <= 100 : typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw bad('not a cursor of this list');
  return k as (number | string)[];
}
