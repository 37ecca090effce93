/**
 * The engine's durable state of one run (`RunState`) and its parts: live steps, forks
 * and their join arrivals, timers, compensable steps, the resume point of a failed run,
 * quota usage. Finished steps are not kept here; they live in the log.
 */
import type { DueEscalation, EngineError, Json, RunStatus, TimerKind } from './values';

/** A step that is not finished yet (running or waiting). Finished steps leave the state; they live in the log. */
export interface LiveStep {
  id: string;
  nodeId: string;
  status: 'running' | 'waiting';
  attempt: number;
  /** Fork ids of the parallel splits this token is inside, innermost last. */
  forks: string[];
  /** Activation time, epoch ms. */
  activatedAt: number;
  /**
   * Inbox task id of a parked user task (set by `step.parked`). A waiting step with a
   * `taskId` is waiting for a person; a waiting step without one is a parallel join
   * waiting for its branches.
   */
  taskId?: string;
  /** When the executor's attempt started (epoch ms), kept from `step.parked` for the later `step.succeeded` record. */
  startedAt?: number;
  /** The attempt's input, kept from `step.scheduled` / `step.child` / `step.map` for the later `step.succeeded` record. */
  input?: Json;
  /** Pending timer of this step: a wait node's timer or a user task's due-date timer (key of `RunState.timers`). */
  timerId?: string;
  /** Child run a sub-workflow step waits for. */
  childRunId?: string;
  /** Progress of a for-each step over its items. */
  map?: MapProgress;
  /** Set on a compensation handler's step: the completed step it undoes. */
  compensates?: string;
  /** The error of the previous attempt, kept when a retry is scheduled (`$lastError` in the next attempt's expressions). */
  lastError?: EngineError;
  /** What a step that ran its executor in several rounds (`step.await`: the AI agent) waits for now; see `awaits.ts`. */
  awaiting?: AwaitProgress;
  /** The executor's own durable memory between its rounds (the agent's conversation), replaced by each `step.await`; opaque to the engine. */
  memory?: Json;
  /** Results of the last round's awaited child runs and tasks, by key, handed to the next round. */
  results?: Record<string, Json>;
  /** First attempt of the current round (absent = 1): the retry policy counts this round's attempts from here. */
  attemptBase?: number;
}

/**
 * A step waiting for several child runs and inbox tasks at once (`step.await`). When
 * the last one is in, the step runs its executor again with `results`.
 */
export interface AwaitProgress {
  /** Awaited child run id → result key. */
  children: Record<string, string>;
  /** Awaited inbox task id → result key. */
  tasks: Record<string, string>;
  /** Results in so far: `{ kind: 'child', runId, status, output, error }` or `{ kind: 'task', outcome, data, by }`. */
  results: Record<string, Json>;
}

/** A child run asked for by `step.await`: `key` names its result. */
export interface AwaitChild {
  key: string;
  childRunId: string;
  workflowId: string;
  version?: number;
  input: Json;
}

/** An inbox task asked for by `step.await`: `key` names its result; `task` as for a user task (`ParkedTask`). */
export interface AwaitTask {
  key: string;
  taskId: string;
  task: Json;
}

/** A for-each step's progress: child runs started in item order, at most `concurrency` at once. */
export interface MapProgress {
  workflowId: string;
  /** Published version of the body workflow; absent = the latest when each child starts. */
  version?: number;
  concurrency: number;
  items: Json[];
  /** Output of each finished child, by item index (null until it finishes). */
  results: Json[];
  /** Index of the next item to start. */
  next: number;
  /** Children finished so far. */
  done: number;
  /** Running children: child run id → item index. */
  running: Record<string, number>;
  /** JSON size of the results so far, characters, summed from `child.completed`'s `outputBytes` (absent = not measured). */
  bytes?: number;
}

/** A durable timer the runner keeps for this run (`schedule` effect); removed when it fires or is cancelled. */
export interface PendingTimer {
  id: string;
  kind: TimerKind;
  /** Due time, epoch ms. */
  dueAt: number;
  stepId?: string;
  /** For `due` timers: what happens when the task is overdue (see {@link DueEscalation}). */
  escalation?: DueEscalation;
  /** For `due` timers: group the open task is reassigned to when due (with `nonInterrupting` or `reassign`). */
  reassignTo?: string;
}

/** A completed step whose node has a compensation handler, in completion order. */
export interface CompensableStep {
  stepId: string;
  nodeId: string;
  handlerId: string;
}

/**
 * What a failed run needs to be retried from its failure (`run.retry`): the steps
 * that failed or were interrupted by the failure (to activate again), the joins
 * that were waiting, and the open forks with their arrivals (so retried branches
 * can still complete their joins). Absent on runs that cannot be retried.
 */
export interface ResumePoint {
  steps: Array<{ stepId: string; nodeId: string; forks: string[] }>;
  joins: Array<{ stepId: string; nodeId: string; forks: string[]; activatedAt: number }>;
  forks: Record<string, Fork>;
}

/** Tokens of one fork that reached one join node, and the join step they wait in. */
export interface JoinArrival {
  /** The join's live step (`<joinNodeId>#<n>`), created by the first arrival. */
  stepId: string;
  /** Tokens of this fork that arrived so far (1 … expected). */
  count: number;
}

/** One activation of a parallel split: how many tokens it sent and which have arrived at the join. */
export interface Fork {
  /** `f<n>`, n = `RunState.nextFork` at creation. */
  id: string;
  splitStepId: string;
  /** Tokens sent = edges leaving the split's `out` port (for an inclusive gateway: edges of every port it took). */
  expected: number;
  /** Join node id → the join step and how many tokens of this fork arrived there. */
  arrived: Record<string, JoinArrival>;
}

/**
 * The engine's durable state of one run. Kept compact: only live steps and open
 * forks, so a transition's cost does not grow with the run's history.
 */
export interface RunState {
  runId: string;
  status: RunStatus;
  /** Sequence number of the last log record produced (first record is 1). */
  seq: number;
  /** nodeId → how many times it has been activated. */
  activations: Record<string, number>;
  live: Record<string, LiveStep>;
  forks: Record<string, Fork>;
  nextFork: number;
  vars: Record<string, Json>;
  output: Json;
  error: EngineError | null;
  startedAt: number;
  endedAt: number | null;
  /** Pending durable timers by id (absent = none). */
  timers?: Record<string, PendingTimer>;
  /** Completed steps with a compensation handler, in completion order (absent = none). */
  compensable?: CompensableStep[];
  /** Set when a run fails in a way `run.retry` can resume (see {@link ResumePoint}). */
  resume?: ResumePoint;
  /** What the run has stored so far, counted by the runner for its per-run quotas; the engine carries it unchanged (absent = nothing counted yet). */
  usage?: RunUsage;
  /**
   * Router branches still open in this run, kept by the runner (the engine carries it
   * unchanged): live step id → the router step whose choice it belongs to, and the open
   * choices by router step id. See `server/runner/router-branches.ts`.
   */
  routes?: RouteTracking;
}

/** A router choice whose branch has not ended yet. `at`: when the router chose (epoch ms). */
export interface OpenRoute {
  nodeId: string;
  port: string;
  at: number;
}

/** Open router branches of a run (see {@link RunState.routes}). */
export interface RouteTracking {
  /** Router step id → its open choice. */
  open: Record<string, OpenRoute>;
  /** Live step id → router step id of the branch the step is on. */
  steps: Record<string, string>;
}

/**
 * A run's use of its quotas: steps activated, and bytes stored (approximate JSON
 * characters of log records, step and attempt rows). Includes the usage of its child
 * runs (sub-workflows, for-each items, and theirs) that have ended and were handed back.
 */
export interface RunUsage {
  steps: number;
  bytes: number;
  /** Of `steps`, those activated by ended child runs (absent = none). */
  childSteps?: number;
  /** Of `bytes`, those stored by ended child runs (absent = none). */
  childBytes?: number;
}
