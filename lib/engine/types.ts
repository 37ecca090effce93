/**
 * Types of the pure workflow interpreter. The engine is a function
 * `(definition, state, event) → { state, effects, log }` in the style of XState's
 * `transition`: it performs no I/O, reads no clock and makes no random ids. Times
 * (`at`, epoch ms) and ids arrive with the event; step ids and fork ids are derived
 * deterministically from the state.
 *
 * Token semantics follow BPMN 2.0 (§13 "Execution semantics"): a token moving along
 * an edge activates the target node, creating a **step** with id `<nodeId>#<n>`
 * (n = 1, 2, … per node). A parallel split pushes a **fork** onto the token's fork
 * stack; the matching join fires once every token of that fork has arrived.
 */

/**
 * How the engine treats a node. With its type's label, this is all the engine knows
 * about a node type (BPMN 2.0 terms: start event, task, gateways, user task, end event).
 * - `trigger`: the start event; completes at once with the run input as output.
 * - `task`: runs its executor; leaves through the port the executor names (default `out`),
 *   or through `error` after its final failure when that port has an edge. An executor
 *   may also make the step wait for a timer (wait), a child run (sub-workflow) or one
 *   child run per item (for-each).
 * - `exclusive`: an exclusive gateway; its executor picks exactly one port.
 * - `parallelSplit`: emits one token per outgoing edge, at once, with no executor.
 * - `parallelJoin`: waits until every branch of its split has arrived, then emits one token.
 * - `inclusive`: an inclusive gateway (BPMN 2.0 §10.6.3); its executor picks one or more
 *   ports, and one token per edge of those ports leaves, as one fork.
 * - `inclusiveJoin`: waits for exactly the branches its inclusive gateway activated.
 * - `userTask`: its executor renders the task; the step then waits for a person's decision,
 *   and leaves through the port named by the chosen outcome.
 * - `end`: runs its executor (output mapping); consumes the token; its output becomes the run output.
 */
export type NodeBehavior = 'trigger' | 'task' | 'exclusive' | 'inclusive' | 'parallelSplit' | 'parallelJoin' | 'inclusiveJoin' | 'userTask' | 'end';

/** JSON-serializable value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * `compensating`: the run failed (or reached a compensate end) and is running the
 * compensation handlers of its completed steps (BPMN 2.0 §10.7, saga);
 * `compensated`: it finished doing so (terminal; `state.error` keeps the original
 * failure, null after a compensate end).
 */
export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'compensating' | 'compensated';
export type StepStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

/** A failure as recorded on steps and runs. `nodeId`/`stepId` name where it happened. */
export interface EngineError {
  message: string;
  code?: string;
  nodeId?: string;
  stepId?: string;
  /**
   * Set by executors (via the runner) on `step.failed`: another attempt could
   * succeed (network error, timeout, HTTP 429/5xx). Absent = not retryable.
   */
  retryable?: boolean;
  /** The service asked to wait this long before the next attempt (HTTP `Retry-After`), ms. */
  retryAfterMs?: number;
}

/**
 * Retry policy of a task node (`config.retry`), like Step Functions' `Retry` and
 * Temporal's RetryPolicy. Only errors marked `retryable` are retried. The delay
 * before attempt n+1 is `min(maxIntervalMs, initialIntervalMs × backoffFactor^(n−1))`,
 * ± `jitter` × delay, at least the error's `retryAfterMs` (see `retryDelay`).
 */
export interface RetryPolicy {
  /** Attempts in total, including the first (≥ 1; 1 = no retry). */
  maxAttempts: number;
  /** Delay before the 2nd attempt, ms (≥ 0). */
  initialIntervalMs: number;
  /** Multiplier per further attempt (≥ 1). */
  backoffFactor: number;
  /** Upper bound of the computed delay, ms (≥ 0). */
  maxIntervalMs: number;
  /** Random spread as a fraction of the delay, 0..1 (0.2 = ±20 %). */
  jitter: number;
}

/** The compiled form of a workflow version that the engine walks. Built by `compile()`. */
export interface CompiledNode {
  id: string;
  type: string;
  /** The node type's display name (`Exclusive gateway`, `Switch`), for messages. */
  typeLabel: string;
  label: string;
  behavior: NodeBehavior;
  /** Retry policy from `config.retry` (task nodes only); absent = one attempt. */
  retry?: RetryPolicy;
  /** A task with an edge from its `error` port: a final failure leaves through it instead of failing the run. */
  hasErrorEdge?: true;
  /** Node id of the compensation handler (target of the task's `compensation` port edge). */
  compensation?: string;
  /** The `compensation` edge, logged as the handler step's activating edge. */
  compensationEdgeId?: string;
  /** Only reached through `compensation` edges: runs only while a run compensates, and its outgoing edges are not followed. */
  compensationHandler?: true;
  /** An end node with `config.compensate: true`: reaching it compensates the run (BPMN compensation end event). */
  compensateEnd?: true;
}
export interface CompiledEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}
export interface CompiledWorkflow {
  nodes: Record<string, CompiledNode>;
  /** Edges leaving `nodeId` through `port`: `outgoing[nodeId][port]`. */
  outgoing: Record<string, Record<string, CompiledEdge[]>>;
  /** The trigger node id. */
  triggerId: string;
  /** Most activations of any one node per run (`settings.maxIterations`); absent = `DEFAULT_MAX_ITERATIONS` (1000). */
  maxIterations?: number;
  /** Time limit of a whole run, ms (`settings.runTimeoutMs`); absent = none. */
  runTimeoutMs?: number;
}


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
  /** `wait`: a wait node; `due`: a user task's due date; `runTimeout`: the run's time limit. */
  kind: 'wait' | 'due' | 'runTimeout';
  /** Due time, epoch ms. */
  dueAt: number;
  stepId?: string;
  /** For `due` timers: what happens when the task is overdue (see {@link DueEscalation}). */
  escalation?: DueEscalation;
  /** For `due` timers: group the open task is reassigned to when due (with `nonInterrupting` or `reassign`). */
  reassignTo?: string;
}

/**
 * What a user task's due-date timer does (BPMN 2.0 §10.5.1 boundary timer):
 * `interrupting` closes the task and leaves through `escalate`; `nonInterrupting`
 * keeps it open and sends a token through `remind`; `reassign` keeps it open and
 * only hands it to another group (no token moves).
 */
export type DueEscalation = 'interrupting' | 'nonInterrupting' | 'reassign';

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

/** How a child run (sub-workflow or for-each item) ended. */
export type ChildStatus = 'succeeded' | 'failed' | 'cancelled' | 'compensated';

/** Inputs to the engine. `at` is epoch ms, supplied by the caller. */
export type EngineEvent =
  /** `ports`: an inclusive gateway's chosen ports (several branches); otherwise `port`. */
  | { type: 'step.completed'; stepId: string; attempt: number; output: Json; port?: string; ports?: string[]; vars?: Record<string, Json>; input?: Json; startedAt: number; at: number }
  /** `random` in [0, 1): the runner's draw for retry jitter (the engine has no randomness); absent = 0.5 (no jitter). */
  | { type: 'step.failed'; stepId: string; attempt: number; error: EngineError; input?: Json; startedAt: number; at: number; random?: number }
  /** `dueAt` (epoch ms), `escalation` and `reassignTo` (group id): the user task's due-date timer, if it has one. */
  | {
      type: 'step.parked';
      stepId: string;
      attempt: number;
      taskId: string;
      task: Json;
      input?: Json;
      startedAt: number;
      at: number;
      dueAt?: number;
      escalation?: DueEscalation;
      reassignTo?: string;
    }
  | { type: 'task.completed'; stepId: string; taskId: string; outcome: string; data: Record<string, Json>; by: string; at: number }
  | { type: 'run.cancel'; by: string; reason: string; at: number }
  /** A wait node's executor computed its due time (epoch ms); the runner picked `timerId`. */
  | { type: 'step.scheduled'; stepId: string; attempt: number; timerId: string; dueAt: number; input?: Json; startedAt: number; at: number }
  /** A durable timer is due. Unknown, cancelled or already fired timers are ignored. `stepId` is absent for the run timeout. */
  | { type: 'timer.fired'; timerId: string; stepId?: string; at: number }
  /** A sub-workflow executor asks for a child run (`version` absent = latest published). */
  | { type: 'step.child'; stepId: string; attempt: number; childRunId: string; workflowId: string; version?: number; input: Json; startedAt: number; at: number }
  /** A for-each executor evaluated its items; the engine starts one child run per item, `concurrency` at a time. */
  | {
      type: 'step.map';
      stepId: string;
      attempt: number;
      items: Json[];
      workflowId: string;
      version?: number;
      concurrency: number;
      input?: Json;
      startedAt: number;
      at: number;
    }
  /**
   * An executor finished one round of a step that works in several (the AI agent): it
   * keeps `memory`, logs `trace` (`step.progress`) and waits for `children` and `tasks`;
   * with none, or when the last is in, the step's executor runs again (next attempt number).
   */
  | {
      type: 'step.await';
      stepId: string;
      attempt: number;
      memory: Json;
      trace?: Json;
      children?: AwaitChild[];
      tasks?: AwaitTask[];
      startedAt: number;
      at: number;
    }
  /** A child run (sub-workflow or for-each item) ended. `outputBytes`: the output's JSON size (characters) as the runner measured it, summed into a for-each's `MapProgress.bytes`. */
  | { type: 'child.completed'; stepId: string; childRunId: string; status: ChildStatus; output: Json; error: EngineError | null; at: number; outputBytes?: number }
  /**
   * The runner refused what a live step produced (its input or output is over the size
   * limit): the step's final failure with `error` — no retry, its `error` edge if drawn,
   * else the run fails. `attempt`: when given, the step must be on that attempt.
   */
  | { type: 'step.rejected'; stepId: string; attempt?: number; error: EngineError; input?: Json; startedAt?: number; at: number }
  /** The runner ends the run with `error` (a per-run quota): live steps are cancelled, no compensation runs, and it cannot be retried from the failure. */
  | { type: 'run.fail'; error: EngineError; at: number }
  /**
   * Retry a failed run from its failed step(s). `def`: the compiled newer version to
   * continue on (nodes matched by id; the caller then stores the run under it);
   * `fromVersion`/`toVersion` are only logged.
   */
  | { type: 'run.retry'; by: string; at: number; def?: CompiledWorkflow; fromVersion?: number; toVersion?: number };

/** Work the caller must do after committing the transition. */
export type Effect =
  /** Run the node's executor for this step (a durable job), not before `dueAt` (epoch ms; absent = now). */
  | { type: 'execute'; stepId: string; nodeId: string; attempt: number; dueAt?: number }
  /** Create the inbox row for a parked user task (in the same transaction). */
  | { type: 'createTask'; stepId: string; nodeId: string; taskId: string; task: Json }
  /** Close the inbox row of a user task (completed or cancelled; `reason: 'escalated'` when its due-date timer closed it). */
  | { type: 'closeTask'; taskId: string; status: 'completed' | 'cancelled'; outcome?: string; data?: Json; by?: string; reason?: string }
  /**
   * A user task's due date passed: mark the inbox row escalated (and audit it); with
   * `reassignTo`, the open task's candidates become that group, its assignee and claim
   * are cleared. Comes before a `closeTask` of the same task.
   */
  | { type: 'escalateTask'; taskId: string; stepId: string; mode: DueEscalation; reassignTo?: string }
  /** Drop pending jobs of these steps (run ended or cancelled). */
  | { type: 'cancelJobs'; stepIds: string[] }
  /** Create a durable timer; feed `timer.fired { timerId, stepId }` back when due (epoch ms). */
  | { type: 'schedule'; timerId: string; dueAt: number; stepId?: string }
  /** Delete a pending timer (its step ended or the run ended). */
  | { type: 'cancelTimer'; timerId: string }
  /** Start a child run of a published workflow (`version` absent = latest); feed `child.completed` back when it ends. */
  | { type: 'startChild'; stepId: string; nodeId: string; childRunId: string; workflowId: string; version?: number; input: Json; index?: number }
  /** Cancel a child run that is no longer awaited. */
  | { type: 'cancelChild'; childRunId: string };

/**
 * An append-only log record (`run_events` row). `seq` increases by one per record
 * within a run. These drive the live view, the run inspector and the steps table.
 */
export type RunLogRecord = { seq: number; at: number } & (
  | { type: 'run.started'; input: Json }
  | { type: 'step.activated'; stepId: string; nodeId: string; edgeId: string | null }
  /** `ports`: every port an inclusive gateway took (`port` is the first). */
  | { type: 'step.succeeded'; stepId: string; nodeId: string; attempt: number; output: Json; port: string | null; input: Json; startedAt: number; ports?: string[] }
  /** `handled`: the failure left through the node's `error` port and the run goes on. */
  | { type: 'step.failed'; stepId: string; nodeId: string; attempt: number; error: EngineError; input: Json; startedAt: number; handled?: true }
  | { type: 'step.waiting'; stepId: string; nodeId: string; attempt: number; taskId: string; input: Json; startedAt: number }
  | { type: 'step.cancelled'; stepId: string; nodeId: string }
  | { type: 'task.completed'; stepId: string; nodeId: string; taskId: string; outcome: string; data: Json; by: string }
  | { type: 'edge.taken'; edgeId: string; fromStepId: string }
  | { type: 'join.arrived'; stepId: string; nodeId: string; forkId: string; arrived: number; expected: number }
  | { type: 'run.succeeded'; output: Json }
  | { type: 'run.failed'; error: EngineError }
  | { type: 'run.cancelled'; by: string; reason: string }
  /** An attempt failed with a retryable error; attempt `nextAttempt` of `maxAttempts` runs at `dueAt` (epoch ms), `delayMs` after this record. */
  | { type: 'step.retrying'; stepId: string; nodeId: string; attempt: number; nextAttempt: number; maxAttempts: number; error: EngineError; delayMs: number; dueAt: number }
  /** A durable timer was created: a wait step's (the step now waits), a user task's due date, or the run's time limit (`stepId` null). */
  | { type: 'timer.scheduled'; timerId: string; kind: PendingTimer['kind']; stepId: string | null; nodeId: string | null; dueAt: number; input?: Json; startedAt?: number }
  | { type: 'timer.fired'; timerId: string; kind: PendingTimer['kind']; stepId: string | null }
  /**
   * A user task's due date passed: `interrupting` closed it (port `escalate`); else it
   * stays open, a reminder token left through `remind` (`mode` `nonInterrupting`)
   * and/or it was handed to group `reassignedTo`. `mode` is absent in logs written
   * before reassignment existed (read: `interrupting ? 'interrupting' : 'nonInterrupting'`).
   */
  | { type: 'task.escalated'; stepId: string; nodeId: string; taskId: string; interrupting: boolean; mode?: DueEscalation; reassignedTo?: string }
  /** A child run was requested (sub-workflow step, or item `index` of a for-each step). */
  | { type: 'child.started'; stepId: string; nodeId: string; childRunId: string; workflowId: string; version: number | null; index: number | null; input: Json }
  | { type: 'child.completed'; stepId: string; nodeId: string; childRunId: string; status: ChildStatus; index: number | null }
  /** A round of a step working in several (`step.await`) ended: `trace` as the executor gave it; `waiting`: it now waits for child runs or tasks (`children`, `tasks` of them). */
  | { type: 'step.progress'; stepId: string; nodeId: string; attempt: number; trace: Json; waiting: boolean; children: number; tasks: number }
  /** Everything a round waited for is in; the step runs its executor again as `attempt`. */
  | { type: 'step.resumed'; stepId: string; nodeId: string; attempt: number }
  /** A for-each step got its items and now waits for `total` child runs, `concurrency` at a time. */
  | { type: 'map.started'; stepId: string; nodeId: string; total: number; concurrency: number; input: Json; startedAt: number }
  /** The run failed (`error`) or reached a compensate end (`error` null) and now runs compensation handlers. */
  | { type: 'run.compensating'; error: EngineError | null }
  | { type: 'compensation.started'; forStepId: string; handlerStepId: string; nodeId: string }
  | { type: 'compensation.completed'; forStepId: string; handlerStepId: string; nodeId: string }
  /** Every handler ran; the run ended `compensated`. `error`: the original failure (null after a compensate end). */
  | { type: 'run.compensated'; error: EngineError | null }
  /** A failed run was resumed from its failed step(s) (`run.retry`); versions as given by the caller, null when not given. */
  | { type: 'run.retried'; by: string; fromVersion: number | null; toVersion: number | null }
);

/** What a transition returns. `state` is a new object; the input state is not mutated. */
export interface Transition {
  state: RunState;
  effects: Effect[];
  log: RunLogRecord[];
}
