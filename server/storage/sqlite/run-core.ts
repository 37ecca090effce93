/**
 * The SQLite run store's synchronous core: every statement of a run's write set,
 * prepared once, applied inside the caller's transaction (the group commit in
 * `run-store.ts` opens it). Writes a whole write set at once — run row (guarded by
 * `state_version`), its log records as segment rows, step and attempt projections,
 * jobs and inbox rows. Nothing here awaits.
 */
import 'server-only';
import type Database from 'better-sqlite3';
import type { Json, RunLogRecord, RunState } from '@/lib/engine/types';
import { toJson, fromJson } from '../json';
import { logSegments } from '../segments';
import { childDoneJob, endsRun, escalationDetails, latestOutputOf, taskRowValues, type FinishedStepRow, type TaskAssignmentRow } from '../run-rows';
import { StaleStateError, TaskClosedError, type JobRow, type LatestOutput, type RunMeta, type RunRow, type FirstWrites, type TransitionWrites } from '../ports/run-store';
import { insertAuditRowSqlite } from './audit-row';

export class SqliteRunCore {
  private readonly s;

  constructor(readonly sqlite: Database.Database) {
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      // Hot statements take positional parameters: binding by name costs a property lookup per parameter.
      insertRun: p(`INSERT INTO runs (id, workflow_id, version, status, input, output, error, state, state_version, started_by, trigger, parent_run_id, parent_step_id, created_at, updated_at, ended_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`),
      getRun: p(`SELECT id, workflow_id AS workflowId, version, status, state, state_version AS stateVersion, input, parent_run_id AS parentRunId, parent_step_id AS parentStepId FROM runs WHERE id = ?`),
      runExists: p(`SELECT 1 AS x FROM runs WHERE id = ?`),
      parentOf: p(`SELECT parent_run_id AS parentRunId, parent_step_id AS parentStepId FROM runs WHERE id = ?`),
      latestVersion: p(`SELECT latest_version AS v FROM workflows WHERE id = ? AND deleted_at IS NULL`),
      updateRun: p(`UPDATE runs SET status=?, output=?, error=?, state=?, version=COALESCE(?, version), state_version=state_version+1, updated_at=?, ended_at=?
                    WHERE id=? AND state_version=?`),
      insertOutbox: p(`INSERT OR IGNORE INTO jobs (kind, payload, run_id, step_id, node_id, attempt, due_at, created_at) VALUES (@kind, @payload, @runId, @stepId, @nodeId, 0, @dueAt, @at)`),
      deleteTimer: p(`DELETE FROM jobs WHERE run_id = ? AND step_id = ? AND kind = 'timer'`),
      insertSegment: p(`INSERT INTO run_events (run_id, seq, last_seq, type, at, data) VALUES (?, ?, ?, ?, ?, ?)`),
      insertStep: p(`INSERT INTO steps (run_id, step_id, node_id, status, attempts, started_at) VALUES (?, ?, ?, 'running', 0, ?)`),
      insertDoneStep: p(`INSERT INTO steps (run_id, step_id, node_id, status, attempts, input, output, started_at, ended_at) VALUES (?, ?, ?, 'succeeded', ?, ?, ?, ?, ?)`),
      stepSucceeded: p(`UPDATE steps SET status='succeeded', attempts=MAX(attempts, ?), input=?, output=?, error=NULL, ended_at=? WHERE run_id=? AND step_id=?`),
      stepFailed: p(`UPDATE steps SET status='failed', attempts=MAX(attempts, @attempt), input=@input, error=@error, ended_at=@at WHERE run_id=@runId AND step_id=@stepId`),
      stepWaiting: p(`UPDATE steps SET status='waiting', attempts=MAX(attempts, ?), input=COALESCE(?, input) WHERE run_id=? AND step_id=?`),
      stepRunning: p(`UPDATE steps SET status='running', attempts=MAX(attempts, @attempt) WHERE run_id=@runId AND step_id=@stepId`),
      stepRetrying: p(`UPDATE steps SET attempts=MAX(attempts, @attempt), error=@error WHERE run_id=@runId AND step_id=@stepId`),
      stepCancelled: p(`UPDATE steps SET status='cancelled', ended_at=@at WHERE run_id=@runId AND step_id=@stepId`),
      upsertAttempt: p(`INSERT OR REPLACE INTO attempts (run_id, step_id, attempt, status, input, output, error, logs, started_at, ended_at)
                        VALUES (@runId, @stepId, @attempt, @status, @input, @output, @error, @logs, @startedAt, @endedAt)`),
      insertJob: p(`INSERT OR IGNORE INTO jobs (kind, run_id, step_id, node_id, attempt, due_at, created_at) VALUES ('execute', ?, ?, ?, ?, ?, ?)`),
      deleteJob: p(`DELETE FROM jobs WHERE id = ?`),
      deleteJobsOfStep: p(`DELETE FROM jobs WHERE run_id = ? AND step_id = ? AND kind = 'execute'`),
      insertTask: p(`INSERT INTO tasks (id, run_id, step_id, node_id, workflow_id, title, description, assignee, form, outcomes, context, status, created_at,
                       candidate_users, candidate_groups, priority, due_at, required_approvals, starter_may_not_approve, escalation_group, escalation)
                     VALUES (@id, @runId, @stepId, @nodeId, @workflowId, @title, @description, @assignee, @form, @outcomes, @context, 'open', @at,
                       @candidateUsers, @candidateGroups, @priority, @dueAt, @requiredApprovals, @starterMayNotApprove, @escalationGroup, @escalation)`),
      taskAssignment: p(`SELECT status, assignee, candidate_users AS candidateUsers, candidate_groups AS candidateGroups, claimed_by AS claimedBy FROM tasks WHERE id = ?`),
      markEscalated: p(`UPDATE tasks SET escalated_at = @at WHERE id = @id AND escalated_at IS NULL`),
      reassignTask: p(`UPDATE tasks SET assignee = '', candidate_users = '[]', candidate_groups = json_array(@group), claimed_by = NULL, claimed_at = NULL, escalation_group = @group
                       WHERE id = @id AND status = 'open'`),
      closeTask: p(`UPDATE tasks SET status=?, outcome=?, data=?, completed_by=?, completed_at=? WHERE id=? AND status='open'`),
      claimJobs: p(`UPDATE jobs SET lease_owner=@owner, lease_until=@until
                    WHERE id IN (SELECT id FROM jobs WHERE due_at <= @now AND (lease_until IS NULL OR lease_until < @now) ORDER BY due_at, id LIMIT @limit)
                    RETURNING id, kind, payload, run_id AS runId, step_id AS stepId, node_id AS nodeId, attempt, due_at AS dueAt`),
      nextDue: p(`SELECT MIN(CASE WHEN lease_until IS NULL OR lease_until < due_at THEN due_at ELSE lease_until END) AS t FROM jobs`),
      releaseLeases: p(`UPDATE jobs SET lease_owner=NULL, lease_until=NULL WHERE lease_owner IS NOT NULL AND lease_owner <> ?`),
      extendLease: p(`UPDATE jobs SET lease_until=? WHERE id=? AND lease_owner=?`),
      versionDoc: p(`SELECT document FROM workflow_versions WHERE workflow_id = ? AND version = ?`),
      insertDraft: p(`INSERT INTO run_drafts (run_id, draft_revision, document, created_at) VALUES (?, ?, ?, ?)`),
      draftDoc: p(`SELECT document FROM run_drafts WHERE run_id = ?`),
      stepRow: p(`SELECT status, output, error, started_at AS startedAt, ended_at AS endedAt FROM steps WHERE run_id = ? AND step_id = ?`),
      segmentsAfter: p(`SELECT data FROM run_events WHERE run_id = ? AND last_seq > ? ORDER BY seq`),
    };
  }

  /** Reads a run's row with its parsed engine state, or null. */
  getRun(runId: string): RunRow | null {
    const r = this.s.getRun.get(runId) as (Omit<RunRow, 'state' | 'input'> & { state: string; input: string }) | undefined;
    if (!r) return null;
    return { ...r, state: JSON.parse(r.state) as RunState, input: fromJson<Json>(r.input) };
  }

  /**
   * Inserts a new run and applies its first transition (from `startRun`) in one transaction.
   * A test run of the draft (`version` null) stores its `draft` snapshot in the same transaction.
   * @throws SqliteError if the run id exists.
   */
  insertRun(meta: RunMeta, first: FirstWrites): void {
    const write = () => {
      const st = first.state;
      this.s.insertRun.run(
        meta.id,
        meta.workflowId,
        meta.version,
        st.status,
        JSON.stringify(meta.input),
        toJson(st.output),
        toJson(st.error ?? undefined),
        JSON.stringify(st),
        meta.startedBy,
        meta.trigger,
        meta.parentRunId ?? null,
        meta.parentStepId ?? null,
        first.at,
        first.at,
        st.endedAt,
      );
      if (meta.draft) this.s.insertDraft.run(meta.id, meta.draft.revision, meta.draft.document, first.at);
      this.applyWrites(meta.id, meta.workflowId, first);
      this.handOffIfEnded(meta.id, first);
    };
    // Inside a group commit the caller's savepoint already makes the write set atomic.
    if (this.sqlite.inTransaction) write();
    else this.sqlite.transaction(write)();
  }

  /**
   * Applies one transition's whole write set, guarded by the run's state version (call inside a transaction).
   * @throws StaleStateError when `expectedVersion` is not the run's current version (nothing is written).
   * @throws TaskClosedError when a decision would close a task that is no longer open (the caller rolls back).
   */
  commitInside(runId: string, workflowId: string, expectedVersion: number, writes: TransitionWrites): void {
    const st = writes.state;
    const res = this.s.updateRun.run(st.status, toJson(st.output), toJson(st.error ?? undefined), JSON.stringify(st), writes.version ?? null, writes.at, st.endedAt, runId, expectedVersion);
    if (res.changes !== 1) throw new StaleStateError(runId, expectedVersion);
    this.applyWrites(runId, workflowId, writes);
    this.handOffIfEnded(runId, writes);
  }

  /** Latest published version of a workflow (null: unknown, deleted or never published). */
  latestVersion(workflowId: string): number | null {
    const r = this.s.latestVersion.get(workflowId) as { v: number } | undefined;
    return r && r.v > 0 ? r.v : null;
  }

  /** The run that started `runId` as a child (sub-workflow, for-each item), or null for a root run or an unknown id. */
  parentRunId(runId: string): string | null {
    return (this.s.parentOf.get(runId) as { parentRunId: string | null } | undefined)?.parentRunId ?? null;
  }

  /** True when a run with this id exists. */
  runExists(runId: string): boolean {
    return this.s.runExists.get(runId) !== undefined;
  }

  /**
   * When a child run ends in this transaction, queue its result for the parent
   * (a `childDone` job), so the hand-off is as durable as the child's own end. The
   * payload carries the child's quota usage, which the parent adds to its own.
   */
  private handOffIfEnded(runId: string, w: Pick<TransitionWrites, 'log' | 'state' | 'at' | 'parent'>): void {
    if (!endsRun(w.log)) return;
    const parent = w.parent ? { parentRunId: w.parent.runId, parentStepId: w.parent.stepId } : (this.s.parentOf.get(runId) as { parentRunId: string | null; parentStepId: string | null } | undefined);
    const job = childDoneJob(runId, w, parent);
    if (job) this.s.insertOutbox.run(job);
  }

  private applyWrites(runId: string, workflowId: string, w: Omit<TransitionWrites, 'state'>): void {
    const at = w.at;
    for (const a of w.attempt ? [w.attempt, ...(w.attempts ?? [])] : (w.attempts ?? [])) {
      this.s.upsertAttempt.run({
        runId,
        stepId: a.stepId,
        attempt: a.attempt,
        status: a.status,
        input: toJson(a.input),
        output: toJson(a.output),
        error: toJson(a.error),
        logs: a.logs.length ? JSON.stringify(a.logs) : null,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
      });
    }
    if (w.doneJobId !== undefined) this.s.deleteJob.run(w.doneJobId);
    // Steps activated and finished within this write set are inserted once, finished.
    const activatedHere = new Map<string, number>();
    const doneHere = new Set<string>();
    for (const rec of w.log) {
      if (rec.type === 'step.activated') activatedHere.set(rec.stepId, rec.at);
      else if (rec.type === 'step.succeeded' && activatedHere.has(rec.stepId)) doneHere.add(rec.stepId);
      else if (rec.type !== 'edge.taken') activatedHere.delete((rec as { stepId?: string }).stepId ?? '');
    }
    for (const g of logSegments(w.log)) this.s.insertSegment.run(runId, g.seq, g.lastSeq, g.type, g.at, g.data);
    for (const rec of w.log) {
      if (rec.type === 'step.activated' && doneHere.has(rec.stepId)) continue;
      if (rec.type === 'step.succeeded' && doneHere.has(rec.stepId)) {
        const startedAt = activatedHere.get(rec.stepId) ?? rec.startedAt;
        this.s.insertDoneStep.run(runId, rec.stepId, rec.nodeId, rec.attempt, toJson(rec.input), toJson(rec.output), startedAt, rec.at);
        continue;
      }
      this.project(runId, rec);
    }
    for (const e of w.effects) {
      switch (e.type) {
        case 'execute':
          this.s.insertJob.run(runId, e.stepId, e.nodeId, e.attempt, e.dueAt ?? at, at);
          break;
        case 'schedule':
          this.s.insertOutbox.run({ kind: 'timer', payload: JSON.stringify({ timerId: e.timerId, stepId: e.stepId ?? null }), runId, stepId: e.timerId, nodeId: '', dueAt: e.dueAt, at });
          break;
        case 'cancelTimer':
          this.s.deleteTimer.run(runId, e.timerId);
          break;
        case 'startChild':
          this.s.insertOutbox.run({ kind: 'startChild', payload: JSON.stringify(e), runId, stepId: `start:${e.childRunId}`, nodeId: e.nodeId, dueAt: at, at });
          break;
        case 'cancelChild':
          this.s.insertOutbox.run({ kind: 'cancelChild', payload: JSON.stringify(e), runId, stepId: `cancel:${e.childRunId}`, nodeId: '', dueAt: at, at });
          break;
        case 'cancelJobs':
          for (const stepId of e.stepIds) this.s.deleteJobsOfStep.run(runId, stepId);
          break;
        case 'createTask': {
          const row = taskRowValues(runId, workflowId, e, at);
          this.s.insertTask.run({ ...row, starterMayNotApprove: row.starterMayNotApprove ? 1 : 0 });
          break;
        }
        case 'escalateTask':
          this.escalateTask(runId, e, at);
          break;
        case 'closeTask': {
          const changed = this.s.closeTask.run(e.status, e.outcome ?? null, toJson(e.data ?? null), e.by ?? null, at, e.taskId).changes;
          // A decision must close an open task; exactly one of two racing decisions does.
          if (changed !== 1 && e.status === 'completed') throw new TaskClosedError(e.taskId);
          break;
        }
      }
    }
  }

  /**
   * Applies a due-date escalation to the inbox row: marks it escalated; with
   * `reassignTo` and the task still open, hands it to that group (candidate users and
   * assignee cleared, claim released). Audited as `task.escalated` by `system`, with
   * the previous assignment, in the same transaction.
   */
  private escalateTask(runId: string, e: Extract<TransitionWrites['effects'][number], { type: 'escalateTask' }>, at: number): void {
    const before = this.s.taskAssignment.get(e.taskId) as TaskAssignmentRow | undefined;
    if (!before) return;
    this.s.markEscalated.run({ id: e.taskId, at });
    const reassigned = e.reassignTo !== undefined && this.s.reassignTask.run({ id: e.taskId, group: e.reassignTo }).changes === 1;
    insertAuditRowSqlite(this.sqlite, { actor: 'system', action: 'task.escalated', targetType: 'task', targetId: e.taskId, details: escalationDetails(runId, e, before, reassigned), at });
  }

  /** Keeps the `steps` table in line with the log. */
  private project(runId: string, rec: RunLogRecord): void {
    switch (rec.type) {
      case 'step.activated':
        this.s.insertStep.run(runId, rec.stepId, rec.nodeId, rec.at);
        break;
      case 'join.arrived':
        this.s.stepWaiting.run(0, null, runId, rec.stepId);
        break;
      case 'step.succeeded':
        this.s.stepSucceeded.run(rec.attempt, toJson(rec.input), toJson(rec.output), rec.at, runId, rec.stepId);
        break;
      case 'step.failed':
        this.s.stepFailed.run({ runId, stepId: rec.stepId, attempt: rec.attempt, input: toJson(rec.input), error: toJson(rec.error), at: rec.at });
        break;
      case 'step.waiting':
        this.s.stepWaiting.run(rec.attempt, toJson(rec.input), runId, rec.stepId);
        break;
      case 'step.cancelled':
        this.s.stepCancelled.run({ runId, stepId: rec.stepId, at: rec.at });
        break;
      case 'step.retrying':
        this.s.stepRetrying.run({ runId, stepId: rec.stepId, attempt: rec.attempt, error: toJson(rec.error) });
        break;
      case 'timer.scheduled':
      case 'child.started':
      case 'map.started':
        if ('stepId' in rec && rec.stepId) this.s.stepWaiting.run(0, null, runId, rec.stepId);
        break;
      case 'step.progress':
        if (rec.waiting) this.s.stepWaiting.run(rec.attempt, null, runId, rec.stepId);
        break;
      case 'step.resumed':
        this.s.stepRunning.run({ runId, stepId: rec.stepId, attempt: rec.attempt });
        break;
      default:
        break;
    }
  }

  /**
   * Leases up to `limit` due jobs to `owner` until `now + leaseMs` (ms). A job whose
   * lease expired (its runner died) is claimed again.
   */
  claimJobs(owner: string, now: number, leaseMs: number, limit: number): JobRow[] {
    return this.s.claimJobs.all({ owner, until: now + leaseMs, now, limit }) as JobRow[];
  }

  /** Deletes one job (stale or done). */
  deleteJob(jobId: number): void {
    this.s.deleteJob.run(jobId);
  }

  /** Extends a job's lease while its executor is still working; false when the job is gone or leased to another owner. */
  extendLease(jobId: number, owner: string, until: number): boolean {
    return this.s.extendLease.run(until, jobId, owner).changes === 1;
  }

  /** Earliest time (epoch ms) at which some job becomes claimable, or null when there are none. */
  nextDueAt(): number | null {
    const r = this.s.nextDue.get() as { t: number | null };
    return r.t;
  }

  /**
   * Frees leases held by other runner instances. Only valid while one runner process
   * owns the database (the embedded SQLite deployment): a restarted process reclaims
   * the work of the one that died without waiting for lease expiry.
   */
  releaseForeignLeases(owner: string): number {
    return this.s.releaseLeases.run(owner).changes;
  }

  /** The published document of a workflow version (JSON text parsed), or null. */
  versionDocument(workflowId: string, version: number): unknown {
    const r = this.s.versionDoc.get(workflowId, version) as { document: string } | undefined;
    return r ? JSON.parse(r.document) : null;
  }

  /** The draft snapshot a test run executes (JSON text parsed), or null when the run has none. */
  draftDocument(runId: string): unknown {
    const r = this.s.draftDoc.get(runId) as { document: string } | undefined;
    return r ? JSON.parse(r.document) : null;
  }

  /** Log records of a run with `seq > afterSeq`, in order, at most `limit` (read from the log segments that reach past `afterSeq`). */
  eventsAfter(runId: string, afterSeq: number, limit = 1000): RunLogRecord[] {
    const out: RunLogRecord[] = [];
    for (const row of this.s.segmentsAfter.iterate(runId, afterSeq) as IterableIterator<{ data: string }>) {
      for (const rec of JSON.parse(row.data) as RunLogRecord[]) {
        if (rec.seq <= afterSeq) continue;
        out.push(rec);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** See `RunStorePort.latestOutputs`: each node's latest finished step, read by primary key from the activation counts. */
  latestOutputs(runId: string, activations: Record<string, number>): Map<string, LatestOutput> {
    const out = new Map<string, LatestOutput>();
    for (const [nodeId, count] of Object.entries(activations)) {
      for (let n = count; n >= 1; n--) {
        const r = this.s.stepRow.get(runId, `${nodeId}#${n}`) as FinishedStepRow | undefined;
        const v = r && latestOutputOf(r);
        if (v) {
          out.set(nodeId, v);
          break;
        }
      }
    }
    return out;
  }
}
