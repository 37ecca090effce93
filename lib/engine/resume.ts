/**
 * Retry from failure (`run.retry`): a `failed` run continues from the step(s) that
 * failed, on the same version or on a newer published one (nodes matched by id).
 * Steps that succeeded keep their outputs (they are in the log, not re-run).
 *
 * What makes it possible is the {@link ResumePoint} the engine records when a run
 * fails: the failed step and the executing steps the failure interrupted (each
 * with its fork stack), the joins that were waiting, and the open forks with their
 * arrivals. Each such step is activated again as a new step (`<nodeId>#<n+1>`),
 * each waiting join as a new join step holding its arrivals, so a retried branch
 * still completes its join.
 *
 * Only `failed` runs can be retried: a `compensated` run has already undone its
 * completed steps, so continuing it would build on effects that were reversed; a
 * run that failed while compensating, by a loop guard (`MAX_ITERATIONS`,
 * `IMMEDIATE_LOOP`) or was stopped by the runner (`run.fail`, a run quota) has no
 * resume point either.
 */
import { activate, activateExecuting } from './activation';
import { isExecuting, isJoin } from './behaviors';
import { emit, type Draft } from './draft';
import { own } from './own';
import { scheduleRunTimeout } from './timers';
import type { CompiledWorkflow, EngineEvent, RunState } from './types';

export type RetryCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether `state` can be retried on `def` (the same or a newer version), and if
 * not, why, in words for the person who asked. `transition` ignores a `run.retry`
 * this refuses, so callers check first to report the reason.
 */
export function canRetry(def: CompiledWorkflow, state: RunState): RetryCheck {
  if (state.status !== 'failed') {
    const why = state.status === 'compensated' ? ': its completed steps were compensated (undone), so it cannot continue' : '';
    return { ok: false, reason: `Only failed runs can be retried; this run is ${state.status}${why}` };
  }
  const resume = state.resume;
  if (!resume || resume.steps.length === 0) {
    const code = state.error?.code ? ` (${state.error.code})` : '';
    return { ok: false, reason: `This run's failure${code} has no step to retry from; start a new run instead` };
  }
  for (const s of resume.steps) {
    const node = own(def.nodes, s.nodeId);
    if (!node) return { ok: false, reason: `Node "${s.nodeId}" of failed step ${s.stepId} does not exist in this version of the workflow` };
    if (!isExecuting(node.behavior)) return { ok: false, reason: `Node "${s.nodeId}" of failed step ${s.stepId} is no longer a step that runs (it is a ${node.behavior})` };
  }
  for (const j of resume.joins) {
    const node = own(def.nodes, j.nodeId);
    if (!node || !isJoin(node.behavior)) return { ok: false, reason: `Join "${j.nodeId}" that step ${j.stepId} was waiting in is not a join in this version of the workflow` };
  }
  return { ok: true };
}

/**
 * Resumes a failed run (see the module comment): logs `run.retried`, re-creates
 * the waiting joins (a `step.activated` and a `join.arrived` with the arrivals so
 * far each), activates the failed and interrupted steps again, and schedules a
 * fresh run timeout when the workflow has one. Refused retries change nothing.
 */
export function onRetry(d: Draft, e: Extract<EngineEvent, { type: 'run.retry' }>): void {
  if (!canRetry(d.def, d.state).ok) return;
  const resume = d.state.resume!;
  delete d.state.resume;
  d.state.status = 'running';
  d.state.error = null;
  d.state.endedAt = null;
  d.state.forks = resume.forks;
  emit(d, { type: 'run.retried', by: e.by, fromVersion: e.fromVersion ?? null, toVersion: e.toVersion ?? e.fromVersion ?? null });
  for (const j of resume.joins) {
    for (const fork of Object.values(d.state.forks)) {
      const arrival = own(fork.arrived, j.nodeId);
      if (arrival?.stepId !== j.stepId) continue;
      const stepId = activate(d, j.nodeId, null);
      d.state.live[stepId] = { id: stepId, nodeId: j.nodeId, status: 'waiting', attempt: 1, forks: j.forks, activatedAt: d.at };
      arrival.stepId = stepId;
      emit(d, { type: 'join.arrived', stepId, nodeId: j.nodeId, forkId: fork.id, arrived: arrival.count, expected: fork.expected });
    }
  }
  for (const s of resume.steps) activateExecuting(d, s.nodeId, null, s.forks);
  scheduleRunTimeout(d);
}
