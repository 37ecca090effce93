/**
 * How a run fails (or, with compensation handlers, compensates instead), and the
 * settle step that runs after every event to derive the run status from its live
 * steps (and to detect a stuck join or a finished run). Cancelling live steps and
 * closing the run's books are in `release.ts`.
 */
import { isExecuting, isJoin } from './behaviors';
import { compensate } from './compensation';
import { emit, isActive, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { own } from './own';
import { cancelLive, endRun } from './release';
import type { EngineError, Json, LiveStep, ResumePoint } from './types';

/** True when `nodeId` is a parallel or inclusive join (its waiting step waits for branches, not for the world). */
export function isJoinNode(d: Draft, nodeId: string): boolean {
  return isJoin(own(d.def.nodes, nodeId)?.behavior);
}

/** Options of {@link failRun}. */
export interface FailRunOptions {
  /** The step whose failure fails the run (already removed from `live`). */
  failed?: { stepId: string; nodeId: string; forks: string[] };
  /** False for failures that retrying from the failure cannot fix (loops); default true. */
  resumable?: boolean;
}

/**
 * The run failed with `error`. When a completed step has a compensation handler,
 * the run compensates instead (status `compensating`, see `compensation.ts`).
 * Otherwise: cancels what is still live, logs `run.failed`, records the error and,
 * when the failure can be retried (`run.retry`), the {@link ResumePoint}.
 */
export function failRun(d: Draft, error: EngineError, opts: FailRunOptions = {}): void {
  if (d.state.status === 'running' || d.state.status === 'waiting') {
    if (d.state.compensable?.length) {
      compensate(d, error);
      return;
    }
  }
  const resume = opts.resumable === false || d.state.status === 'compensating' ? undefined : resumePoint(d, opts.failed);
  cancelLive(d);
  emit(d, { type: 'run.failed', error });
  d.state.error = error;
  endRun(d, 'failed');
  if (resume && resume.steps.length > 0) d.state.resume = resume;
}

/** The steps a retry would activate again: the failed one and every executing step the failure interrupts, plus waiting joins and open forks. */
function resumePoint(d: Draft, failed: FailRunOptions['failed']): ResumePoint {
  const executing = (nodeId: string) => isExecuting(own(d.def.nodes, nodeId)?.behavior);
  const point: ResumePoint = { steps: [], joins: [], forks: d.state.forks };
  if (failed && executing(failed.nodeId)) point.steps.push(failed);
  for (const step of Object.values(d.state.live)) {
    if (step.compensates !== undefined) continue;
    if (isJoinNode(d, step.nodeId)) point.joins.push({ stepId: step.id, nodeId: step.nodeId, forks: step.forks, activatedAt: step.activatedAt });
    else if (executing(step.nodeId)) point.steps.push({ stepId: step.id, nodeId: step.nodeId, forks: step.forks });
  }
  return point;
}

/**
 * Fails one step (logs `step.failed`, removes it from live) and with it the run.
 * The run error is `error` with the step's `nodeId` and `stepId` filled in.
 */
export function failStep(
  d: Draft,
  step: Pick<LiveStep, 'id' | 'nodeId' | 'attempt'> & { forks?: string[] },
  error: EngineError,
  input: Json,
  startedAt: number,
): void {
  const full: EngineError = { ...error, nodeId: step.nodeId, stepId: step.id };
  emit(d, { type: 'step.failed', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, error: full, input, startedAt });
  delete d.state.live[step.id];
  failRun(d, full, { failed: { stepId: step.id, nodeId: step.nodeId, forks: step.forks ?? [] } });
}

/** Per live-steps object (states edited in place keep theirs): the id of a step last seen running. Not part of the state. */
const runningHint = new WeakMap<Record<string, LiveStep>, string>();

/**
 * Derives the run status after an event (no-op unless the run is running or waiting):
 * - any live step running → `running`;
 * - else a step waiting for the world (a person's decision, a timer, a child run) →
 *   `waiting` (joins waiting for branches do not make a run `waiting`, but do not stop it either);
 * - else only joins are left waiting: their missing branches can never arrive, so
 *   the first such join fails the run (`JOIN_STUCK`);
 * - else nothing is live: the run succeeded (`run.succeeded` with `state.output`);
 *   a pending run timeout is cancelled.
 */
export function settle(d: Draft): void {
  const s = d.state;
  if (!isActive(s.status)) return;
  // Called after every event, with up to thousands of live steps (a wide split): first
  // ask the step found running last time, and scan only when it has moved on.
  const hint = runningHint.get(s.live);
  if (hint !== undefined && s.live[hint]?.status === 'running') {
    s.status = 'running';
    return;
  }
  // The scan remembers the most recently activated running step: steps tend to finish
  // in activation order, so that one stays running longest.
  let lastRunning: string | undefined;
  let waitsForWorld = false;
  let firstJoin: LiveStep | undefined;
  for (const id in s.live) {
    const l = s.live[id];
    if (l.status === 'running') lastRunning = id;
    if (waitsForWorld || lastRunning !== undefined) continue;
    if (!isJoinNode(d, l.nodeId)) waitsForWorld = true;
    else firstJoin ??= l;
  }
  if (lastRunning !== undefined) {
    runningHint.set(s.live, lastRunning);
    s.status = 'running';
    return;
  }
  if (waitsForWorld) {
    s.status = 'waiting';
    return;
  }
  if (firstJoin) {
    failStep(d, firstJoin, stuckJoinError(d, firstJoin), null, firstJoin.activatedAt);
    return;
  }
  emit(d, { type: 'run.succeeded', output: s.output });
  endRun(d, 'succeeded');
}

function stuckJoinError(d: Draft, join: LiveStep): EngineError {
  const node = own(d.def.nodes, join.nodeId);
  const name = node ? nodeName(node) : `"${join.nodeId}"`;
  const [kind, split] = node?.behavior === 'inclusiveJoin' ? ['Inclusive join', 'gateway'] : ['Parallel join', 'split'];
  for (const fork of Object.values(d.state.forks)) {
    const arrival = own(fork.arrived, join.nodeId);
    if (arrival?.stepId !== join.id) continue;
    return {
      code: ENGINE_ERROR_CODES.JOIN_STUCK,
      message:
        `${kind} ${name} waits for ${fork.expected} branches of its ${split} (${fork.splitStepId}) but only ${arrival.count} arrived, ` +
        `and nothing else is left to run: the other branches ended elsewhere`,
    };
  }
  return { code: ENGINE_ERROR_CODES.JOIN_STUCK, message: `${kind} ${name} waits for branches that can no longer arrive` };
}
