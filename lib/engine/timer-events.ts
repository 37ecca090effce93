/**
 * The timer events (BPMN 2.0 §10.5.1): a wait step's executor reporting its due time
 * (`step.scheduled`) and a pending timer coming due (`timer.fired`). The kinds of
 * timer and their bookkeeping are described in `timers.ts`.
 */
import { emit, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { failRun } from './lifecycle';
import { own } from './own';
import { finalFailure, runningStep, succeedStep } from './steps';
import { addTimer, ESCALATE_PORT, REMIND_PORT } from './timers';
import { leave } from './tokens';
import type { EngineEvent } from './types';

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** A wait node's executor computed its due time: the step waits for the timer. A due time that is not a finite number fails the step (`BAD_TIMER`). */
export function onStepScheduled(d: Draft, e: EventOf<'step.scheduled'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const input = e.input ?? null;
  if (typeof e.dueAt !== 'number' || !Number.isFinite(e.dueAt)) {
    const node = own(d.def.nodes, step.nodeId);
    const message = `Wait ${node ? nodeName(node) : step.nodeId}: the due time is not a valid time (${String(e.dueAt)})`;
    finalFailure(d, step, { code: ENGINE_ERROR_CODES.BAD_TIMER, message }, input, e.startedAt);
    return;
  }
  step.status = 'waiting';
  step.timerId = e.timerId;
  step.startedAt = e.startedAt;
  step.input = input;
  addTimer(d, { id: e.timerId, kind: 'wait', dueAt: e.dueAt, stepId: step.id }, { nodeId: step.nodeId, input, startedAt: e.startedAt });
}

/** A timer is due (see the kinds above). Ignored unless the state still holds the timer (and, when given, for that step). */
export function onTimerFired(d: Draft, e: EventOf<'timer.fired'>): void {
  const timer = own(d.state.timers ?? {}, e.timerId);
  if (!timer || (e.stepId !== undefined && e.stepId !== timer.stepId)) return;
  delete d.state.timers![timer.id];
  if (Object.keys(d.state.timers!).length === 0) delete d.state.timers;
  emit(d, { type: 'timer.fired', timerId: timer.id, kind: timer.kind, stepId: timer.stepId ?? null });
  const firedAt = new Date(d.at).toISOString();

  if (timer.kind === 'runTimeout') {
    const limit = d.def.runTimeoutMs;
    failRun(d, { code: ENGINE_ERROR_CODES.RUN_TIMEOUT, message: `The run took longer than its time limit${limit === undefined ? '' : ` of ${limit} ms`} (settings.runTimeoutMs)` });
    return;
  }
  const step = timer.stepId === undefined ? undefined : own(d.state.live, timer.stepId);
  if (!step || step.timerId !== timer.id) return;
  delete step.timerId;
  if (timer.kind === 'wait') {
    succeedStep(d, step, { firedAt }, 'out', step.input ?? null, step.startedAt ?? step.activatedAt);
    return;
  }
  if (step.taskId === undefined) return;
  const mode = timer.escalation ?? 'interrupting';
  const interrupting = mode === 'interrupting';
  // An interrupting timer closes the task: handing it to a group would be meaningless.
  const reassignTo = !interrupting && timer.reassignTo ? timer.reassignTo : undefined;
  emit(d, { type: 'task.escalated', stepId: step.id, nodeId: step.nodeId, taskId: step.taskId, interrupting, mode, ...(reassignTo ? { reassignedTo: reassignTo } : {}) });
  d.effects.push({ type: 'escalateTask', taskId: step.taskId, stepId: step.id, mode, ...(reassignTo ? { reassignTo } : {}) });
  if (mode === 'reassign') return;
  if (interrupting) {
    d.effects.push({ type: 'closeTask', taskId: step.taskId, status: 'cancelled', reason: 'escalated' });
    succeedStep(d, step, { escalated: true, firedAt, taskId: step.taskId }, ESCALATE_PORT, null, step.startedAt ?? step.activatedAt);
  } else {
    // A reminder path runs beside the open task. Its token belongs to no fork, so it
    // cannot complete a join by mistake: it should end at an End node.
    leave(d, step.id, step.nodeId, REMIND_PORT, []);
  }
}
