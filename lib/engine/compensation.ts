/**
 * Compensation (saga; BPMN 2.0 §10.7 "Compensation"). A task may have a
 * compensation handler: another task node reached only through the task's
 * `compensation` edge. When the task's step succeeds it is remembered in
 * `state.compensable` (completion order). When the run then fails, or reaches an
 * End with `compensate: true`, the run becomes `compensating`: what is still live
 * is cancelled, and the handlers of the remembered steps run one at a time in
 * reverse completion order (a step `<handlerId>#n` each, executed like any task,
 * with its own retry policy; its outgoing edges are not followed). When all have
 * run the run ends `compensated`, keeping the original error. A handler that fails
 * for good ends the run `failed` (`COMPENSATION_FAILED`), naming the handler; the
 * remaining handlers do not run.
 */
import { activate } from './activation';
import { emit, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { own } from './own';
import { cancelLive, endRun } from './release';
import type { EngineError, Json, LiveStep } from './types';

/** Remembers a completed step whose node has a compensation handler. */
export function rememberCompensable(d: Draft, step: Pick<LiveStep, 'id' | 'nodeId'>): void {
  const handlerId = own(d.def.nodes, step.nodeId)?.compensation;
  if (handlerId === undefined) return;
  (d.state.compensable ??= []).push({ stepId: step.id, nodeId: step.nodeId, handlerId });
}

/**
 * Starts compensating: cancels what is live, logs `run.compensating` (with the
 * failure, or null for a compensate end) and runs the last handler. With nothing
 * to compensate the run ends `compensated` at once.
 */
export function compensate(d: Draft, error: EngineError | null): void {
  cancelLive(d);
  d.state.forks = {};
  d.state.status = 'compensating';
  d.state.error = error;
  emit(d, { type: 'run.compensating', error });
  nextHandler(d);
}

/** Activates the handler of the most recently completed compensable step, or ends the run `compensated` when none is left. */
export function nextHandler(d: Draft): void {
  const entry = d.state.compensable?.pop();
  if (!entry) {
    emit(d, { type: 'run.compensated', error: d.state.error });
    endRun(d, 'compensated');
    return;
  }
  const handler = own(d.def.nodes, entry.handlerId);
  if (!handler) {
    failCompensation(d, null, { message: `Compensation handler "${entry.handlerId}" of step ${entry.stepId} is not in this version of the workflow` });
    return;
  }
  const stepId = activate(d, handler.id, own(d.def.nodes, entry.nodeId)?.compensationEdgeId ?? null);
  d.state.live[stepId] = { id: stepId, nodeId: handler.id, status: 'running', attempt: 1, forks: [], activatedAt: d.at, compensates: entry.stepId };
  emit(d, { type: 'compensation.started', forStepId: entry.stepId, handlerStepId: stepId, nodeId: handler.id });
  d.effects.push({ type: 'execute', stepId, nodeId: handler.id, attempt: 1 });
}

/** A handler step succeeded: logs `step.succeeded` (port null: a handler leads nowhere) and `compensation.completed`, then runs the next handler. */
export function handlerSucceeded(d: Draft, step: LiveStep, output: Json, input: Json, startedAt: number): void {
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, output, port: null, input, startedAt });
  delete d.state.live[step.id];
  emit(d, { type: 'compensation.completed', forStepId: step.compensates!, handlerStepId: step.id, nodeId: step.nodeId });
  nextHandler(d);
}

/**
 * A handler failed for good (after its retries): logs its `step.failed`, then the
 * run fails with `COMPENSATION_FAILED` naming the handler and the step it was
 * undoing; the original failure is quoted in the message.
 */
export function failCompensation(d: Draft, step: LiveStep | null, error: EngineError, input: Json = null, startedAt: number = d.at): void {
  const original = d.state.error;
  let runError: EngineError;
  if (step) {
    const full: EngineError = { ...error, nodeId: step.nodeId, stepId: step.id };
    emit(d, { type: 'step.failed', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, error: full, input, startedAt });
    delete d.state.live[step.id];
    const handler = own(d.def.nodes, step.nodeId);
    runError = {
      code: ENGINE_ERROR_CODES.COMPENSATION_FAILED,
      message: `Compensation handler ${handler ? nodeName(handler) : `"${step.nodeId}"`} (undoing step ${step.compensates}) failed: ${error.message}`,
      nodeId: step.nodeId,
      stepId: step.id,
    };
  } else {
    runError = { code: ENGINE_ERROR_CODES.COMPENSATION_FAILED, message: error.message };
  }
  if (original) runError.message += `; the run was being compensated after: ${original.message}`;
  cancelLive(d);
  emit(d, { type: 'run.failed', error: runError });
  d.state.error = runError;
  endRun(d, 'failed');
}
