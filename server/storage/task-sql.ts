/**
 * The inbox's SQL for both dialects, built from a {@link TaskListQuery}: the list
 * select (tasks ⋈ runs ⋈ workflows, with the approvals so far), who may see a task and
 * which inbox tab holds it (the rules of `services/task-access.ts`), keyset pagination,
 * and the unread count. One builder, two spellings, so both databases return the same
 * rows in the same order:
 * - placeholders: `@p1…` (better-sqlite3 named parameters, bound with an object) or `$1…`;
 * - JSON text arrays: `json_each` / `json_array_length` or `jsonb` `?`, `?|`, `jsonb_array_length`;
 * - substring: `instr` or `strpos`, over `baton_lower` (Unicode lower case) on both;
 * - ids compare bytewise (`COLLATE "C"` on PostgreSQL, SQLite's default elsewhere).
 *
 * Orders and their keys (ties broken by task id, so the order is total):
 * `created_asc` / `created_desc`: created_at, id; `due`: due (none last), created_at, id;
 * `priority`: urgent…low, created_at, id.
 */
import type { Dialect } from './port';
import { NO_DUE_SORT_KEY, type TaskListQuery, type TaskOrder } from './ports/tasks';

/** A statement's text and its parameters (an object for SQLite, an array for PostgreSQL). */
export interface BuiltSql {
  text: string;
  params: unknown[];
  /** SQLite's named parameters `{ p1: …, p2: … }`. */
  named: Record<string, unknown>;
}

/** Collects parameters and spells their placeholders for a dialect. */
class Params {
  readonly values: unknown[] = [];
  constructor(readonly dialect: Dialect) {}
  /** The placeholder of a new parameter `v`. */
  p(v: unknown): string {
    this.values.push(v);
    return this.dialect === 'postgres' ? `$${this.values.length}` : `@p${this.values.length}`;
  }
  built(text: string): BuiltSql {
    return { text, params: this.values, named: Object.fromEntries(this.values.map((v, i) => [`p${i + 1}`, v])) };
  }
}

/** `t.<col>` holds `id` among its JSON text array. */
function member(x: Params, col: string, id: string): string {
  return x.dialect === 'postgres' ? `(t.${col}::jsonb ? ${x.p(id)})` : `EXISTS (SELECT 1 FROM json_each(t.${col}) WHERE value = ${x.p(id)})`;
}

/** `t.<col>` shares an element with `ids`. */
function overlaps(x: Params, col: string, ids: string[]): string {
  if (!ids.length) return 'FALSE';
  return x.dialect === 'postgres'
    ? `(t.${col}::jsonb ?| ${x.p(ids)}::text[])`
    : `EXISTS (SELECT 1 FROM json_each(t.${col}) WHERE value IN (SELECT value FROM json_each(${x.p(JSON.stringify(ids))})))`;
}

function openToAnyone(x: Params): string {
  const len = (c: string) => (x.dialect === 'postgres' ? `jsonb_array_length(t.${c}::jsonb)` : `json_array_length(t.${c})`);
  return `(t.assignee = '' AND ${len('candidate_users')} = 0 AND ${len('candidate_groups')} = 0)`;
}

const named = (x: Params, me: string) => `(t.assignee = ${x.p(me)} OR ${member(x, 'candidate_users', me)})`;
const starterBarred = (x: Params, me: string) => `(t.starter_may_not_approve = 1 AND r.started_by = ${x.p(me)})`;

/** `maySeeTask` (not for admins) or an inbox tab (`inInboxView`), as a predicate over `t` and `r`. */
function scopeSql(x: Params, s: NonNullable<TaskListQuery['scope']>): string {
  const me = s.userId;
  if (s.kind === 'visible')
    return `(${openToAnyone(x)} OR ${named(x, me)} OR ${overlaps(x, 'candidate_groups', s.groups)} OR t.claimed_by = ${x.p(me)} OR t.completed_by = ${x.p(me)})`;
  if (s.kind === 'mine') return `(NOT ${starterBarred(x, me)} AND (t.claimed_by = ${x.p(me)} OR (t.claimed_by IS NULL AND ${named(x, me)})))`;
  return `(NOT ${starterBarred(x, me)} AND t.claimed_by IS NULL AND NOT ${named(x, me)} AND (${openToAnyone(x)} OR ${overlaps(x, 'candidate_groups', s.groups)}))`;
}

const idKey = (d: Dialect) => (d === 'postgres' ? 't.id COLLATE "C"' : 't.id');
const RANK = `(CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 2 END)`;

/** The sort key expressions of an order (the task id last). */
function keyExprs(d: Dialect, order: TaskOrder): string[] {
  if (order === 'due') return [`COALESCE(t.due_at, ${NO_DUE_SORT_KEY})`, 't.created_at', idKey(d)];
  if (order === 'priority') return [RANK, 't.created_at', idKey(d)];
  return ['t.created_at', idKey(d)];
}

/** Tasks after the cursor's keys in the order (a row-value comparison). */
function afterSql(x: Params, order: TaskOrder, keys: (number | string)[]): string {
  const cols = keyExprs(x.dialect, order).join(', ');
  const vals = keys.map((k) => x.p(k)).join(', ');
  // The extra bound on created_at alone lets the database seek in tasks_status_idx (status, created_at).
  if (order === 'created_desc') return `(t.created_at <= ${x.p(keys[0])} AND (${cols}) < (${vals}))`;
  if (order === 'created_asc') return `(t.created_at >= ${x.p(keys[0])} AND (${cols}) > (${vals}))`;
  return `((${cols}) > (${vals}))`;
}

/** The columns of a {@link TaskView} row (before `task-rows.ts` maps it). */
function selectList(d: Dialect): string {
  const first = d === 'postgres' ? `(t.outcomes::jsonb -> 0 ->> 'id')` : `json_extract(t.outcomes, '$[0].id')`;
  return `SELECT t.id, t.run_id AS "runId", t.step_id AS "stepId", t.node_id AS "nodeId", t.workflow_id AS "workflowId", w.name AS "workflowName",
    r.version, t.title, t.description, t.assignee, t.candidate_users AS "candidateUsers", t.candidate_groups AS "candidateGroups",
    t.priority, t.due_at AS "dueAt", t.required_approvals AS "requiredApprovals",
    (SELECT COUNT(*) FROM task_approvals a WHERE a.task_id = t.id AND a.outcome = ${first}) AS approvals,
    t.starter_may_not_approve AS "starterMayNotApprove", t.claimed_by AS "claimedBy", t.claimed_at AS "claimedAt", r.started_by AS "startedBy",
    t.form, t.outcomes, t.context, t.status, t.outcome, t.data, t.completed_by AS "completedBy", t.created_at AS "createdAt", t.completed_at AS "completedAt",
    t.escalation AS "escalationMode", t.escalation_group AS "escalationGroup", t.escalated_at AS "escalatedAt"
    FROM tasks t JOIN runs r ON r.id = t.run_id JOIN workflows w ON w.id = t.workflow_id`;
}

/** The list statement of `q` on dialect `d`. */
export function listSql(d: Dialect, q: TaskListQuery): BuiltSql {
  const x = new Params(d);
  const where: string[] = [];
  if (q.status) where.push(`t.status = ${x.p(q.status)}`);
  if (q.runId) where.push(`t.run_id = ${x.p(q.runId)}`);
  if (q.priority) where.push(`t.priority = ${x.p(q.priority)}`);
  if (q.scope) where.push(scopeSql(x, q.scope));
  if (q.search) {
    const needle = q.search.toLowerCase();
    const pos = (col: string) => (d === 'postgres' ? `strpos(baton_lower(${col}), ${x.p(needle)})` : `instr(baton_lower(${col}), ${x.p(needle)})`);
    where.push(`(${pos('t.title')} > 0 OR ${pos('w.name')} > 0)`);
  }
  if (q.after) where.push(afterSql(x, q.order, q.after));
  const dir = q.order === 'created_desc' ? 'DESC' : 'ASC';
  const order = keyExprs(d, q.order)
    .map((e) => `${e} ${dir}`)
    .join(', ');
  const limit = x.p(Math.max(1, Math.trunc(q.limit)));
  return x.built(`${selectList(d)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${limit}`);
}

/** One task by id (`$1` / `@p1`). */
export function getSql(d: Dialect, taskId: string): BuiltSql {
  const x = new Params(d);
  return x.built(`${selectList(d)} WHERE t.id = ${x.p(taskId)}`);
}

/** The count of open tasks in `userId`'s mine or groups tab not opened (or not since escalation). */
export function unreadCountSql(d: Dialect, userId: string, groups: string[]): BuiltSql {
  const x = new Params(d);
  const mine = scopeSql(x, { kind: 'mine', userId, groups });
  const theirs = scopeSql(x, { kind: 'groups', userId, groups });
  return x.built(`SELECT COUNT(*) AS n FROM tasks t JOIN runs r ON r.id = t.run_id
    LEFT JOIN task_views v ON v.task_id = t.id AND v.user_id = ${x.p(userId)}
    WHERE t.status = 'open' AND (${mine} OR ${theirs})
    AND (v.viewed_at IS NULL OR (t.escalated_at IS NOT NULL AND v.viewed_at < t.escalated_at))`);
}

/** The snapshot's task columns (`FOR UPDATE OF t` appended on PostgreSQL when locking). */
export const ACCESS_COLUMNS = `t.id, t.run_id AS "runId", t.step_id AS "stepId", t.status, t.completed_by AS "completedBy", t.outcomes, t.form, t.assignee,
  t.candidate_users AS "candidateUsers", t.candidate_groups AS "candidateGroups", t.required_approvals AS "requiredApprovals",
  t.starter_may_not_approve AS "starterMayNotApprove", t.claimed_by AS "claimedBy", r.started_by AS "startedBy", r.status AS "runStatus"
  FROM tasks t JOIN runs r ON r.id = t.run_id`;
