/**
 * What a step or a run lets go of when it ends, without deciding why it ends: a
 * step's timer and child runs, every live step of a cancelled or failed run, and the
 * run's timers, forks and compensation list once its final status is set. The
 * decisions (fail, compensate, succeed) call these from `lifecycle.ts`,
 * `compensation.ts` and `steps.ts`.
 */
import { emit, type Draft } from './draft';
import { dropAllTimers, dropTimer } from './timers';
import type { LiveStep, RunStatus } from './types';

/**
 * Releases what a live step holds outside the engine: its pending timer
 * (`cancelTimer`), the child runs it waits for (`cancelChild`) and the inbox tasks of a
 * step working in rounds (`closeTask`, cancelled). Does not remove
 * the step from `live`.
 */
export function releaseStep(d: Draft, step: LiveStep): void {
  if (step.timerId !== undefined) dropTimer(d, step.timerId);
  if (step.childRunId !== undefined) d.effects.push({ type: 'cancelChild', childRunId: step.childRunId });
  for (const childRunId of Object.keys(step.map?.running ?? {})) d.effects.push({ type: 'cancelChild', childRunId });
  if (step.awaiting) {
    for (const childRunId of Object.keys(step.awaiting.children)) d.effects.push({ type: 'cancelChild', childRunId });
    for (const taskId of Object.keys(step.awaiting.tasks)) d.effects.push({ type: 'closeTask', taskId, status: 'cancelled' });
  }
}

/**
 * Cancels every live step, in activation order: logs `step.cancelled` for each,
 * emits one `cancelJobs` for the running ones (their jobs must not run), a
 * `closeTask` (status `cancelled`) for each parked user task, `cancelTimer` for
 * their timers and `cancelChild` for awaited child runs. Waiting joins just end.
 */
export function cancelLive(d: Draft): void {
  const running: string[] = [];
  for (const step of Object.values(d.state.live)) {
    emit(d, { type: 'step.cancelled', stepId: step.id, nodeId: step.nodeId });
    if (step.status === 'running') running.push(step.id);
    else if (step.taskId) d.effects.push({ type: 'closeTask', taskId: step.taskId, status: 'cancelled' });
    releaseStep(d, step);
  }
  if (running.length) d.effects.push({ type: 'cancelJobs', stepIds: running });
  d.state.live = {};
}

/**
 * Ends the run with `status`: records the end time, drops forks, pending timers
 * (`cancelTimer`) and the list of compensable steps. Live steps must be gone already.
 */
export function endRun(d: Draft, status: Extract<RunStatus, 'succeeded' | 'failed' | 'cancelled' | 'compensated'>): void {
  dropAllTimers(d);
  d.state.status = status;
  d.state.forks = {};
  d.state.endedAt = d.at;
  delete d.state.compensable;
}
