/**
 * The pure interpreter: `transition(def, state, event) → { state, effects, log }`,
 * in the style of XState's `transition()`. It performs no I/O and reads no clock;
 * ids and times come with the event. The caller (the runner) commits the new
 * state, the log records and the effects in one transaction, then performs the
 * effects and feeds their results back as events.
 *
 * Exactly-once state transitions: an event that does not match the live state
 * (step no longer live, other attempt, other task id, timer no longer pending,
 * child no longer awaited, run already ended) is ignored, so a duplicate delivery
 * after a crash changes nothing.
 *
 * Where each semantic lives: `steps.ts` (executor results, retries, error edges),
 * `tokens.ts` (token movement, splits, joins, loop guard), `timer-events.ts` (wait,
 * due dates, run timeout), `children.ts` (sub-workflow, for-each), `awaits.ts` (steps
 * working in rounds: the AI agent), `compensation.ts`
 * (saga), `lifecycle.ts` (failing, settling), `resume.ts` (retry from failure).
 * Their imports run one way (no cycles, checked by `npm run lint:layers`): this file →
 * `awaits`, `children`, `resume`, `timer-events` → `steps` → `tokens` → `lifecycle` →
 * `compensation` → `release`, `activation` → `timers`, `draft`.
 */
import { onAwaitedChild, onAwaitedTask, onStepAwait } from './awaits';
import { onChildCompleted, onStepChild, onStepMap } from './children';
import { closeDraft, emit, isTerminal, openDraft, type Draft } from './draft';
import { settle } from './lifecycle';
import { cancelLive, endRun } from './release';
import { onRetry } from './resume';
import { DEFAULT_OUT_PORT, onStepCompleted, onStepFailed, onStepParked, onStepRejected, onTaskCompleted } from './steps';
import { onStepScheduled, onTimerFired } from './timer-events';
import { scheduleRunTimeout } from './timers';
import { leave } from './tokens';
import type { CompiledWorkflow, EngineEvent, Json, RunState, Transition } from './types';

export { DEFAULT_OUT_PORT };

/**
 * Starts a run at time `at` (epoch ms): logs `run.started`, schedules the run
 * timeout when the workflow has one (`timer.scheduled`, `schedule`), activates the
 * trigger step (`<triggerId>#1`), which completes at once with the run input as
 * output (`step.succeeded`, port `out`, input null), and moves its tokens. A
 * trigger with no outgoing edge gives a run that succeeds at once with output null.
 */
export function startRun(def: CompiledWorkflow, opts: { runId: string; input: Json; at: number }): Transition {
  const initial: RunState = {
    runId: opts.runId,
    status: 'running',
    seq: 0,
    activations: {},
    live: {},
    forks: {},
    nextFork: 1,
    vars: {},
    output: null,
    error: null,
    startedAt: opts.at,
    endedAt: null,
  };
  const d = openDraft(def, initial, opts.at);
  const triggerId = def.triggerId;
  emit(d, { type: 'run.started', input: opts.input });
  scheduleRunTimeout(d);
  d.state.activations[triggerId] = 1;
  const stepId = `${triggerId}#1`;
  emit(d, { type: 'step.activated', stepId, nodeId: triggerId, edgeId: null });
  emit(d, { type: 'step.succeeded', stepId, nodeId: triggerId, attempt: 1, output: opts.input, port: DEFAULT_OUT_PORT, input: null, startedAt: opts.at });
  leave(d, stepId, triggerId, DEFAULT_OUT_PORT, []);
  settle(d);
  return closeDraft(d);
}

/**
 * Applies one event to a run. Returns a new state (the input is not mutated), the
 * effects to perform and the log records to append (`seq` continuing from
 * `state.seq`, `at` = `event.at`). Ignored events return a copy of the state with
 * no effects and no log records. `run.retry` with a `def` applies to that
 * definition (a newer version); every other event to `def`.
 *
 * `opts.inPlace`: the caller hands `state` over and it is edited in place instead of
 * copied — for a caller that applies a series of events to a private copy (the
 * runner's batches) and only keeps the last result. Same results, no copy per event.
 */
export function transition(def: CompiledWorkflow, state: RunState, event: EngineEvent, opts: { inPlace?: boolean } = {}): Transition {
  const d = openDraft(event.type === 'run.retry' && event.def ? event.def : def, state, event.at, opts.inPlace);
  if (event.type === 'run.retry') {
    onRetry(d, event);
    settle(d);
    return closeDraft(d);
  }
  if (isTerminal(d.state.status)) return closeDraft(d);
  switch (event.type) {
    case 'step.completed':
      onStepCompleted(d, event);
      break;
    case 'step.failed':
      onStepFailed(d, event);
      break;
    case 'step.parked':
      onStepParked(d, event);
      break;
    case 'task.completed':
      if (!onAwaitedTask(d, event)) onTaskCompleted(d, event);
      break;
    case 'step.scheduled':
      onStepScheduled(d, event);
      break;
    case 'timer.fired':
      onTimerFired(d, event);
      break;
    case 'step.child':
      onStepChild(d, event);
      break;
    case 'step.map':
      onStepMap(d, event);
      break;
    case 'child.completed':
      if (!onAwaitedChild(d, event)) onChildCompleted(d, event);
      break;
    case 'step.await':
      onStepAwait(d, event);
      break;
    case 'run.cancel':
      onCancel(d, event);
      break;
    case 'step.rejected':
      onStepRejected(d, event);
      break;
    case 'run.fail':
      onFail(d, event);
      break;
  }
  settle(d);
  return closeDraft(d);
}

/**
 * Cancels the run: every live step is cancelled (jobs dropped, open tasks closed,
 * timers and child runs cancelled), then `run.cancelled` records who and why.
 * Works while compensating too (the remaining handlers do not run).
 */
function onCancel(d: Draft, e: Extract<EngineEvent, { type: 'run.cancel' }>): void {
  cancelLive(d);
  emit(d, { type: 'run.cancelled', by: e.by, reason: e.reason });
  endRun(d, 'cancelled');
}

/**
 * The runner ends the run with an error of its own (a per-run quota): every live step
 * is cancelled and `run.failed` records the error. Unlike a step's failure it neither
 * compensates (the handlers would exceed the same quota) nor leaves a resume point.
 */
function onFail(d: Draft, e: Extract<EngineEvent, { type: 'run.fail' }>): void {
  cancelLive(d);
  emit(d, { type: 'run.failed', error: e.error });
  d.state.error = e.error;
  delete d.state.resume;
  endRun(d, 'failed');
}
