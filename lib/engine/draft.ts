/**
 * The working copy of one transition. A transition clones the compact run state
 * once, edits the clone, and appends log records and effects as it goes; the
 * caller's state object is never touched. Every record gets `seq = ++state.seq`
 * and the event's `at`, so a run's log has no gaps and no clock is read.
 */
import type { CompiledWorkflow, Effect, RunLogRecord, RunState, RunStatus, Transition } from './types';

/** A log record as the engine writes it, before `seq` and `at` are stamped. */
export type LogBody = RunLogRecord extends infer R ? (R extends unknown ? Omit<R, 'seq' | 'at'> : never) : never;

/**
 * Upper bound of tokens moved within one transition. Only gateways complete
 * without an executor, so a legitimate transition moves at most about one token
 * per edge (≤ 5000 edges per document); more means tokens cycle through gateways
 * with no step in between, and the run fails (`IMMEDIATE_LOOP`) instead of hanging.
 */
export const MAX_TOKEN_MOVES_PER_TRANSITION = 10_000;

/** Activations allowed per node and run when the document sets no `settings.maxIterations` (loop guard). */
export const DEFAULT_MAX_ITERATIONS = 1000;

export interface Draft {
  readonly def: CompiledWorkflow;
  /** The cloned state being edited. */
  readonly state: RunState;
  /** Event time, epoch ms. */
  readonly at: number;
  readonly log: RunLogRecord[];
  readonly effects: Effect[];
  /** Tokens moved so far in this transition (see {@link MAX_TOKEN_MOVES_PER_TRANSITION}). */
  moves: number;
}

/**
 * Starts a transition on a deep copy of `state` (structuredClone: the state is plain
 * JSON), or on `state` itself when the caller handed it over (`inPlace`).
 */
export function openDraft(def: CompiledWorkflow, state: RunState, at: number, inPlace = false): Draft {
  return { def, state: inPlace ? state : structuredClone(state), at, log: [], effects: [], moves: 0 };
}

/**
 * Appends a log record with the next sequence number and the event time. `body` must
 * be a fresh object (every caller passes a literal): it is stamped in place, not copied.
 */
export function emit(d: Draft, body: LogBody): void {
  d.state.seq += 1;
  const rec = body as RunLogRecord;
  rec.seq = d.state.seq;
  rec.at = d.at;
  d.log.push(rec);
}

/** The transition's result: the edited copy, its effects and log records. */
export function closeDraft(d: Draft): Transition {
  return { state: d.state, effects: d.effects, log: d.log };
}

/**
 * True for `succeeded`, `failed`, `cancelled` and `compensated`: no event changes
 * such a run any more (except `run.retry` on a `failed` run).
 */
export function isTerminal(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'compensated';
}

/** True while tokens move: `running` or `waiting` (not while compensating, not once ended). */
export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'waiting';
}
