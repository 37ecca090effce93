/**
 * Read models of runs: run lists, a run's detail, pages of its steps and log records,
 * a step's attempts, each node's latest output, and the workflow facts a run start
 * reads. Reads only: every method sees committed data and writes nothing (a run and its
 * draft snapshot are inserted by the run store, `ports/run-store.ts`).
 *
 * Pages are bounded twice: by count (`limit`, clamped by the caller) and by the bytes of
 * JSON they carry (`maxBytes`, default `PAGE_MAX_BYTES` of `../run-read-rows.ts`); a page
 * always holds at least one item, so a single large item still moves the cursor forward.
 * Both implementations return the same rows in the same order with the same cursors.
 * Times are epoch ms.
 */
import type { Json, RunLogRecord, RunStatus } from '@/lib/engine/types';

/** Position in a run's activation order: a step's `started_at` (epoch ms) and its row id (insertion order, breaks ties). */
export interface StepPosition {
  startedAt: number;
  rowId: number;
}

/** A step row as stored (JSON columns parsed; times epoch ms). */
export interface StepRow {
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  input: Json;
  output: Json;
  error: Json;
  startedAt: number;
  endedAt: number | null;
}

/** A step's status row: a {@link StepRow} without input and output. */
export type StepStatusRow = Omit<StepRow, 'input' | 'output'>;

/** A page of a run's steps in activation order. */
export interface StepPage {
  steps: StepRow[];
  /** Where the next page starts; null when this page reached the run's last step. */
  next: StepPosition | null;
}

/** A page of a run's log records. */
export interface EventPage {
  events: RunLogRecord[];
  /** True when records after the last one returned exist (read again with `after` = its `seq`). */
  more: boolean;
}

/** One executor attempt of a step (JSON columns parsed; `logs` empty when none were kept). */
export interface AttemptRow {
  attempt: number;
  status: string;
  input: Json;
  output: Json;
  error: Json;
  logs: string[];
  startedAt: number;
  endedAt: number;
}

/** Each node's latest finished step, as `$steps` shows it (see {@link RunReadPort.latestOutputs}). */
export interface LatestOutputs {
  /** By node id: the output (a failed step's is `{ error }`), its error when it failed, and when it ended. */
  steps: Map<string, { output: Json; error?: Json; endedAt: number }>;
  /** Nodes whose output was left out because it would pass the byte budget. */
  omitted: string[];
}

/** A run as every run listing shows it. */
export interface RunSummaryRow {
  id: string;
  workflowId: string;
  workflowName: string;
  /** The published version the run executes; null for a test run of the draft. */
  version: number | null;
  /** True for a test run of the draft. */
  draft: boolean;
  status: RunStatus;
  startedBy: string;
  trigger: string;
  createdAt: number;
  endedAt: number | null;
  error: Json;
}

/** A run's stored facts for its detail view (no steps). */
export interface RunDetailRow extends RunSummaryRow {
  input: Json;
  output: Json;
  /** The last log record's sequence number (`state.seq`). */
  lastSeq: number;
  /** Activation counts per node (`state.activations`). */
  activations: Record<string, number>;
}

/** Filters of {@link RunReadPort.listRuns}. */
export interface RunListFilter {
  workflowId?: string;
  status?: RunStatus;
  /** `published`: runs of published versions; `test`: test runs of drafts. */
  kind?: 'published' | 'test';
  /** Only runs created before this time (epoch ms): pages backwards. */
  before?: number;
  /** Most runs returned (the caller clamps it). */
  limit: number;
}

/** What a run start reads of its workflow. */
export interface WorkflowHead {
  id: string;
  name: string;
  /** 0 when never published. */
  latestVersion: number;
  deletedAt: number | null;
}

/** A workflow's saved draft, for a test run's snapshot. */
export interface DraftSource {
  name: string;
  /** The draft document as JSON text. */
  draft: string;
  revision: number;
}

/** Read models of runs (see the module docstring). Every method is a bounded, indexed read. */
export interface RunReadPort {
  /** The workflow a run starts from (deleted ones included: `deletedAt` set), or null. */
  workflowHead(workflowId: string): Promise<WorkflowHead | null>;
  /** The saved draft of a workflow that is not deleted, or null. */
  draftSource(workflowId: string): Promise<DraftSource | null>;
  /** True when the run exists. */
  runExists(runId: string): Promise<boolean>;
  /** When a run was created, epoch ms, or null for an unknown run. */
  createdAt(runId: string): Promise<number | null>;
  /** Runs newest first (`created_at` descending, then id descending), at most `filter.limit`. */
  listRuns(filter: RunListFilter): Promise<RunSummaryRow[]>;
  /** A run's detail (no steps), or null for an unknown run. */
  runDetail(runId: string): Promise<RunDetailRow | null>;
  /**
   * Up to `limit` steps of a run in activation order (`started_at`, then insertion order),
   * after `after` (null: from the first). Stops early once the page's JSON passes
   * `maxBytes` (at least one step is returned).
   */
  stepsPage(runId: string, after: StepPosition | null, limit: number, maxBytes?: number): Promise<StepPage>;
  /** One step with its input, output and error, or null. */
  step(runId: string, stepId: string): Promise<StepRow | null>;
  /** Status rows of the given steps of a run, by step id; unknown ids are left out. Pass a bounded list. */
  stepStatuses(runId: string, stepIds: readonly string[]): Promise<Map<string, StepStatusRow>>;
  /** Every attempt row of a step, oldest first (none for a step that succeeded inline on its first attempt). */
  attempts(runId: string, stepId: string): Promise<AttemptRow[]>;
  /**
   * Log records of a run with `seq > after`, in order: at most `limit`, and no more than
   * `maxBytes` of JSON (at least one record). Reads only the segments that reach past `after`.
   */
  eventsPage(runId: string, after: number, limit: number, maxBytes?: number): Promise<EventPage>;
  /**
   * What `$steps` shows of a run, read by primary key from the nodes' activation counts
   * (`RunState.activations`): each node's latest finished step (succeeded, or failed and
   * ended), looking back at most `lookBack` (default 4) activations past live ones.
   * Outputs whose JSON would take the total past `maxBytes` are left out and listed in
   * `omitted`. `Infinity` for both reads every node's latest finished step.
   */
  latestOutputs(runId: string, activations: Record<string, number>, maxBytes: number, lookBack?: number): Promise<LatestOutputs>;
}
