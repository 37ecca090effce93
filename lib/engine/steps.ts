/**
 * Executor results for a step: success (including gateways choosing ports),
 * failure (retry, error edge, or run failure), parking a user task, a person's
 * decision. Every handler first checks that the event matches the live step
 * (same step, same attempt, expected status); anything else is a stale or
 * duplicate delivery and is ignored.
 */
import { compensate, failCompensation, handlerSucceeded, rememberCompensable } from './compensation';
import { emit, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { failStep, isJoinNode } from './lifecycle';
import { own } from './own';
import { ERROR_PORT } from './ports';
import { releaseStep } from './release';
import { retryDelay, shouldRetry } from './retry';
import { addTimer, dueTimerId, dropTimer } from './timers';
import { edgesOf, leave, leaveForked } from './tokens';
import type { CompiledNode, EngineError, EngineEvent, Json, LiveStep, PendingTimer } from './types';

/** Port a step leaves through when its executor names none. */
export const DEFAULT_OUT_PORT = 'out';
/** Port an exclusive or inclusive gateway takes when no condition holds. */
const DEFAULT_BRANCH = 'default';

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** The live step an executor result is for, or undefined when the result is stale or a duplicate. */
export function runningStep(d: Draft, stepId: string, attempt: number): LiveStep | undefined {
  const step = own(d.state.live, stepId);
  return step && step.status === 'running' && step.attempt === attempt ? step : undefined;
}

/**
 * A step succeeded: logs `step.succeeded`, releases its timer and child runs,
 * remembers it for compensation when its node has a handler, and moves its token
 * through `port` (`ports` only annotates the record).
 */
export function succeedStep(d: Draft, step: LiveStep, output: Json, port: string, input: Json, startedAt: number): void {
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, output, port, input, startedAt });
  releaseStep(d, step);
  delete d.state.live[step.id];
  rememberCompensable(d, step);
  leave(d, step.id, step.nodeId, port, step.forks);
}

/**
 * A step failed for good (no retry left, or not retryable). A compensation
 * handler's failure fails the run (`COMPENSATION_FAILED`); a task with an `error`
 * edge logs `step.failed` with `handled: true` and its token leaves through `error`
 * (the error is then `$steps.<nodeId>.error` in expressions); otherwise the run
 * fails (or compensates) with the error naming the node and step.
 */
export function finalFailure(d: Draft, step: LiveStep, error: EngineError, input: Json, startedAt: number): void {
  releaseStep(d, step);
  if (step.compensates !== undefined) {
    failCompensation(d, step, error, input, startedAt);
    return;
  }
  const node = own(d.def.nodes, step.nodeId);
  if (node?.hasErrorEdge) {
    const full: EngineError = { ...error, nodeId: step.nodeId, stepId: step.id };
    emit(d, { type: 'step.failed', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, error: full, input, startedAt, handled: true });
    delete d.state.live[step.id];
    leave(d, step.id, step.nodeId, ERROR_PORT, step.forks);
    return;
  }
  failStep(d, step, error, input, startedAt);
}

/**
 * Executor succeeded: logs `step.succeeded`, merges `vars`, and moves the token
 * through `event.port ?? 'out'`. An exclusive gateway whose chosen port has no
 * edge fails instead (`NO_BRANCH`); an inclusive gateway sends one token per edge
 * of every chosen port (`event.ports`) as one fork; an end step's output becomes
 * the run output, and an end with `compensate: true` then compensates the run.
 */
export function onStepCompleted(d: Draft, e: EventOf<'step.completed'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const node = own(d.def.nodes, step.nodeId)!;
  const input = e.input ?? null;
  if (step.compensates !== undefined) {
    if (e.vars) Object.assign(d.state.vars, e.vars);
    handlerSucceeded(d, step, e.output, input, e.startedAt);
    return;
  }
  if (node.behavior === 'inclusive') {
    inclusiveCompleted(d, node, step, e, input);
    return;
  }
  const port = e.port ?? DEFAULT_OUT_PORT;
  if (node.behavior === 'exclusive' && edgesOf(d, node.id, port).length === 0) {
    failStep(d, step, noBranch(node, port), input, e.startedAt);
    return;
  }
  if (e.decision !== undefined) emit(d, { type: 'router.chose', stepId: step.id, nodeId: node.id, port, decision: e.decision });
  if (e.vars) Object.assign(d.state.vars, e.vars);
  if (node.behavior === 'end') d.state.output = e.output;
  if (node.compensateEnd) {
    emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: node.id, attempt: step.attempt, output: e.output, port, input, startedAt: e.startedAt });
    delete d.state.live[step.id];
    compensate(d, null);
    return;
  }
  succeedStep(d, step, e.output, port, input, e.startedAt);
}

/** Inclusive gateway (BPMN 2.0 §10.6.3): every chosen port's edges get a token, all in one fork that the inclusive join waits for. */
function inclusiveCompleted(d: Draft, node: CompiledNode, step: LiveStep, e: EventOf<'step.completed'>, input: Json): void {
  const chosen = e.ports && e.ports.length > 0 ? e.ports : [e.port ?? DEFAULT_BRANCH];
  const ports = [...new Set(chosen)];
  const missing = ports.find((p) => edgesOf(d, node.id, p).length === 0);
  if (missing !== undefined) {
    failStep(d, step, noBranch(node, missing), input, e.startedAt);
    return;
  }
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: node.id, attempt: step.attempt, output: e.output, port: ports[0]!, input, startedAt: e.startedAt, ports });
  if (e.vars) Object.assign(d.state.vars, e.vars);
  delete d.state.live[step.id];
  leaveForked(d, step.id, ports.flatMap((p) => edgesOf(d, node.id, p)), step.forks);
}

/**
 * `NO_BRANCH` for a node that chose a port without an edge. The message names the
 * node's kind by its type's label (`Exclusive gateway`, `Switch`, `Inclusive gateway`),
 * not by its behaviour: several node types share the exclusive behaviour.
 */
function noBranch(node: CompiledNode, port: string): EngineError {
  const kind = node.typeLabel;
  const message =
    port === DEFAULT_BRANCH
      ? `${kind} ${nodeName(node)}: no condition held and no default branch is connected`
      : `${kind} ${nodeName(node)}: branch "${port}" has no outgoing edge`;
  return { code: ENGINE_ERROR_CODES.NO_BRANCH, message };
}

/**
 * Executor failed. With a retry policy, a retryable error and attempts left: logs
 * `step.retrying` and asks for the next attempt at `dueAt` (`execute` with
 * `dueAt`); the step stays `running`. Otherwise it is the step's final failure.
 */
export function onStepFailed(d: Draft, e: EventOf<'step.failed'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const policy = own(d.def.nodes, step.nodeId)?.retry;
  // A step working in rounds (`awaits.ts`) counts each round's attempts from its first.
  const n = step.attempt - (step.attemptBase ?? 1) + 1;
  if (shouldRetry(policy, e.error, n)) {
    const delayMs = retryDelay(policy, n, e.random, e.error.retryAfterMs);
    const dueAt = d.at + delayMs;
    const error: EngineError = { ...e.error, nodeId: step.nodeId, stepId: step.id };
    const nextAttempt = step.attempt + 1;
    emit(d, { type: 'step.retrying', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, nextAttempt, maxAttempts: policy.maxAttempts + (step.attemptBase ?? 1) - 1, error, delayMs, dueAt });
    step.attempt = nextAttempt;
    step.lastError = error;
    d.effects.push({ type: 'execute', stepId: step.id, nodeId: step.nodeId, attempt: nextAttempt, dueAt });
    return;
  }
  finalFailure(d, step, e.error, e.input ?? null, e.startedAt);
}

/**
 * A user task's executor rendered the task: the step waits for a person; the inbox
 * row is created. With `dueAt`, a due-date timer `<stepId>:due` is scheduled too
 * (with `reassignTo` unless it is interrupting).
 */
export function onStepParked(d: Draft, e: EventOf<'step.parked'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  step.status = 'waiting';
  step.taskId = e.taskId;
  step.startedAt = e.startedAt;
  emit(d, { type: 'step.waiting', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, taskId: e.taskId, input: e.input ?? null, startedAt: e.startedAt });
  d.effects.push({ type: 'createTask', stepId: step.id, nodeId: step.nodeId, taskId: e.taskId, task: e.task });
  if (typeof e.dueAt === 'number' && Number.isFinite(e.dueAt)) {
    step.timerId = dueTimerId(step.id);
    const timer: PendingTimer = { id: step.timerId, kind: 'due', dueAt: e.dueAt, stepId: step.id, escalation: e.escalation ?? 'interrupting' };
    if (e.reassignTo && timer.escalation !== 'interrupting') timer.reassignTo = e.reassignTo;
    addTimer(d, timer, { nodeId: step.nodeId });
  }
}

/**
 * A person decided: output `{ outcome, data, completedBy, completedAt (ISO-8601) }`,
 * the inbox row is closed, a due-date timer is cancelled, and the token leaves
 * through the port named by the outcome.
 */
export function onTaskCompleted(d: Draft, e: EventOf<'task.completed'>): void {
  const step = own(d.state.live, e.stepId);
  if (!step || step.status !== 'waiting' || step.taskId === undefined || step.taskId !== e.taskId) return;
  const output: Json = { outcome: e.outcome, data: e.data, completedBy: e.by, completedAt: new Date(e.at).toISOString() };
  emit(d, { type: 'task.completed', stepId: step.id, nodeId: step.nodeId, taskId: e.taskId, outcome: e.outcome, data: e.data, by: e.by });
  emit(d, { type: 'step.succeeded', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, output, port: e.outcome, input: null, startedAt: step.startedAt ?? step.activatedAt });
  d.effects.push({ type: 'closeTask', taskId: e.taskId, status: 'completed', outcome: e.outcome, data: e.data, by: e.by });
  if (step.timerId !== undefined) dropTimer(d, step.timerId);
  delete d.state.live[step.id];
  leave(d, step.id, step.nodeId, e.outcome, step.forks);
}

/**
 * The runner refused the step's result (`step.rejected`, e.g. `OUTPUT_TOO_LARGE`): the
 * step's final failure, whatever it was doing (running, or waiting for child runs or a
 * person — those are cancelled, its task closed). Not retried.
 */
export function onStepRejected(d: Draft, e: EventOf<'step.rejected'>): void {
  const step = own(d.state.live, e.stepId);
  if (!step || (e.attempt !== undefined && step.attempt !== e.attempt) || isJoinNode(d, step.nodeId)) return;
  if (step.taskId !== undefined) d.effects.push({ type: 'closeTask', taskId: step.taskId, status: 'cancelled' });
  finalFailure(d, step, { ...e.error, retryable: false }, e.input ?? step.input ?? null, e.startedAt ?? step.startedAt ?? step.activatedAt);
}
