/**
 * The runner's port: run rows, transitions applied under the run's version guard (a
 * group commit: many runs' write sets per transaction, one savepoint each), the job
 * queue with leases, and the reads the runner needs (definitions, `$steps` scopes).
 * Shapes and errors here are shared by both implementations (`sqlite/run-store.ts`,
 * `pg/run-store.ts`) and their callers. Times are epoch ms.
 */
import type { RunLogRecord, RunState, Effect, Json, EngineError } from '@/lib/engine/types';
import type { CommitGuard } from './guards';

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

/** Thrown when a run is inserted with an id that exists already (nothing of the insert is written). */
export class RunExistsError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} exists already`);
    this.name = 'RunExistsError';
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

/** A run's first write set (inserted with the run row). */
export type FirstWrites = Omit<TransitionWrites, 'doneJobId'>;

/** A new run's row. `version` null: a test run of the draft, whose `draft` snapshot is stored with it. */
export interface RunMeta {
  id: string;
  workflowId: string;
  version: number | null;
  draft?: { revision: number; document: string };
  input: Json;
  startedBy: string;
  trigger: string;
  parentRunId?: string;
  parentStepId?: string;
}

export interface RunRow {
  id: string;
  workflowId: string;
  /** The published version the run executes; null for a test run of the draft (see `RunStorePort.draftDocument`). */
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

/** A node's latest finished step, as `$steps.<nodeId>` shows it (a handled failure: `{ output: { error }, error }`). */
export interface LatestOutput {
  output: Json;
  error?: Json;
  /** When the step ended (epoch ms). */
  endedAt: number;
}

/**
 * Options every write item takes. `guards` are applied in the item's transaction (its
 * savepoint) before its writes; one that throws refuses the item alone.
 */
interface GuardedItem {
  guards?: readonly CommitGuard[];
}

/** Inserts a run with its first write set. Refused with {@link RunExistsError} when the id exists. */
export interface InsertRunItem extends GuardedItem {
  type: 'insert';
  meta: RunMeta;
  writes: FirstWrites;
}

/** Applies a transition's write set when the run's `state_version` still is `expectedVersion` (else {@link StaleStateError}). */
export interface TransitionItem extends GuardedItem {
  type: 'transition';
  runId: string;
  workflowId: string;
  expectedVersion: number;
  writes: TransitionWrites;
}

/** Deletes one job (stale, or ended without a transition). */
export interface DeleteJobItem {
  type: 'deleteJob';
  jobId: number;
}

/** One unit of a group commit: all of it or nothing of it is written. */
export type RunCommitItem = InsertRunItem | TransitionItem | DeleteJobItem;

/** Most items one group commit takes. */
export const GROUP_COMMIT_MAX = 1000;

/** The runner's storage (see the module docstring). Every method is asynchronous. */
export interface RunStorePort {
  /** A run's row with its parsed engine state, or null. */
  getRun(runId: string): Promise<RunRow | null>;
  /** True when a run with this id exists. */
  runExists(runId: string): Promise<boolean>;
  /** The run that started `runId` as a child (sub-workflow, for-each item), or null for a root run or an unknown id. */
  parentRunId(runId: string): Promise<string | null>;
  /** Latest published version of a workflow (null: unknown, deleted or never published). */
  latestVersion(workflowId: string): Promise<number | null>;
  /** The published document of a workflow version (JSON text parsed), or null. */
  versionDocument(workflowId: string, version: number): Promise<unknown>;
  /** The draft snapshot a test run executes (JSON text parsed), or null when the run has none. */
  draftDocument(runId: string): Promise<unknown>;
  /** Log records of a run with `seq > afterSeq`, in order, at most `limit` (default 1,000). */
  eventsAfter(runId: string, afterSeq: number, limit?: number): Promise<RunLogRecord[]>;
  /**
   * Each node's latest finished step (succeeded, or failed and ended) of a run, located
   * from the run's activation counts (`RunState.activations`: the latest step of node
   * `n` is `n#count`; when that one has not finished, the latest earlier one that has).
   */
  latestOutputs(runId: string, activations: Record<string, number>): Promise<Map<string, LatestOutput>>;
  /**
   * Commits one item (see {@link RunCommitItem}) in a group commit: items arriving in the
   * same turn of the event loop (at most {@link GROUP_COMMIT_MAX}) share one
   * transaction, each under its own savepoint, so a refused item rolls back alone.
   * Resolves once the shared transaction has committed (durable).
   * @throws StaleStateError, TaskClosedError, RunExistsError, or what a guard threw (the item wrote nothing).
   */
  commit(item: RunCommitItem): Promise<void>;
  /**
   * Leases up to `limit` due jobs (`due_at <= now`, no lease or an expired one) to
   * `owner` until `now + leaseMs`. Concurrent claimers get disjoint jobs.
   */
  claimJobs(owner: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]>;
  /** Extends `owner`'s lease of a job to `until` (epoch ms). Resolves false when the job is gone or leased to another owner. */
  extendLease(jobId: number, owner: string, until: number): Promise<boolean>;
  /** Deletes one job (the same as committing a `deleteJob` item). */
  deleteJob(jobId: number): Promise<void>;
  /** Earliest time (epoch ms) at which some job becomes claimable, or null when there are none. */
  nextDueAt(): Promise<number | null>;
  /**
   * At a runner's start: frees the leases of other owners when this process is the only
   * runner on the database (embedded SQLite: a restarted process takes over the dead
   * one's jobs at once). On PostgreSQL other live processes own leases: nothing is
   * freed (0), expired leases are taken over by {@link claimJobs}.
   * @returns how many leases were freed.
   */
  releaseForeignLeases(owner: string): Promise<number>;
}
