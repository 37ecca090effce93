/**
 * What goes into a transition (`EngineEvent`: results of work, decisions, timers, child
 * runs, cancel and retry) and what comes out besides the state (`Effect`: work for the
 * caller; `RunLogRecord`: the run's append-only log).
 */
import type { CompiledWorkflow } from './compiled';
import type { ChildStatus, DueEscalation, EngineError, Json, TimerKind } from './values';
import type { AwaitChild, AwaitTask } from './state';

/** Inputs to the engine. `at` is epoch ms, supplied by the caller. */
export type EngineEvent =
  /** `ports`: an inclusive gateway's chosen ports (several branches); otherwise `port`. */
  /**
   * `decision`: why the runner's executor chose `port` (a router's policy and the statistics it saw);
   * logged as `router.chose` before `step.succeeded`. The engine only records it: the choice is made outside.
   */
  | { type: 'step.completed'; stepId: string; attempt: number; output: Json; port?: string; ports?: string[]; vars?: Record<string, Json>; input?: Json; startedAt: number; at: number; decision?: Json }
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
  /** A router chose `port`; `decision`: its policy, the statistics it saw and why (see `lib/nodes/router`). */
  | { type: 'router.chose'; stepId: string; nodeId: string; port: string; decision: Json }
  | { type: 'join.arrived'; stepId: string; nodeId: string; forkId: string; arrived: number; expected: number }
  | { type: 'run.succeeded'; output: Json }
  | { type: 'run.failed'; error: EngineError }
  | { type: 'run.cancelled'; by: string; reason: string }
  /** An attempt failed with a retryable error; attempt `nextAttempt` of `maxAttempts` runs at `dueAt` (epoch ms), `delayMs` after this record. */
  | { type: 'step.retrying'; stepId: string; nodeId: string; attempt: number; nextAttempt: number; maxAttempts: number; error: EngineError; delayMs: number; dueAt: number }
  /** A durable timer was created: a wait step's (the step now waits), a user task's due date, or the run's time limit (`stepId` null). */
  | { type: 'timer.scheduled'; timerId: string; kind: TimerKind; stepId: string | null; nodeId: string | null; dueAt: number; input?: Json; startedAt?: number }
  | { type: 'timer.fired'; timerId: string; kind: TimerKind; stepId: string | null }
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
