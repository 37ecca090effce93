/**
 * Steps that run their executor in several rounds (the AI agent): each round ends with
 * `step.await`, which keeps the executor's durable memory on the live step, logs the
 * round (`step.progress`) and makes the step wait for any number of child runs and
 * inbox tasks at once. When the last of them is in (or there were none), the step's
 * executor is asked to run again — a new attempt number, so every round is its own
 * attempt record — with the results by key (`LiveStep.results`).
 *
 * Durability follows from the rest of the engine: a round's result is applied in the
 * same transaction that deletes its job, so a finished round is never executed again,
 * and an unfinished one is executed again from the same memory. Child runs and tasks
 * are ordinary durable rows. Stale deliveries (another attempt, a child or task no
 * longer awaited) are ignored.
 */
import { emit, type Draft } from './draft';
import { own } from './own';
import { runningStep } from './steps';
import type { EngineEvent, Json, LiveStep } from './types';

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** An executor finished a round: keep its memory, log it, start what it waits for (or run again at once). */
export function onStepAwait(d: Draft, e: EventOf<'step.await'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const children = e.children ?? [];
  const tasks = e.tasks ?? [];
  step.memory = e.memory;
  delete step.results;
  step.startedAt ??= e.startedAt;
  const waiting = children.length + tasks.length > 0;
  emit(d, { type: 'step.progress', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt, trace: e.trace ?? null, waiting, children: children.length, tasks: tasks.length });
  if (!waiting) {
    again(d, step);
    return;
  }
  step.status = 'waiting';
  step.awaiting = { children: {}, tasks: {}, results: {} };
  for (const c of children) {
    step.awaiting.children[c.childRunId] = c.key;
    emit(d, { type: 'child.started', stepId: step.id, nodeId: step.nodeId, childRunId: c.childRunId, workflowId: c.workflowId, version: c.version ?? null, index: null, input: c.input });
    d.effects.push({ type: 'startChild', stepId: step.id, nodeId: step.nodeId, childRunId: c.childRunId, workflowId: c.workflowId, ...(c.version !== undefined ? { version: c.version } : {}), input: c.input });
  }
  for (const t of tasks) {
    step.awaiting.tasks[t.taskId] = t.key;
    d.effects.push({ type: 'createTask', stepId: step.id, nodeId: step.nodeId, taskId: t.taskId, task: t.task });
  }
}

/** A child run ended: true when an awaiting step took it (its result recorded), false when it is not one of theirs. */
export function onAwaitedChild(d: Draft, e: EventOf<'child.completed'>): boolean {
  const step = own(d.state.live, e.stepId);
  const key = step?.awaiting ? own(step.awaiting.children, e.childRunId) : undefined;
  if (!step?.awaiting || key === undefined || step.status !== 'waiting') return false;
  delete step.awaiting.children[e.childRunId];
  emit(d, { type: 'child.completed', stepId: step.id, nodeId: step.nodeId, childRunId: e.childRunId, status: e.status, index: null });
  step.awaiting.results[key] = { kind: 'child', runId: e.childRunId, status: e.status, output: e.output, error: (e.error as unknown as Json) ?? null };
  resumeWhenDone(d, step);
  return true;
}

/** A person decided an awaited task: true when an awaiting step took it, false when the task is not one of theirs. */
export function onAwaitedTask(d: Draft, e: EventOf<'task.completed'>): boolean {
  const step = own(d.state.live, e.stepId);
  const key = step?.awaiting ? own(step.awaiting.tasks, e.taskId) : undefined;
  if (!step?.awaiting || key === undefined || step.status !== 'waiting') return false;
  delete step.awaiting.tasks[e.taskId];
  emit(d, { type: 'task.completed', stepId: step.id, nodeId: step.nodeId, taskId: e.taskId, outcome: e.outcome, data: e.data, by: e.by });
  d.effects.push({ type: 'closeTask', taskId: e.taskId, status: 'completed', outcome: e.outcome, data: e.data, by: e.by });
  step.awaiting.results[key] = { kind: 'task', outcome: e.outcome, data: e.data, by: e.by, at: e.at };
  resumeWhenDone(d, step);
  return true;
}

function resumeWhenDone(d: Draft, step: LiveStep): void {
  const a = step.awaiting!;
  if (Object.keys(a.children).length > 0 || Object.keys(a.tasks).length > 0) return;
  step.results = a.results;
  delete step.awaiting;
  step.status = 'running';
  again(d, step);
}

/** The next round: a new attempt, which also starts a fresh count for the retry policy. */
function again(d: Draft, step: LiveStep): void {
  step.attempt += 1;
  step.attemptBase = step.attempt;
  emit(d, { type: 'step.resumed', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt });
  d.effects.push({ type: 'execute', stepId: step.id, nodeId: step.nodeId, attempt: step.attempt });
}
