/**
 * The view model of one run, folded from its append-only log (`RunLogRecord`s) by
 * {@link applyLog}. It is what the live run view draws: step rows, node colours,
 * taken and active edges, the run's status and result. Pure data, no React.
 */
import type { TraceEntry } from '../nodes/ai-agent/memory';
import type { ChildStatus, EngineError, Json, RunStatus, StepStatus } from '../engine/types';

/** Status of a run as the view knows it; `pending` until `run.started` arrives. */
export type RunViewStatus = RunStatus | 'pending';

/**
 * Status of a node on the canvas: its latest step's status, `pending` while it may
 * still be reached, `skipped` once it cannot be (see `nodeStatuses`). Beyond the
 * step statuses: `retrying` (an attempt failed, the next one is scheduled),
 * `handled` (failed for good, but left through its `error` port and the run went
 * on), `compensating` (its compensation handler is undoing it right now) and
 * `compensated` (undone by its handler).
 */
export type NodeRunStatus =
  | 'pending'
  | 'running'
  | 'retrying'
  | 'waiting'
  | 'succeeded'
  | 'handled'
  | 'failed'
  | 'compensating'
  | 'compensated'
  | 'skipped'
  | 'cancelled';

/** A person's decision on a user task step (from `task.completed`). */
export interface StepDecision {
  outcome: string;
  by: string;
  data: Json;
  at: number;
}

/** A failed attempt that was retried (from `step.retrying`). */
export interface StepFailure {
  attempt: number;
  error: EngineError;
  /** When it failed, epoch ms. */
  at: number;
  /** The wait before the next attempt, ms. */
  delayMs: number;
}

/** The next attempt of a step whose last attempt failed with a retryable error. */
export interface PendingRetry {
  /** The attempt that will run (2, 3, …). */
  nextAttempt: number;
  maxAttempts: number;
  /** When it is due, epoch ms. */
  dueAt: number;
  delayMs: number;
}

/** A durable timer of a step: a wait node's, or a user task's due date. */
export interface StepTimer {
  id: string;
  kind: 'wait' | 'due';
  dueAt: number;
  /** Set when it fired (`timer.fired`). */
  firedAt: number | null;
}

/** A child run a step started (sub-workflow: one; for-each: one per item). */
export interface ChildRunRef {
  childRunId: string;
  workflowId: string;
  /** Version asked for; null = the latest published when the child started. */
  version: number | null;
  /** For-each item index (0-based); null for a sub-workflow. */
  index: number | null;
  status: 'running' | ChildStatus;
}

/** One activation of a node (`<nodeId>#<n>`). */
export interface StepRun {
  stepId: string;
  nodeId: string;
  status: StepStatus;
  /** 1-based position in activation order. */
  index: number;
  /** Attempt number of the last recorded result or retry (0 while the first attempt runs). */
  attempts: number;
  /** Attempts that failed and were retried, oldest first (the final failure is `error`). */
  failures: StepFailure[];
  /** The scheduled next attempt, while the step is between attempts; null otherwise. */
  retry: PendingRetry | null;
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
  /** Port the step left through (succeeded steps; `error` for a handled failure). */
  port: string | null;
  /** Every port the step left through: `[port]`, or several for an inclusive gateway. */
  ports: string[];
  /** The step failed for good but left through its node's `error` port; the run went on. */
  handled: boolean;
  input: Json | undefined;
  output: Json | undefined;
  error: EngineError | null;
  /** Inbox task id of a user task step (from `step.waiting`). */
  taskId: string | null;
  decision: StepDecision | null;
  /** Parallel join progress: branches arrived / expected. */
  join: { arrived: number; expected: number } | null;
  /** The durable timer the step waits for (wait node) or its due date (user task). */
  timer: StepTimer | null;
  /**
   * A user task's due date passed: `interrupting` closed it (`escalate`); else it stays
   * open: `mode` `nonInterrupting` sent a reminder through `remind`, and/or the task was
   * handed to group `reassignedTo` (null: not reassigned).
   */
  escalated: { interrupting: boolean; mode: 'interrupting' | 'nonInterrupting' | 'reassign'; reassignedTo: string | null; at: number } | null;
  /** Child runs the step started, in start order. */
  children: ChildRunRef[];
  /** For-each progress: items in all, children finished (succeeded) so far, most at once. */
  map: { total: number; done: number; concurrency: number } | null;
  /** An AI agent's trace (`step.progress` records): model turns and tool results in order, and what it waits for now. */
  agent: AgentTrace | null;
  /** On a compensation handler's step: the completed step it undoes. */
  compensates: string | null;
  /** On a completed step that is being or was undone: its handler's step, and whether the handler finished. */
  compensation: { handlerStepId: string; done: boolean } | null;
  /**
   * A router's choice (`router.chose`): the port taken, the sentence explaining it
   * ("B: A’s breaker is open; … B 97% of 312"), whether it was a breaker probe, and the
   * candidates' statistics it saw. Absent on other steps (and in views built before it existed).
   */
  routed?: { port: string; reason: string; probe: boolean; candidates: RoutedCandidate[] };
}

/** A router candidate's statistics as its choice saw them. */
export interface RoutedCandidate {
  id: string;
  label: string;
  succeeded: number;
  failed: number;
  p50Ms: number | null;
  breaker: string;
}

/** The trace of an AI agent step as its rounds logged it (entries: `TraceEntry` of `lib/nodes/ai-agent/memory.ts`). */
export interface AgentTrace {
  entries: TraceEntry[];
  /** Inbox tasks (approvals) the step waits for now; 0 when it does not wait for a person. */
  waitingTasks: number;
  /** Tool runs the step waits for now. */
  waitingRuns: number;
}

/** A `run.retried` record: a failed run resumed from its failure. */
export interface RunRetry {
  by: string;
  at: number;
  fromVersion: number | null;
  toVersion: number | null;
  /** The failure that was retried. */
  error: EngineError | null;
  /** Steps activated before the retry (`order.slice(afterSteps)` came after it). */
  afterSteps: number;
}

export interface RunView {
  status: RunViewStatus;
  input: Json | undefined;
  output: Json | undefined;
  error: EngineError | null;
  cancelled: { by: string; reason: string } | null;
  /**
   * Set by `run.compensating`: why (the failure, or null for a compensate end), when,
   * the handler steps in start order (latest completed step first), and when every
   * handler had run (`run.compensated`); `afterSteps`: steps activated before it began.
   */
  compensation: { error: EngineError | null; startedAt: number; handlers: string[]; endedAt: number | null; afterSteps: number } | null;
  /** Every `run.retried`, oldest first. */
  retries: RunRetry[];
  /** When the run's time limit (`settings.runTimeoutMs`) passes, epoch ms; null without one. */
  deadline: number | null;
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
