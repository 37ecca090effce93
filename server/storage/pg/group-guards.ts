/**
 * Commit guards of a whole group commit on PostgreSQL, in a fixed number of statements
 * however many write sets carry them (each statement is a round trip; one per write set
 * was what bounded the group commit). Two guard kinds are batched:
 * - `audit`: the entries of every accepted set, one multi-row insert;
 * - `taskDecision`: every decided task's row read and locked at once (`FOR UPDATE`, in
 *   id order, so two processes lock in the same order), each `decide` run on its
 *   snapshot (a refusal refuses only its set, before anything of it is written), then
 *   the approval rows and audit entries of the accepted sets in one insert each.
 * Other guards (schedule claims, webhook receipts) keep a savepoint per write set
 * (`run-store.ts`). The semantics are those of `guards.ts`: what a set's guards write
 * commits with it or not at all.
 */
import type pg from 'pg';
import type { CommitGuard } from '../ports/guards';
import type { AuditInput } from '../ports/audit';
import type { TaskDecisionGuard } from '../ports/tasks';
import { ACCESS_COLUMNS } from '../task-sql';
import { toSnapshot } from '../task-rows';
import { insertAuditRowsPg } from './audit-row';

/** True when every guard of `guards` is written by this module (none, audit entries, at most one task decision). */
export function batchableGuards(guards: readonly CommitGuard[] | undefined): boolean {
  if (!guards?.length) return true;
  let decisions = 0;
  for (const g of guards) {
    if (g.type === 'taskDecision') decisions++;
    else if (g.type !== 'audit') return false;
  }
  return decisions <= 1;
}

/** What one set's guards write once the set is accepted. */
export interface GuardWrites {
  audit: AuditInput[];
  approval?: { taskId: string; by: string; outcome: string; data: string; at: number };
}

/**
 * Reads and locks the tasks decided by `sets` (set index, run id, guards), runs each
 * decision and returns what each set's guards will write. A decision that throws, or a
 * task of another run, refuses its set (recorded in `refused`, nothing written).
 */
export async function decideGroupGuards(c: pg.PoolClient, sets: readonly [number, string, readonly CommitGuard[] | undefined][], refused: Map<number, unknown>): Promise<Map<number, GuardWrites>> {
  const out = new Map<number, GuardWrites>();
  const decisions: [number, string, TaskDecisionGuard][] = [];
  for (const [i, runId, guards] of sets) {
    if (!guards?.length) continue;
    const w: GuardWrites = { audit: [] };
    for (const g of guards) {
      if (g.type === 'audit') w.audit.push(...g.entries);
      else if (g.type === 'taskDecision') decisions.push([i, runId, g]);
    }
    out.set(i, w);
  }
  if (!decisions.length) return out;
  const ids = decisions.map(([, , g]) => g.taskId);
  const tasks = await c.query(`SELECT ${ACCESS_COLUMNS} WHERE t.id = ANY($1::text[]) ORDER BY t.id FOR UPDATE OF t`, [ids]);
  const byId = new Map((tasks.rows as Record<string, unknown>[]).map((r) => [r.id as string, r]));
  const by = decisions.map(([, , g]) => g.by);
  const outcomes = decisions.map(([, , g]) => g.outcome);
  const [prior, counts] = await Promise.all([
    c.query<{ taskId: string; by: string; outcome: string }>(
      `SELECT a.task_id AS "taskId", a."by", a.outcome FROM task_approvals a JOIN unnest($1::text[], $2::text[]) AS v(task_id, "by") ON a.task_id = v.task_id AND a."by" = v."by"`,
      [ids, by],
    ),
    c.query<{ taskId: string; outcome: string; n: number }>(
      `SELECT a.task_id AS "taskId", a.outcome, COUNT(*)::int AS n FROM task_approvals a
       WHERE (a.task_id, a.outcome) IN (SELECT * FROM unnest($1::text[], $2::text[])) GROUP BY a.task_id, a.outcome`,
      [ids, outcomes],
    ),
  ]);
  const priorOf = new Map(prior.rows.map((r) => [`${r.taskId}\u0000${r.by}`, r]));
  const countOf = new Map(counts.rows.map((r) => [`${r.taskId}\u0000${r.outcome}`, r.n]));
  for (const [i, runId, g] of decisions) {
    try {
      const snap = toSnapshot(byId.get(g.taskId), priorOf.get(`${g.taskId}\u0000${g.by}`), countOf.get(`${g.taskId}\u0000${g.outcome}`) ?? 0);
      if (snap.task && snap.task.runId !== runId) throw new Error(`task ${g.taskId} belongs to run ${snap.task.runId}, not ${runId}`);
      const d = g.decide(snap);
      const w = out.get(i)!;
      w.approval = { taskId: g.taskId, by: g.by, outcome: g.outcome, data: d.data, at: d.at };
      w.audit.push(...d.audit);
    } catch (err) {
      refused.set(i, err);
      out.delete(i);
    }
  }
  return out;
}

/** Writes the approval rows and audit entries of the accepted sets (`writes` in set order). */
export async function writeGroupGuards(c: pg.PoolClient, writes: readonly GuardWrites[]): Promise<void> {
  const approvals = writes.flatMap((w) => (w.approval ? [w.approval] : []));
  if (approvals.length)
    await c.query({
      name: 'runs_guard_approvals',
      text: 'INSERT INTO task_approvals (task_id, "by", outcome, data, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])',
      values: [approvals.map((a) => a.taskId), approvals.map((a) => a.by), approvals.map((a) => a.outcome), approvals.map((a) => a.data), approvals.map((a) => a.at)],
    });
  const audit = writes.flatMap((w) => w.audit);
  if (audit.length) await insertAuditRowsPg(c, audit);
}
