/**
 * Task lists in SQL: who may see a task and which inbox tab holds it, as SQL
 * predicates over `tasks` (joined with `runs` for the starter), plus keyset (cursor)
 * pagination. The rules are those of `task-access.ts` (`maySeeTask`, `inInboxView`),
 * applied in the query, so a page holds the first `limit` tasks the caller may see,
 * however many others exist.
 *
 * Orders and their keys (ties broken by task id, so the order is total):
 * - `created_asc` (open tasks, oldest first) / `created_desc` (others, newest first): `created_at, id`;
 * - `due`: tasks with a due date first, soonest first, then `created_at, id`;
 * - `priority`: urgent, high, normal, low, then `created_at, id`.
 * A cursor is opaque to clients: base64url of `{ o: order, k: [keys…] }` of the last
 * task of the previous page; it is only valid with the same order.
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { runs, tasks, workflows } from '../db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';
import type { InboxView } from './task-types';

export type TaskOrder = 'created_asc' | 'created_desc' | 'due' | 'priority';

/** Sorts after every epoch-ms due date: tasks without one come last. */
const NO_DUE = 8_640_000_000_000_000;

const named = (me: string) => sql`(${tasks.assignee} = ${me} OR EXISTS (SELECT 1 FROM json_each(${tasks.candidateUsers}) WHERE value = ${me}))`;
const inMyGroups = (groups: string[]) =>
  groups.length ? sql`EXISTS (SELECT 1 FROM json_each(${tasks.candidateGroups}) WHERE value IN (SELECT value FROM json_each(${JSON.stringify(groups)})))` : sql`0`;
const openToAnyone = sql`(${tasks.assignee} = '' AND json_array_length(${tasks.candidateUsers}) = 0 AND json_array_length(${tasks.candidateGroups}) = 0)`;
const starterBarred = (me: string) => sql`(${tasks.starterMayNotApprove} = 1 AND ${runs.startedBy} = ${me})`;

/** `maySeeTask` in SQL: potential owner (or open to anyone), claimer or decider. Not for admins (they see all). */
export function visibleTo(actor: Actor): SQL {
  return sql`(${openToAnyone} OR ${named(actor.id)} OR ${inMyGroups(actor.groups)} OR ${tasks.claimedBy} = ${actor.id} OR ${tasks.completedBy} = ${actor.id})`;
}

/** `inInboxView` in SQL for the `mine` and `groups` tabs. */
export function inboxView(view: Exclude<InboxView, 'all'>, actor: Actor): SQL {
  const me = actor.id;
  if (view === 'mine') return sql`(NOT ${starterBarred(me)} AND (${tasks.claimedBy} = ${me} OR (${tasks.claimedBy} IS NULL AND ${named(me)})))`;
  return sql`(NOT ${starterBarred(me)} AND ${tasks.claimedBy} IS NULL AND NOT ${named(me)} AND (${openToAnyone} OR ${inMyGroups(actor.groups)}))`;
}

/** Case-insensitive substring of the title or the workflow name (`baton_lower`: Unicode lower case, registered by `openDatabase`). */
export function matchesSearch(q: string): SQL {
  const needle = q.toLowerCase();
  return sql`(instr(baton_lower(${tasks.title}), ${needle}) > 0 OR instr(baton_lower(${workflows.name}), ${needle}) > 0)`;
}

const rank = sql`(CASE ${tasks.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 2 END)`;
const due = sql`COALESCE(${tasks.dueAt}, ${NO_DUE})`;

/** The sort key expressions of an order (the task id last). */
function keyExprs(order: TaskOrder): SQL[] {
  if (order === 'due') return [due, sql`${tasks.createdAt}`, sql`${tasks.id}`];
  if (order === 'priority') return [rank, sql`${tasks.createdAt}`, sql`${tasks.id}`];
  return [sql`${tasks.createdAt}`, sql`${tasks.id}`];
}

/** ORDER BY terms of an order. */
export function orderBy(order: TaskOrder): SQL[] {
  const dir = order === 'created_desc' ? sql`DESC` : sql`ASC`;
  return keyExprs(order).map((e) => sql`${e} ${dir}`);
}

/** The sort key values of a task (as returned by the list query) in an order, for its cursor. */
export function keysOf(order: TaskOrder, t: { createdAt: number; id: string; dueAt: number | null; priority: string }): (number | string)[] {
  const r = ({ urgent: 0, high: 1, normal: 2, low: 3 } as Record<string, number>)[t.priority] ?? 2;
  if (order === 'due') return [t.dueAt ?? NO_DUE, t.createdAt, t.id];
  if (order === 'priority') return [r, t.createdAt, t.id];
  return [t.createdAt, t.id];
}

/** Tasks after the cursor's task in the order (a row-value comparison on the sort keys). */
export function after(order: TaskOrder, keys: (number | string)[]): SQL {
  const cols = sql.join(keyExprs(order), sql`, `);
  const vals = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  // The extra bound on created_at alone lets SQLite seek in tasks_status_idx (status, created_at).
  if (order === 'created_desc') return sql`(${tasks.createdAt} <= ${keys[0]} AND (${cols}) < (${vals}))`;
  if (order === 'created_asc') return sql`(${tasks.createdAt} >= ${keys[0]} AND (${cols}) > (${vals}))`;
  return sql`((${cols}) > (${vals}))`;
}

/** The opaque cursor after a task. */
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
  const n = keyExprs(order).length;
  if (!p || typeof p !== 'object' || !Array.isArray(p.k) || p.k.length !== n) throw bad('not a cursor of this list');
  if (p.o !== order) throw bad('made for another sort order');
  const k = p.k as unknown[];
  const ok = k.every((v, i) => (i === n - 1 ? typeof v === 'string' && v.length <= 100 : typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw bad('not a cursor of this list');
  return k as (number | string)[];
}
