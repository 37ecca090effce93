/**
 * Writing accepted write sets on PostgreSQL: one multi-row statement per table for a
 * whole group (`unnest` of parameter arrays: a fixed number of parameters however many
 * rows), following `../run-plan.ts`; task effects too, but for escalations (one at a time).
 * Runs on the client of the caller's transaction.
 */
import type pg from 'pg';
import type { Effect } from '@/lib/engine/types';
import { toJson } from '../json';
import { escalationDetails, taskRowValues, type OutboxRow, type TaskAssignmentRow, type TaskRowValues } from '../run-rows';
import { planWrites, type PlannedWriteSet } from '../run-plan';
import { TaskClosedError } from '../ports/run-store';
import { insertAuditRowsPg } from './audit-row';

/** Column arrays of `rows`, one per key, for `unnest($1::type[], …)`. */
function cols<T extends object, K extends keyof T>(rows: readonly T[], keys: readonly K[]): unknown[][] {
  return keys.map((k) => rows.map((r) => (r[k] === undefined ? null : r[k])));
}

/**
 * Writes the planned rows of `sets` (each already accepted by its run's version guard)
 * and the `childDone` hand-offs, then each set's task effects in order.
 * @throws TaskClosedError when a decision would close a task that is no longer open (the caller's savepoint undoes the set).
 */
export async function writePlanned(c: pg.PoolClient, sets: readonly (PlannedWriteSet & { workflowId: string })[], handOffs: readonly OutboxRow[]): Promise<void> {
  const p = planWrites(sets, handOffs);
  if (p.doneJobIds.length) await c.query({ name: 'runs_del_done', text: 'DELETE FROM jobs WHERE id = ANY($1::bigint[])', values: [p.doneJobIds] });
  if (p.timerDeletes.length)
    await c.query('DELETE FROM jobs j USING unnest($1::text[], $2::text[]) AS v(run_id, step_id) WHERE j.run_id = v.run_id AND j.step_id = v.step_id AND j.kind = \'timer\'', cols(p.timerDeletes, ['runId', 'stepId']));
  if (p.executeDeletes.length)
    await c.query('DELETE FROM jobs j USING unnest($1::text[], $2::text[]) AS v(run_id, step_id) WHERE j.run_id = v.run_id AND j.step_id = v.step_id AND j.kind = \'execute\'', cols(p.executeDeletes, ['runId', 'stepId']));
  if (p.attempts.length)
    await c.query({
      name: 'runs_attempts',
      text: `INSERT INTO attempts (run_id, step_id, attempt, status, input, output, error, logs, started_at, ended_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])
             ON CONFLICT (run_id, step_id, attempt) DO UPDATE SET status = excluded.status, input = excluded.input, output = excluded.output, error = excluded.error,
               logs = excluded.logs, started_at = excluded.started_at, ended_at = excluded.ended_at`,
      values: cols(p.attempts, ['runId', 'stepId', 'attempt', 'status', 'input', 'output', 'error', 'logs', 'startedAt', 'endedAt']),
    });
  if (p.segments.length)
    await c.query({
      name: 'runs_segments',
      text: 'INSERT INTO run_events (run_id, seq, last_seq, type, at, data) SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::bigint[], $6::text[])',
      values: cols(p.segments, ['runId', 'seq', 'lastSeq', 'type', 'at', 'data']),
    });
  if (p.stepInserts.length)
    await c.query({
      name: 'runs_steps_ins',
      text: `INSERT INTO steps (run_id, step_id, node_id, status, attempts, input, output, started_at, ended_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])`,
      values: cols(p.stepInserts, ['runId', 'stepId', 'nodeId', 'status', 'attempts', 'input', 'output', 'startedAt', 'endedAt']),
    });
  if (p.stepPatches.length) {
    // `set_*` flags tell "write this value (null included)" from "keep the column".
    const rows = p.stepPatches.map((x) => ({
      runId: x.runId,
      stepId: x.stepId,
      status: x.status ?? null,
      attempts: x.attempts,
      setInput: x.input !== undefined,
      input: x.input ?? null,
      setOutput: x.output !== undefined,
      output: x.output ?? null,
      setError: x.error !== undefined,
      error: x.error ?? null,
      endedAt: x.endedAt ?? null,
    }));
    await c.query({
      name: 'runs_steps_upd',
      text: `UPDATE steps s SET status = COALESCE(v.status, s.status), attempts = GREATEST(s.attempts, v.attempts),
               input = CASE WHEN v.set_input THEN v.input ELSE s.input END, output = CASE WHEN v.set_output THEN v.output ELSE s.output END,
               error = CASE WHEN v.set_error THEN v.error ELSE s.error END, ended_at = COALESCE(v.ended_at, s.ended_at)
             FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::text[], $7::bool[], $8::text[], $9::bool[], $10::text[], $11::bigint[])
               AS v(run_id, step_id, status, attempts, set_input, input, set_output, output, set_error, error, ended_at)
             WHERE s.run_id = v.run_id AND s.step_id = v.step_id`,
      values: cols(rows, ['runId', 'stepId', 'status', 'attempts', 'setInput', 'input', 'setOutput', 'output', 'setError', 'error', 'endedAt']),
    });
  }
  if (p.jobs.length)
    await c.query({
      name: 'runs_jobs_ins',
      text: `INSERT INTO jobs (kind, payload, run_id, step_id, node_id, attempt, due_at, created_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[]) ON CONFLICT DO NOTHING`,
      values: cols(p.jobs, ['kind', 'payload', 'runId', 'stepId', 'nodeId', 'attempt', 'dueAt', 'at']),
    });
  await writeTaskEffects(c, sets);
}

/** True when a write set escalates a task (written one statement at a time, under the set's own savepoint). */
export function hasEscalations(effects: readonly Effect[]): boolean {
  return effects.some((e) => e.type === 'escalateTask');
}

/**
 * The task effects of `sets`: every new task in one insert, then every closed task in
 * one update, then escalations one by one (a task is created before it can be closed or
 * escalated, so this order keeps each set's own order).
 * @throws TaskClosedError when a decision would complete a task that is no longer open.
 */
async function writeTaskEffects(c: pg.PoolClient, sets: readonly (PlannedWriteSet & { workflowId: string })[]): Promise<void> {
  const created: TaskRowValues[] = [];
  const closed: { id: string; status: string; outcome: string | null; data: string | null; by: string | null; at: number }[] = [];
  for (const s of sets) {
    for (const e of s.writes.effects) {
      if (e.type === 'createTask') created.push(taskRowValues(s.runId, s.workflowId, e, s.writes.at));
      else if (e.type === 'closeTask') closed.push({ id: e.taskId, status: e.status, outcome: e.outcome ?? null, data: toJson(e.data ?? null), by: e.by ?? null, at: s.writes.at });
    }
  }
  if (created.length)
    await c.query({
      name: 'runs_tasks_ins',
      text: `INSERT INTO tasks (id, run_id, step_id, node_id, workflow_id, title, description, assignee, form, outcomes, context, status, created_at,
               candidate_users, candidate_groups, priority, due_at, required_approvals, starter_may_not_approve, escalation_group, escalation)
             SELECT id, run_id, step_id, node_id, workflow_id, title, description, assignee, form, outcomes, context, 'open', created_at,
               candidate_users, candidate_groups, priority, due_at, required_approvals, starter_may_not_approve, escalation_group, escalation
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[],
               $13::text[], $14::text[], $15::text[], $16::bigint[], $17::int[], $18::int[], $19::text[], $20::text[])
               AS v(id, run_id, step_id, node_id, workflow_id, title, description, assignee, form, outcomes, context, created_at,
               candidate_users, candidate_groups, priority, due_at, required_approvals, starter_may_not_approve, escalation_group, escalation)`,
      values: cols(
        created.map((t) => ({ ...t, starterMayNotApprove: t.starterMayNotApprove ? 1 : 0 })),
        ['id', 'runId', 'stepId', 'nodeId', 'workflowId', 'title', 'description', 'assignee', 'form', 'outcomes', 'context', 'at', 'candidateUsers', 'candidateGroups', 'priority', 'dueAt', 'requiredApprovals', 'starterMayNotApprove', 'escalationGroup', 'escalation'],
      ),
    });
  if (closed.length) {
    const r = await c.query<{ id: string }>({
      name: 'runs_tasks_close',
      text: `UPDATE tasks t SET status = v.status, outcome = v.outcome, data = v.data, completed_by = v.by, completed_at = v.at
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS v(id, status, outcome, data, "by", at)
             WHERE t.id = v.id AND t.status = 'open' RETURNING t.id`,
      values: cols(closed, ['id', 'status', 'outcome', 'data', 'by', 'at']),
    });
    // A decision must close an open task; exactly one of two racing decisions does.
    const done = new Set(r.rows.map((x) => x.id));
    const lost = closed.find((x) => x.status === 'completed' && !done.has(x.id));
    if (lost) throw new TaskClosedError(lost.id);
  }
  for (const s of sets) {
    for (const e of s.writes.effects) if (e.type === 'escalateTask') await writeTaskEffect(c, s.runId, e, s.writes.at);
  }
}

async function writeTaskEffect(c: pg.PoolClient, runId: string, e: Extract<Effect, { type: 'escalateTask' }>, at: number): Promise<void> {
  const r = await c.query<TaskAssignmentRow>(
    'SELECT status, assignee, candidate_users AS "candidateUsers", candidate_groups AS "candidateGroups", claimed_by AS "claimedBy" FROM tasks WHERE id = $1 FOR UPDATE',
    [e.taskId],
  );
  const before = r.rows[0];
  if (!before) return;
  await c.query('UPDATE tasks SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL', [e.taskId, at]);
  const reassigned =
    e.reassignTo !== undefined &&
    (
      await c.query(
        `UPDATE tasks SET assignee = '', candidate_users = '[]', candidate_groups = json_build_array($2::text)::text, claimed_by = NULL, claimed_at = NULL, escalation_group = $2
         WHERE id = $1 AND status = 'open'`,
        [e.taskId, e.reassignTo],
      )
    ).rowCount === 1;
  await insertAuditRowsPg(c, [{ actor: 'system', action: 'task.escalated', targetType: 'task', targetId: e.taskId, details: escalationDetails(runId, e, before, reassigned), at }]);
}
