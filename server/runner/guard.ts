/**
 * The step data limit, applied by the runner to every event before the engine records
 * it (`batch.ts` calls {@link limitEvent} for each event it applies: executor results
 * of inline and job steps, child-run results, a person's decision). Whatever would store
 * a step's input or output passes here, so one check covers every node type.
 *
 * - An executor's input or output (HTTP response, Code result, AI answer, Transform
 *   mapping, a user task's rendered task, a sub-workflow's or for-each's input/items),
 *   a sub-workflow's result, or a for-each's collected results over the limit: the event
 *   becomes `step.rejected` with `OUTPUT_TOO_LARGE` — the step's final failure (not
 *   retried; its error edge if drawn, else the run fails).
 * - A failed attempt keeps its own error (and its retries): an oversized input or
 *   failure details are stored as `{ omitted: true, size, limit }`, an oversized
 *   message is cut to the limit.
 * - A person's decision whose data is over the limit is refused (`AppError('invalid')`,
 *   issue path `data`); the task stays open.
 * - A completed step whose variables (`assignTo`) would take the run's `$vars` past
 *   `runVarsBytes` in total becomes `step.rejected` with `OUTPUT_TOO_LARGE` too.
 */
import 'server-only';
import type { AttemptRecord } from '../storage/ports/run-store';
import type { CompiledWorkflow, EngineError, EngineEvent, Json, RunState } from '@/lib/engine/types';
import { nodeName } from '@/lib/engine/describe';
import { AppError } from '../errors';
import { exactJsonSize, fitsJson, fmt, jsonSize, OUTPUT_TOO_LARGE, RUN_LIMIT_ENV, varsSizeAfter, type RunLimits } from './limits';

/** An event as it may be applied, and the attempt record to store with it (if any). */
export interface Limited {
  event: EngineEvent;
  attempt?: AttemptRecord;
}

type Rejectable = Extract<EngineEvent, { type: 'step.completed' | 'step.parked' | 'step.scheduled' | 'step.child' | 'step.map' | 'child.completed' | 'step.await' }>;

/**
 * Applies the step data limit (`limits.stepDataBytes`, characters of JSON) and the
 * run's variables limit (`limits.runVarsBytes`: a step's `vars` merged into the run's
 * must fit, else `OUTPUT_TOO_LARGE`) to `event` (see the module comment). `state`: the run's state the event is about to be applied to (read only).
 * Returns null when the event (and attempt) may be applied unchanged — the common case,
 * which costs a type switch and cached size look-ups and allocates nothing.
 * @throws AppError('invalid') for a `task.completed` whose data is over the limit.
 */
export function limitEvent(def: CompiledWorkflow, state: RunState, event: EngineEvent, limits: Pick<RunLimits, 'stepDataBytes' | 'runVarsBytes'>, attempt?: AttemptRecord): Limited | null {
  const e = event;
  const limit = limits.stepDataBytes;
  let parts: [string, unknown][];
  switch (e.type) {
    case 'step.completed':
      if (e.vars) {
        const total = varsSizeAfter(state.vars ?? {}, e.vars);
        if (total > limits.runVarsBytes) {
          const names = Object.keys(e.vars).map((k) => `$vars.${k}`).join(', ');
          const problem = `storing ${names} would make the run's variables ${fmt(total)} characters of JSON, over the limit of ${fmt(limits.runVarsBytes)} (${RUN_LIMIT_ENV.runVarsBytes})`;
          return rejectWith(def, state, e, problem, limit, attempt);
        }
      }
      if (fitsJson(e.output, limit) && fitsJson(e.input, limit)) return null;
      parts = [['output', e.output], ['input', e.input]];
      break;
    case 'step.failed':
      return shrinkFailure(e, limit, attempt);
    case 'step.parked':
      if (fitsJson(e.input, limit) && fitsJson(e.task, limit)) return null;
      parts = [['input', e.input], ['task (title, form, context)', e.task]];
      break;
    case 'step.scheduled':
    case 'step.child':
      if (fitsJson(e.input, limit)) return null;
      parts = [['input', e.input]];
      break;
    case 'step.await':
      // A round's memory (the agent's conversation), trace and what it hands its children and tasks.
      if (fitsJson(e.memory, limit) && fitsJson(e.trace, limit) && fitsJson(e.children ?? null, limit) && fitsJson(e.tasks ?? null, limit)) return null;
      parts = [['memory (conversation)', e.memory], ['trace', e.trace], ['tool calls', e.children ?? null], ['approval tasks', e.tasks ?? null]];
      break;
    case 'step.map':
      if (fitsJson(e.items, limit) && fitsJson(e.input, limit)) return null;
      parts = [['items', e.items], ['input', e.input]];
      break;
    case 'child.completed': {
      const step = state.live[e.stepId];
      if (e.status !== 'succeeded' || !step || step.status !== 'waiting') return null;
      if (step.awaiting && Object.prototype.hasOwnProperty.call(step.awaiting.children, e.childRunId)) {
        if (fitsJson(e.output, limit)) return null;
        parts = [['output (a tool run\'s result)', e.output]];
        break;
      }
      if (step.childRunId === e.childRunId) {
        if (fitsJson(e.output, limit)) return null;
        parts = [['output (the sub-workflow result)', e.output]];
        break;
      }
      const map = step.map;
      if (!map || !Object.prototype.hasOwnProperty.call(map.running, e.childRunId)) return null;
      const n = jsonSize(e.output);
      // The results collected so far plus this one (a comma each, `{"results":[…]}`): the step's output to be.
      const total = (map.bytes ?? 0) + n + map.done + 14;
      if (total <= limit) return { event: { ...e, outputBytes: n }, attempt };
      return reject(def, state, e, `output (the results of ${map.done + 1} of ${map.items.length} items so far)`, total, limit, attempt);
    }
    case 'task.completed': {
      const n = jsonSize(e.data);
      if (n <= limit) return null;
      const message = `the decision's data is ${fmt(n)} characters of JSON, over the limit of ${fmt(limit)} (${RUN_LIMIT_ENV.stepDataBytes})`;
      throw new AppError('invalid', message, [{ path: ['data'], message, code: OUTPUT_TOO_LARGE }]);
    }
    default:
      return null;
  }
  const [what, v] = parts.find(([, x]) => !fitsJson(x, limit))!;
  return reject(def, state, e, what, exactJsonSize(v), limit, attempt);
}

/** The `step.rejected` event (and failed attempt) replacing an event whose data is over the limit. */
function reject(def: CompiledWorkflow, state: RunState, e: Rejectable, what: string, size: number, limit: number, attempt?: AttemptRecord): Limited {
  return rejectWith(def, state, e, `the step's ${what} is ${fmt(size)} characters of JSON, over the limit of ${fmt(limit)} (${RUN_LIMIT_ENV.stepDataBytes})`, limit, attempt);
}

/** The `step.rejected` event (and failed attempt) for `e`, with `problem` after the node's name in the message. */
function rejectWith(def: CompiledWorkflow, state: RunState, e: Rejectable, problem: string, limit: number, attempt?: AttemptRecord): Limited {
  const nodeId = state.live[e.stepId]?.nodeId ?? attempt?.stepId.split('#')[0] ?? '';
  const node = def.nodes[nodeId];
  const error: EngineError = {
    code: OUTPUT_TOO_LARGE,
    message: `${node ? nodeName(node) : `"${nodeId}"`}: ${problem}`,
    nodeId,
    stepId: e.stepId,
    retryable: false,
  };
  const input = 'input' in e && fitsJson(e.input, limit) ? (e.input as Json | undefined) : undefined;
  const startedAt = 'startedAt' in e ? e.startedAt : undefined;
  const attemptNo = 'attempt' in e ? e.attempt : undefined;
  return {
    event: { type: 'step.rejected', stepId: e.stepId, attempt: attemptNo, error, input, startedAt, at: e.at },
    attempt: attempt && { ...attempt, status: 'failed', input, output: undefined, error },
  };
}

/** A failed attempt keeps its error; its oversized input, details or message are replaced or cut. */
function shrinkFailure(e: Extract<EngineEvent, { type: 'step.failed' }>, limit: number, attempt?: AttemptRecord): Limited | null {
  const inputFits = fitsJson(e.input, limit);
  const detailsFit = fitsJson(attempt?.output, limit);
  const long = e.error.message.length > limit;
  if (inputFits && detailsFit && !long) return null;
  const omitted = (v: unknown): Json => ({ omitted: true, size: exactJsonSize(v), limit });
  const input = inputFits ? e.input : omitted(e.input);
  const error: EngineError = long ? { ...e.error, message: `${e.error.message.slice(0, Math.max(0, limit - 1))}…` } : e.error;
  return {
    event: { ...e, input, error },
    attempt: attempt && { ...attempt, input, output: detailsFit ? attempt.output : omitted(attempt.output), error: attempt.error && { ...attempt.error, message: error.message } },
  };
}
