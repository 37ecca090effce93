/**
 * The view model of one run, folded from its append-only log (`RunLogRecord`s) by
 * {@link applyLog}. It is what the live run view draws: step rows, node colours,
 * taken and active edges, the run's status and result. Pure data, no React.
 */
import type { EngineError, Json, RunStatus, StepStatus } from '../engine/types';

/** Status of a run as the view knows it; `pending` until `run.started` arrives. */
export type RunViewStatus = RunStatus | 'pending';

/**
 * Status of a node on the canvas: its latest step's status, `pending` while it may
 * still be reached, `skipped` once it cannot be (see `nodeStatuses`).
 */
export type NodeRunStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** A person's decision on a user task step (from `task.completed`). */
export interface StepDecision {
  outcome: string;
  by: string;
  data: Json;
  at: number;
}

/** One activation of a node (`<nodeId>#<n>`). */
export interface StepRun {
  stepId: string;
  nodeId: string;
  status: StepStatus;
  /** 1-based position in activation order. */
  index: number;
  /** Attempt number of the last recorded result (0 while the first attempt runs: retries are not logged). */
  attempts: number;
  /** When the token arrived (`step.activated`), epoch ms. */
  activatedAt: number;
  /** When the executor's (last) attempt started, epoch ms; null until a result is logged. */
  startedAt: number | null;
  /** When the step finished (succeeded, failed, cancelled), epoch ms. */
  endedAt: number | null;
  /** Edge that activated the step (null for the trigger). */
  viaEdgeId: string | null;
  /** Every edge whose token arrived at this step (one, or several for a parallel join). */
  inEdges: string[];
  /** Edges the step's token(s) left along (`edge.taken` with this `fromStepId`). */
  outEdges: string[];
  /** Port the step left through (succeeded steps). */
  port: string | null;
  input: Json | undefined;
  output: Json | undefined;
  error: EngineError | null;
  /** Inbox task id of a user task step (from `step.waiting`). */
  taskId: string | null;
  decision: StepDecision | null;
  /** Parallel join progress: branches arrived / expected. */
  join: { arrived: number; expected: number } | null;
}

export interface RunView {
  status: RunViewStatus;
  input: Json | undefined;
  output: Json | undefined;
  error: EngineError | null;
  cancelled: { by: string; reason: string } | null;
  /** `run.started` time; null before it arrives. */
  startedAt: number | null;
  /** Time of the terminal record; null while the run is active. */
  endedAt: number | null;
  /** Sequence number of the last applied record (0 = none). Records with seq ≤ lastSeq are ignored. */
  lastSeq: number;
  /** Steps by id. */
  steps: Readonly<Record<string, StepRun>>;
  /** Step ids in activation order. */
  order: readonly string[];
  /** nodeId → id of its latest step. */
  latestByNode: Readonly<Record<string, string>>;
  /** Step ids currently running or waiting. */
  live: readonly string[];
  /** Every edge a token has moved along. */
  taken: ReadonlySet<string>;
  /** Edges into a step that is still running or waiting (drawn animated). */
  active: ReadonlySet<string>;
  /**
   * Edge of the latest `edge.taken` not yet matched by the record of the token's
   * arrival. A join's `join.arrived` names no edge, so the edge is credited from here;
   * kept in the state because records may be applied one at a time.
   */
  inFlightEdge: string | null;
}

/** The minimal graph shape the node-status rule needs (a workflow document fits). */
export interface RunGraph {
  nodes: readonly { id: string }[];
  edges: readonly { id: string; source: string; sourcePort?: string; target: string }[];
}
