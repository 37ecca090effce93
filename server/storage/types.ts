/** Shapes and errors of the run store (see `run-store.ts`). Times are epoch ms. */
import type { RunLogRecord, RunState, Effect, Json, EngineError } from '@/lib/engine/types';

/** Thrown when a transition was computed from a state that another writer has since changed. */
export class StaleStateError extends Error {
  constructor(runId: string, expected: number) {
    super(`run ${runId} changed since version ${expected}; transition refused`);
    this.name = 'StaleStateError';
  }
}

/** Thrown when a write set would complete a task that is no longer open (someone else decided first). */
export class TaskClosedError extends Error {
  constructor(readonly taskId: string) {
    super(`task ${taskId} is no longer open`);
    this.name = 'TaskClosedError';
  }
}

/** A claimed job: execute `stepId` (attempt `attempt`) of run `runId`. */
export interface JobRow {
  id: number;
  /** execute | timer | startChild | cancelChild | childDone */
  kind: string;
  /** JSON text for kinds other than execute. */
  payload: string | null;
  runId: string;
  stepId: string;
  nodeId: string;
  attempt: number;
  dueAt: number;
}

/** The executor attempt to record with a transition (input, output or error, logs, timing in epoch ms). */
export interface AttemptRecord {
  stepId: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'waiting';
  input: Json | undefined;
  output: Json | undefined;
  error: EngineError | undefined;
  logs: string[];
  startedAt: number;
  endedAt: number;
}

/** Everything one transition writes. */
export interface TransitionWrites {
  state: RunState;
  log: RunLogRecord[];
  effects: Effect[];
  attempt?: AttemptRecord;
  /** Several attempts at once (inline steps executed within one transition batch). */
  attempts?: AttemptRecord[];
  /** Job just executed; deleted in the same transaction. */
  doneJobId?: number;
  /** The run moves to this workflow version (retry on a newer version). */
  version?: number;
  /** The run's parent as the caller read it with the run (null: none); absent = look it up when the run ends. */
  parent?: { runId: string | null; stepId: string | null };
  at: number;
}

export interface RunRow {
  id: string;
  workflowId: string;
  /** The published version the run executes; null for a test run of the draft (see `RunStore.draftDocument`). */
  version: number | null;
  status: string;
  state: RunState;
  stateVersion: number;
  input: Json;
  parentRunId?: string | null;
  parentStepId?: string | null;
}

/** A user task's inbox row as created by a `createTask` effect's `task` payload. */
export interface TaskPayload {
  title: string;
  description: string;
  assignee: string;
  form: Json;
  outcomes: Json;
  context: Json;
  /** Resolved when the task was created (user ids, group ids). */
  candidateUsers?: string[];
  candidateGroups?: string[];
  priority?: string;
  /** Epoch ms. */
  dueAt?: number | null;
  requiredApprovals?: number;
  starterMayNotApprove?: boolean;
  /** Group the task is reassigned to when overdue (null: none). */
  escalationGroup?: string | null;
  /** The user task's `escalation` (none | interrupting | nonInterrupting | reassign). */
  escalation?: string;
}

