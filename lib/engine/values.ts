/**
 * The engine's basic values: JSON, run and step statuses, the recorded failure, and the
 * small vocabularies (due-date escalation, timer kinds, how a child run ended) shared by
 * its state (`state.ts`), events, effects and log records (`events.ts`).
 */

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
 * What a user task's due-date timer does (BPMN 2.0 §10.5.1 boundary timer):
 * `interrupting` closes the task and leaves through `escalate`; `nonInterrupting`
 * keeps it open and sends a token through `remind`; `reassign` keeps it open and
 * only hands it to another group (no token moves).
 */
export type DueEscalation = 'interrupting' | 'nonInterrupting' | 'reassign';

/** What a durable timer is for: `wait`: a wait node; `due`: a user task's due date; `runTimeout`: the run's time limit. */
export type TimerKind = 'wait' | 'due' | 'runTimeout';

/** How a child run (sub-workflow or for-each item) ended. */
export type ChildStatus = 'succeeded' | 'failed' | 'cancelled' | 'compensated';
