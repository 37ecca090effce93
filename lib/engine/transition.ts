/**
 * The pure interpreter: `transition(def, state, event) → { state, effects, log }`,
 * in the style of XState's `transition()`. It performs no I/O and reads no clock;
 * ids and times come with the event. The caller (the runner) commits the new
 * state, the log records and the effects in one transaction, then performs the
 * effects and feeds their results back as events.
 *
 * Exactly-once state transitions: an event that does not match the live state
 * (step no longer live, other attempt, other task id, run already ended) is
 * ignored, so a duplicate delivery after a crash changes nothing.
 */
import { closeDraft, emit, isTerminal, openDraft, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { cancelLive, failStep, settle } from './lifecycle';
import { own } from './own';
import { leave } from './tokens';
import type { CompiledWorkflow, EngineEvent, Json, LiveStep, RunState, Transition } from './types';

/** Port a step leaves through when its executor names none. */
export const DEFAULT_OUT_PORT = 'out';

/**
 * Starts a run at time `at` (epoch ms): logs `run.started`, activates the trigger
 * step (`<triggerId>#1`), which completes at once with the run input as output
 * (`step.succeeded`, port `out`, input null), and moves its tokens. A trigger with
 * no outgoing edge gives a run that succeeds at once with output null.
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
 * no effects and no log records.
 */
export function transition(def: CompiledWorkflow, state: RunState, event: EngineEvent): Transition {
  const d = openDraft(def, state, event.at);
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
      onTaskCompleted(d, event);
      break;
    case 'run.cancel':
      onCancel(d, event);
      break;
  }
  settle(d);
  return closeDraft(d);
}

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** The live step an executor result is for, or undefined when the result is stale or a duplicate. */
function runningStep(d: Draft, stepId: string, attempt: number): LiveStep | undefined {
  const step = own(d.state.live, stepId);
  return step && step.status === 'running' && step.attempt === attempt ? step : undefined;
}

/**
 * Executor succeeded: logs `step.succeeded`, merges `vars`, and moves the token
 * through `event.port ?? 'out'`. An exclusive gateway whose chosen port has no
 * edge fails instead (`NO_BRANCH`); an end step's output becomes the run output.
 */
function onStepCompleted(d: Draft, e: EventOf<'step.completed'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const node = own(d.def.nodes, step.nodeId)!;
  const port = e.port ?? DEFAULT_OUT_PORT;
  const input = e.input ?? null;
  if (node.behavior === 'exclusive' && !own(own(d.def.outgoing, node.id), port)?.length) {
    const message =
      port === 'default'
        ? `Exclusive gateway ${nodeName(node)}: no condition held and no default branch is connected`
        : `Exclusive gateway ${nodeName(node)}: branch "${port}" has no outgoing edge`;
    failStep(d, step, { code: ENGINE_ERROR_CODES.NO_BRANCH, message }, input, e.startedAt);
    return;
  }
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: node.id, attempt: step.attempt, output: e.output, port, input, startedAt: e.startedAt });
  if (e.vars) Object.assign(d.state.vars, e.vars);
  if (node.behavior === 'end') d.state.output = e.output;
  delete d.state.live[step.id];
  leave(d, step.id, node.id, port, step.forks);
}

/** Executor failed for good (after the runner's retries): the step and the run fail; everything else live is cancelled. */
function onStepFailed(d: Draft, e: EventOf<'step.failed'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  failStep(d, step, e.error, e.input ?? null, e.startedAt);
}

/** A user task's executor rendered the task: the step waits for a person; the inbox row is created. */
function onStepParked(d: Draft, e: EventOf<'step.parked'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  step.status = 'waiting';
  step.taskId = e.taskId;
  step.startedAt = e.startedAt;
  emit(d, { type: 'step.waiting', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, taskId: e.taskId, input: e.input ?? null, startedAt: e.startedAt });
  d.effects.push({ type: 'createTask', stepId: step.id, nodeId: step.nodeId, taskId: e.taskId, task: e.task });
}

/**
 * A person decided: output `{ outcome, data, completedBy, completedAt (ISO-8601) }`,
 * the inbox row is closed, and the token leaves through the port named by the outcome.
 */
function onTaskCompleted(d: Draft, e: EventOf<'task.completed'>): void {
  const step = own(d.state.live, e.stepId);
  if (!step || step.status !== 'waiting' || step.taskId === undefined || step.taskId !== e.taskId) return;
  const output: Json = { outcome: e.outcome, data: e.data, completedBy: e.by, completedAt: new Date(e.at).toISOString() };
  emit(d, { type: 'task.completed', stepId: step.id, nodeId: step.nodeId, taskId: e.taskId, outcome: e.outcome, data: e.data, by: e.by });
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, output, port: e.outcome, input: null, startedAt: step.startedAt ?? step.activatedAt });
  d.effects.push({ type: 'closeTask', taskId: e.taskId, status: 'completed', outcome: e.outcome, data: e.data, by: e.by });
  delete d.state.live[step.id];
  leave(d, step.id, step.nodeId, e.outcome, step.forks);
}

/** Cancels the run: every live step is cancelled (jobs dropped, open tasks closed), then `run.cancelled`. */
function onCancel(d: Draft, e: EventOf<'run.cancel'>): void {
  cancelLive(d);
  emit(d, { type: 'run.cancelled', by: e.by, reason: e.reason });
  d.state.status = 'cancelled';
  d.state.forks = {};
  d.state.endedAt = d.at;
}
