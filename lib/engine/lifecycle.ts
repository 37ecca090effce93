/**
 * How a run ends: failing, cancelling, and the settle step that runs after every
 * event to derive the run status from its live steps (and to detect a stuck join
 * or a finished run).
 */
import { emit, isTerminal, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { own } from './own';
import type { EngineError, Json, LiveStep } from './types';

/**
 * Cancels every live step, in activation order: logs `step.cancelled` for each,
 * emits one `cancelJobs` for the running ones (their jobs must not run) and a
 * `closeTask` (status `cancelled`) for each parked user task. Waiting joins just end.
 */
export function cancelLive(d: Draft): void {
  const running: string[] = [];
  for (const step of Object.values(d.state.live)) {
    emit(d, { type: 'step.cancelled', stepId: step.id, nodeId: step.nodeId });
    if (step.status === 'running') running.push(step.id);
    else if (step.taskId) d.effects.push({ type: 'closeTask', taskId: step.taskId, status: 'cancelled' });
  }
  if (running.length) d.effects.push({ type: 'cancelJobs', stepIds: running });
  d.state.live = {};
}

/** Ends the run as failed: cancels what is still live, logs `run.failed`, records the error. */
export function failRun(d: Draft, error: EngineError): void {
  cancelLive(d);
  emit(d, { type: 'run.failed', error });
  d.state.status = 'failed';
  d.state.error = error;
  d.state.forks = {};
  d.state.endedAt = d.at;
}

/**
 * Fails one step (logs `step.failed`, removes it from live) and with it the run.
 * The run error is `error` with the step's `nodeId` and `stepId` filled in.
 */
export function failStep(
  d: Draft,
  step: Pick<LiveStep, 'id' | 'nodeId' | 'attempt'>,
  error: EngineError,
  input: Json,
  startedAt: number,
): void {
  const full: EngineError = { ...error, nodeId: step.nodeId, stepId: step.id };
  emit(d, { type: 'step.failed', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, error: full, input, startedAt });
  delete d.state.live[step.id];
  failRun(d, full);
}

/**
 * Derives the run status after an event (no-op for a terminal run):
 * - any live step running → `running`;
 * - else a parked user task (waiting with a `taskId`) → `waiting` (for a person;
 *   joins waiting for branches do not make a run `waiting`, but do not stop it either);
 * - else only joins are left waiting: their missing branches can never arrive, so
 *   the first such join fails the run (`JOIN_STUCK`);
 * - else nothing is live: the run succeeded (`run.succeeded` with `state.output`).
 */
export function settle(d: Draft): void {
  const s = d.state;
  if (isTerminal(s.status)) return;
  const live = Object.values(s.live);
  if (live.some((l) => l.status === 'running')) {
    s.status = 'running';
    return;
  }
  if (live.some((l) => l.taskId !== undefined)) {
    s.status = 'waiting';
    return;
  }
  const join = live[0];
  if (join) {
    failStep(d, join, stuckJoinError(d, join), null, join.activatedAt);
    return;
  }
  emit(d, { type: 'run.succeeded', output: s.output });
  s.status = 'succeeded';
  s.forks = {};
  s.endedAt = d.at;
}

function stuckJoinError(d: Draft, join: LiveStep): EngineError {
  const node = own(d.def.nodes, join.nodeId);
  const name = node ? nodeName(node) : `"${join.nodeId}"`;
  for (const fork of Object.values(d.state.forks)) {
    const arrival = own(fork.arrived, join.nodeId);
    if (arrival?.stepId !== join.id) continue;
    return {
      code: ENGINE_ERROR_CODES.JOIN_STUCK,
      message:
        `Parallel join ${name} waits for ${fork.expected} branches of its split (${fork.splitStepId}) but only ${arrival.count} arrived, ` +
        `and nothing else is left to run: the other branches ended elsewhere`,
    };
  }
  return { code: ENGINE_ERROR_CODES.JOIN_STUCK, message: `Parallel join ${name} waits for branches that can no longer arrive` };
}
