/**
 * Child runs: the sub-workflow node (BPMN 2.0 §10.3.5 call activity) and the
 * for-each node (a multi-instance activity, §10.3.6, whose body is a published
 * workflow). The engine never starts runs itself: it emits `startChild` effects and
 * waits for `child.completed` events.
 *
 * - Sub-workflow: `step.child` → the step waits for one child run; the child's
 *   output becomes the step output (port `out`). A child that does not succeed
 *   (failed, cancelled, compensated) is the step's final failure (`CHILD_FAILED`):
 *   its `error` edge if drawn, else the run fails (or compensates).
 * - For-each: `step.map` → one child per item, with ids `<runId>.<stepId>.<index>`,
 *   at most `concurrency` at once, the next starting as one finishes; output
 *   `{ results }` in item order. The first child that does not succeed cancels the
 *   others and fails the step the same way.
 */
import { emit, type Draft } from './draft';
import { nodeName } from './describe';
import { ENGINE_ERROR_CODES } from './errors';
import { own } from './own';
import { finalFailure, runningStep, succeedStep } from './steps';
import type { ChildStatus, EngineError, EngineEvent, LiveStep, MapProgress } from './types';

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** Child run id of item `index` of a for-each step: `<runId>.<stepId>.<index>` (deterministic, so a replay asks for the same child). */
export function mapChildRunId(runId: string, stepId: string, index: number): string {
  return `${runId}.${stepId}.${index}`;
}

/** A sub-workflow executor asked for a child run: the step waits for it (`child.started`, `startChild`). */
export function onStepChild(d: Draft, e: EventOf<'step.child'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  step.status = 'waiting';
  step.childRunId = e.childRunId;
  step.startedAt = e.startedAt;
  step.input = e.input;
  emit(d, { type: 'child.started', stepId: step.id, nodeId: step.nodeId, childRunId: e.childRunId, workflowId: e.workflowId, version: e.version ?? null, index: null, input: e.input });
  d.effects.push({ type: 'startChild', stepId: step.id, nodeId: step.nodeId, childRunId: e.childRunId, workflowId: e.workflowId, ...(e.version !== undefined ? { version: e.version } : {}), input: e.input });
}

/** A for-each executor evaluated its items: starts the first `concurrency` children (items that are not an array fail the step, `NOT_AN_ARRAY`). */
export function onStepMap(d: Draft, e: EventOf<'step.map'>): void {
  const step = runningStep(d, e.stepId, e.attempt);
  if (!step) return;
  const input = e.input ?? null;
  if (!Array.isArray(e.items)) {
    const what = e.items === null ? 'null' : typeof e.items;
    finalFailure(d, step, { code: ENGINE_ERROR_CODES.NOT_AN_ARRAY, message: `For-each ${name(d, step)}: the items are ${what}, not an array` }, input, e.startedAt);
    return;
  }
  const concurrency = Number.isFinite(e.concurrency) ? Math.max(1, Math.floor(e.concurrency)) : 1;
  step.status = 'waiting';
  step.startedAt = e.startedAt;
  step.input = input;
  step.map = { workflowId: e.workflowId, concurrency, items: e.items, results: e.items.map(() => null), next: 0, done: 0, running: {} };
  if (e.version !== undefined) step.map.version = e.version;
  emit(d, { type: 'map.started', stepId: step.id, nodeId: step.nodeId, total: e.items.length, concurrency, input, startedAt: e.startedAt });
  if (e.items.length === 0) {
    delete step.map;
    succeedStep(d, step, { results: [] }, 'out', input, e.startedAt);
    return;
  }
  fill(d, step, step.map);
}

/** Starts children until `concurrency` run or every item has started. */
function fill(d: Draft, step: LiveStep, map: MapProgress): void {
  while (map.next < map.items.length && Object.keys(map.running).length < map.concurrency) {
    const index = map.next++;
    const childRunId = mapChildRunId(d.state.runId, step.id, index);
    map.running[childRunId] = index;
    // Each child gets `{ item, index }` (index from 0): run input is always an object.
    const input = { item: map.items[index]!, index };
    emit(d, { type: 'child.started', stepId: step.id, nodeId: step.nodeId, childRunId, workflowId: map.workflowId, version: map.version ?? null, index, input });
    d.effects.push({ type: 'startChild', stepId: step.id, nodeId: step.nodeId, childRunId, workflowId: map.workflowId, ...(map.version !== undefined ? { version: map.version } : {}), input, index });
  }
}

/** A child run ended. Ignored unless the step still waits for exactly that child. */
export function onChildCompleted(d: Draft, e: EventOf<'child.completed'>): void {
  const step = own(d.state.live, e.stepId);
  if (!step || step.status !== 'waiting') return;
  const startedAt = step.startedAt ?? step.activatedAt;
  const input = step.input ?? null;

  if (step.childRunId !== undefined && step.childRunId === e.childRunId) {
    emit(d, { type: 'child.completed', stepId: step.id, nodeId: step.nodeId, childRunId: e.childRunId, status: e.status, index: null });
    delete step.childRunId;
    if (e.status === 'succeeded') succeedStep(d, step, e.output, 'out', input, startedAt);
    else finalFailure(d, step, childError(`Sub-workflow ${name(d, step)}: child run ${e.childRunId}`, e.status, e.error), input, startedAt);
    return;
  }

  const map = step.map;
  const index = map ? own(map.running, e.childRunId) : undefined;
  if (!map || index === undefined) return;
  delete map.running[e.childRunId];
  emit(d, { type: 'child.completed', stepId: step.id, nodeId: step.nodeId, childRunId: e.childRunId, status: e.status, index });
  if (e.status !== 'succeeded') {
    // finalFailure releases the step, cancelling the children still running.
    const error = childError(`For-each ${name(d, step)}: item ${index + 1} of ${map.items.length} (child run ${e.childRunId})`, e.status, e.error);
    finalFailure(d, step, error, input, startedAt);
    return;
  }
  map.results[index] = e.output;
  if (e.outputBytes !== undefined) map.bytes = (map.bytes ?? 0) + e.outputBytes;
  map.done += 1;
  if (map.done === map.items.length) {
    const results = map.results;
    delete step.map;
    succeedStep(d, step, { results }, 'out', input, startedAt);
    return;
  }
  fill(d, step, map);
}

function childError(what: string, status: ChildStatus, error: EngineError | null): EngineError {
  const verb = status === 'failed' ? 'failed' : `was ${status}`;
  return { code: ENGINE_ERROR_CODES.CHILD_FAILED, message: `${what} ${verb}${error?.message ? `: ${error.message}` : ''}` };
}

function name(d: Draft, step: LiveStep): string {
  const node = own(d.def.nodes, step.nodeId);
  return node ? nodeName(node) : `"${step.nodeId}"`;
}
