/**
 * A group of write sets turned into rows per statement (pure): what the PostgreSQL run
 * store writes with one multi-row statement per table instead of one statement per
 * row. Follows the SQLite core (`sqlite/run-core.ts`) record by record: the same rows
 * result. Times are epoch ms; JSON columns as text.
 */
import type { Effect, RunLogRecord } from '@/lib/engine/types';
import { toJson } from './json';
import { logSegments, type Segment } from './segments';
import type { AttemptRecord, JobRow, TransitionWrites } from './ports/run-store';
import type { RawAttempt } from './run-read-rows';
import type { OutboxRow } from './run-rows';

/** One write set of the group: run `runId` (of `workflowId`), its writes, and its parent when its log ends it. */
export interface PlannedWriteSet {
  runId: string;
  writes: Omit<TransitionWrites, 'state'> & { state?: TransitionWrites['state'] };
}

/** A step row inserted (`running` at activation, or `succeeded` when activated and finished in the same write set). */
export interface StepInsert {
  runId: string;
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  input: string | null;
  output: string | null;
  startedAt: number;
  endedAt: number | null;
}

/**
 * The updates of one existing step, folded in log order into final values. `undefined`
 * keeps the column; `attempts` is raised to at least the given value.
 */
export interface StepPatch {
  runId: string;
  stepId: string;
  status?: string;
  attempts: number;
  input?: string | null;
  output?: string | null;
  error?: string | null;
  endedAt?: number;
}

/** A job row to insert (`execute`, or an outbox kind with its payload); `at`: its creation, epoch ms. */
export type JobInsert = Omit<JobRow, 'id'> & { at: number };

/** An attempt row (inserted or replaced): the stored columns of `RawAttempt` plus its step. */
export type AttemptRow = RawAttempt & { runId: string; stepId: string };

export interface WritePlan {
  doneJobIds: number[];
  /** (run, timer id) of timer jobs to delete. */
  timerDeletes: { runId: string; stepId: string }[];
  /** (run, step) of execute jobs to delete. */
  executeDeletes: { runId: string; stepId: string }[];
  segments: (Segment & { runId: string })[];
  attempts: AttemptRow[];
  stepInserts: StepInsert[];
  stepPatches: StepPatch[];
  jobs: JobInsert[];
}

/**
 * The rows of `sets` (write sets of distinct runs, each already accepted by its run's
 * version guard). Task effects (`createTask`, `escalateTask`, `closeTask`) are not
 * planned here: the caller applies them per write set. `handOffs`: the `childDone` jobs of ended child runs.
 */
export function planWrites(sets: readonly PlannedWriteSet[], handOffs: readonly OutboxRow[] = []): WritePlan {
  const plan: WritePlan = { doneJobIds: [], timerDeletes: [], executeDeletes: [], segments: [], attempts: [], stepInserts: [], stepPatches: [], jobs: [] };
  for (const { runId, writes: w } of sets) {
    const attempts = new Map<string, AttemptRecord>();
    for (const a of w.attempt ? [w.attempt, ...(w.attempts ?? [])] : (w.attempts ?? [])) attempts.set(`${a.stepId}\u0000${a.attempt}`, a); // last one wins, like INSERT OR REPLACE
    for (const a of attempts.values())
      plan.attempts.push({ runId, stepId: a.stepId, attempt: a.attempt, status: a.status, input: toJson(a.input), output: toJson(a.output), error: toJson(a.error), logs: a.logs.length ? JSON.stringify(a.logs) : null, startedAt: a.startedAt, endedAt: a.endedAt });
    if (w.doneJobId !== undefined) plan.doneJobIds.push(w.doneJobId);
    for (const g of logSegments(w.log)) plan.segments.push({ ...g, runId });
    projectSteps(runId, w.log, plan);
    planJobs(runId, w.effects, w.at, plan);
  }
  plan.jobs.push(...handOffs.map((h) => ({ ...h, attempt: 0 })));
  return plan;
}

/** Step rows of one write set: inserts for activations, one folded patch per earlier step. */
function projectSteps(runId: string, log: readonly RunLogRecord[], plan: WritePlan): void {
  // Steps activated and finished within this write set are inserted once, finished.
  const activatedHere = new Map<string, number>();
  const doneHere = new Set<string>();
  for (const rec of log) {
    if (rec.type === 'step.activated') activatedHere.set(rec.stepId, rec.at);
    else if (rec.type === 'step.succeeded' && activatedHere.has(rec.stepId)) doneHere.add(rec.stepId);
    else if (rec.type !== 'edge.taken') activatedHere.delete((rec as { stepId?: string }).stepId ?? '');
  }
  const patches = new Map<string, StepPatch>();
  const patch = (stepId: string, attempt: number): StepPatch => {
    let p = patches.get(stepId);
    if (!p) patches.set(stepId, (p = { runId, stepId, attempts: 0 }));
    p.attempts = Math.max(p.attempts, attempt);
    return p;
  };
  const waiting = (stepId: string, attempt: number, input: string | null) => {
    const p = patch(stepId, attempt);
    p.status = 'waiting';
    if (input !== null) p.input = input; // else COALESCE(NULL, input): the column (or this write set's earlier value) stays
  };
  for (const rec of log) {
    switch (rec.type) {
      case 'step.activated':
        if (doneHere.has(rec.stepId)) break;
        plan.stepInserts.push({ runId, stepId: rec.stepId, nodeId: rec.nodeId, status: 'running', attempts: 0, input: null, output: null, startedAt: rec.at, endedAt: null });
        break;
      case 'step.succeeded':
        if (doneHere.has(rec.stepId)) {
          const startedAt = activatedHere.get(rec.stepId) ?? rec.startedAt;
          plan.stepInserts.push({ runId, stepId: rec.stepId, nodeId: rec.nodeId, status: 'succeeded', attempts: rec.attempt, input: toJson(rec.input), output: toJson(rec.output), startedAt, endedAt: rec.at });
          break;
        }
        Object.assign(patch(rec.stepId, rec.attempt), { status: 'succeeded', input: toJson(rec.input), output: toJson(rec.output), error: null, endedAt: rec.at });
        break;
      case 'step.failed':
        Object.assign(patch(rec.stepId, rec.attempt), { status: 'failed', input: toJson(rec.input), error: toJson(rec.error), endedAt: rec.at });
        break;
      case 'step.waiting':
        waiting(rec.stepId, rec.attempt, toJson(rec.input));
        break;
      case 'join.arrived':
        waiting(rec.stepId, 0, null);
        break;
      case 'step.cancelled':
        Object.assign(patch(rec.stepId, 0), { status: 'cancelled', endedAt: rec.at });
        break;
      case 'step.retrying':
        patch(rec.stepId, rec.attempt).error = toJson(rec.error);
        break;
      case 'timer.scheduled':
      case 'child.started':
      case 'map.started':
        if ('stepId' in rec && rec.stepId) waiting(rec.stepId, 0, null);
        break;
      case 'step.progress':
        if (rec.waiting) waiting(rec.stepId, rec.attempt, null);
        break;
      case 'step.resumed':
        patch(rec.stepId, rec.attempt).status = 'running';
        break;
      default:
        break;
    }
  }
  // A patch of a step inserted in this write set updates the fresh row (inserts go first).
  plan.stepPatches.push(...patches.values());
}

/** Job rows and deletions of one write set's effects, in effect order (a later cancel removes an earlier insert). */
function planJobs(runId: string, effects: readonly Effect[], at: number, plan: WritePlan): void {
  const mine: JobInsert[] = [];
  for (const e of effects) {
    switch (e.type) {
      case 'execute':
        mine.push({ kind: 'execute', payload: null, runId, stepId: e.stepId, nodeId: e.nodeId, attempt: e.attempt, dueAt: e.dueAt ?? at, at });
        break;
      case 'schedule':
        mine.push({ kind: 'timer', payload: JSON.stringify({ timerId: e.timerId, stepId: e.stepId ?? null }), runId, stepId: e.timerId, nodeId: '', attempt: 0, dueAt: e.dueAt, at });
        break;
      case 'cancelTimer':
        removeWhere(mine, (j) => j.kind === 'timer' && j.stepId === e.timerId);
        plan.timerDeletes.push({ runId, stepId: e.timerId });
        break;
      case 'startChild':
        mine.push({ kind: 'startChild', payload: JSON.stringify(e), runId, stepId: `start:${e.childRunId}`, nodeId: e.nodeId, attempt: 0, dueAt: at, at });
        break;
      case 'cancelChild':
        mine.push({ kind: 'cancelChild', payload: JSON.stringify(e), runId, stepId: `cancel:${e.childRunId}`, nodeId: '', attempt: 0, dueAt: at, at });
        break;
      case 'cancelJobs':
        for (const stepId of e.stepIds) {
          removeWhere(mine, (j) => j.kind === 'execute' && j.stepId === stepId);
          plan.executeDeletes.push({ runId, stepId });
        }
        break;
      default:
        break; // task effects: applied by the caller
    }
  }
  plan.jobs.push(...mine);
}

function removeWhere<T>(list: T[], pred: (x: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) list.splice(i, 1);
}
