/**
 * Durable timers (BPMN 2.0 §10.5.1 timer events). A timer is data: the engine keeps
 * the pending ones in `state.timers` and asks the runner to store them (`schedule`
 * effect) or drop them (`cancelTimer`); the runner sends `timer.fired` when one is
 * due. A `timer.fired` for a timer the state no longer holds (cancelled, already
 * fired, a duplicate delivery) is ignored.
 *
 * Kinds: `wait` (a wait node: the step waits until due, then leaves through `out`
 * with output `{ firedAt }`), `due` (a user task's due date: interrupting → the task
 * is closed and the step leaves through `escalate`; non-interrupting → a token
 * leaves through `remind` while the task stays open; reassign → the open task is
 * handed to another group; non-interrupting may reassign too), `runTimeout` (the
 * run's time limit: the run fails with `RUN_TIMEOUT`).
 *
 * This module keeps the bookkeeping (adding, dropping, ids and ports); what happens
 * when a timer fires is in `timer-events.ts`.
 */
import { emit, type Draft } from './draft';
import { own } from './own';
import type { Json, PendingTimer } from './types';

/** Timer id of the run's time limit. */
export const RUN_TIMEOUT_TIMER = 'run-timeout';
/** Port a user task leaves through when its interrupting due-date timer fires. */
export const ESCALATE_PORT = 'escalate';
/** Port a reminder token leaves a user task through when its non-interrupting due-date timer fires. */
export const REMIND_PORT = 'remind';

/** Timer id of a user task step's due date: `<stepId>:due`. */
export function dueTimerId(stepId: string): string {
  return `${stepId}:due`;
}

/** Adds a pending timer: state, `schedule` effect and `timer.scheduled` record (`input`/`startedAt`: a wait step's attempt). */
export function addTimer(d: Draft, timer: PendingTimer, extra: { nodeId?: string; input?: Json; startedAt?: number } = {}): void {
  (d.state.timers ??= {})[timer.id] = timer;
  d.effects.push(timer.stepId === undefined ? { type: 'schedule', timerId: timer.id, dueAt: timer.dueAt } : { type: 'schedule', timerId: timer.id, dueAt: timer.dueAt, stepId: timer.stepId });
  emit(d, {
    type: 'timer.scheduled',
    timerId: timer.id,
    kind: timer.kind,
    stepId: timer.stepId ?? null,
    nodeId: extra.nodeId ?? null,
    dueAt: timer.dueAt,
    ...(extra.input !== undefined ? { input: extra.input } : {}),
    ...(extra.startedAt !== undefined ? { startedAt: extra.startedAt } : {}),
  });
}

/** Cancels one pending timer (`cancelTimer`), if the state still holds it. */
export function dropTimer(d: Draft, timerId: string): void {
  const timers = d.state.timers;
  if (!timers || !own(timers, timerId)) return;
  delete timers[timerId];
  d.effects.push({ type: 'cancelTimer', timerId });
  if (Object.keys(timers).length === 0) delete d.state.timers;
}

/** Cancels every pending timer (the run ended). */
export function dropAllTimers(d: Draft): void {
  for (const id of Object.keys(d.state.timers ?? {})) d.effects.push({ type: 'cancelTimer', timerId: id });
  delete d.state.timers;
}

/** Schedules the run's time limit when the workflow has `settings.runTimeoutMs`. */
export function scheduleRunTimeout(d: Draft): void {
  if (d.def.runTimeoutMs === undefined) return;
  addTimer(d, { id: RUN_TIMEOUT_TIMER, kind: 'runTimeout', dueAt: d.at + d.def.runTimeoutMs });
}
