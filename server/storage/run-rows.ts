/**
 * Pure parts of a run's write set shared by the SQLite and PostgreSQL run stores: the
 * inbox row of a `createTask` effect, the audit details of an escalation, the hand-off
 * job of an ended child run, and the `$steps` view of a finished step row. Times are epoch ms.
 */
import type { Effect, Json, RunLogRecord } from '@/lib/engine/types';
import { fromJson, toJson } from './json';
import type { LatestOutput, TaskPayload, TransitionWrites } from './ports/run-store';

/** Column values of a new inbox row (booleans as booleans: SQLite stores them as 0/1). */
export interface TaskRowValues {
  id: string;
  runId: string;
  stepId: string;
  nodeId: string;
  workflowId: string;
  title: string;
  description: string;
  assignee: string;
  form: string;
  outcomes: string;
  context: string | null;
  at: number;
  candidateUsers: string;
  candidateGroups: string;
  priority: string;
  dueAt: number | null;
  requiredApprovals: number;
  starterMayNotApprove: boolean;
  escalationGroup: string | null;
  escalation: string;
}

/** The inbox row a `createTask` effect of run `runId` creates. */
export function taskRowValues(runId: string, workflowId: string, e: Extract<Effect, { type: 'createTask' }>, at: number): TaskRowValues {
  const t = e.task as unknown as TaskPayload;
  return {
    id: e.taskId,
    runId,
    stepId: e.stepId,
    nodeId: e.nodeId,
    workflowId,
    title: t.title,
    description: t.description ?? '',
    assignee: t.assignee ?? '',
    form: JSON.stringify(t.form ?? []),
    outcomes: JSON.stringify(t.outcomes ?? []),
    context: toJson(t.context ?? null),
    at,
    candidateUsers: JSON.stringify(t.candidateUsers ?? []),
    candidateGroups: JSON.stringify(t.candidateGroups ?? []),
    priority: t.priority ?? 'normal',
    dueAt: typeof t.dueAt === 'number' && Number.isFinite(t.dueAt) ? t.dueAt : null,
    requiredApprovals: Math.max(1, Math.trunc(t.requiredApprovals ?? 1)),
    starterMayNotApprove: !!t.starterMayNotApprove,
    escalationGroup: t.escalationGroup ?? null,
    escalation: t.escalation ?? 'none',
  };
}

/** A task's assignment before an escalation (columns as stored: JSON text). */
export interface TaskAssignmentRow {
  status: string;
  assignee: string;
  candidateUsers: string;
  candidateGroups: string;
  claimedBy: string | null;
}

/** Details of the `task.escalated` audit entry (with the previous assignment when the task was reassigned). */
export function escalationDetails(runId: string, e: Extract<Effect, { type: 'escalateTask' }>, before: TaskAssignmentRow, reassigned: boolean): Record<string, Json> {
  const details: Record<string, Json> = { runId, stepId: e.stepId, mode: e.mode };
  if (reassigned) {
    details.to = { candidateGroups: [e.reassignTo!] };
    details.from = { assignee: before.assignee, candidateUsers: fromJson<Json>(before.candidateUsers), candidateGroups: fromJson<Json>(before.candidateGroups), claimedBy: before.claimedBy };
  }
  return details;
}

/** True when the log ends the run (succeeded, failed, cancelled or compensated). */
export function endsRun(log: readonly RunLogRecord[]): boolean {
  return log.some((r) => r.type === 'run.succeeded' || r.type === 'run.failed' || r.type === 'run.cancelled' || r.type === 'run.compensated');
}

/** An outbox job row (kinds other than execute). */
export interface OutboxRow {
  kind: string;
  payload: string;
  runId: string;
  stepId: string;
  nodeId: string;
  dueAt: number;
  at: number;
}

/**
 * The `childDone` job that hands an ended child run's result to its parent (its quota
 * usage included, which the parent adds to its own), or null when `parent` is none.
 */
export function childDoneJob(runId: string, w: Pick<TransitionWrites, 'state' | 'at'>, parent: { parentRunId: string | null; parentStepId: string | null } | undefined): OutboxRow | null {
  if (!parent?.parentRunId || !parent.parentStepId) return null;
  const payload = { stepId: parent.parentStepId, childRunId: runId, status: w.state.status, output: w.state.output, error: w.state.error, usage: w.state.usage ?? null };
  return { kind: 'childDone', payload: JSON.stringify(payload), runId: parent.parentRunId, stepId: `done:${runId}`, nodeId: '', dueAt: w.at, at: w.at };
}

/** A step row as the `$steps` reads see it. */
export interface FinishedStepRow {
  status: string;
  output: string | null;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
}

/** The `$steps` entry of a step row, or null when the step has not finished (running, waiting, cancelled, failed and retrying). */
export function latestOutputOf(r: FinishedStepRow): LatestOutput | null {
  if (r.status === 'succeeded') return { output: fromJson<Json>(r.output), endedAt: r.endedAt ?? r.startedAt };
  if (r.status === 'failed' && r.endedAt !== null) {
    const error = fromJson<Json>(r.error);
    return { output: { error } as Json, error, endedAt: r.endedAt };
  }
  return null;
}
