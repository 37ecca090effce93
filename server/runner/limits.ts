/**
 * Memory bounds of runs, enforced by the runner (see `guard.ts` and `batch.ts`):
 *
 * - every step's input and output (and a user task's rendered task, a for-each step's
 *   items and its collected results) is at most `stepDataBytes` of JSON before it is
 *   stored; more fails the step with `OUTPUT_TOO_LARGE`, naming the node;
 * - each run activates at most `runSteps` steps and stores at most `runBytes` (its log
 *   records, step and attempt rows); more fails the run with `RUN_QUOTA`, naming the quota.
 *   A child run's usage is added to its parent's when it ends (`addChildUsage`), so the
 *   quotas hold for a whole tree of runs; a running child is bounded by its own quotas;
 * - a run's variables (`$vars`, kept in its state and so rewritten with every commit)
 *   hold at most `runVarsBytes` of JSON in total; a step whose variables would take them
 *   past it fails with `OUTPUT_TOO_LARGE`, naming the node.
 *
 * Sizes are lengths of JSON text in characters (UTF-16 code units: bytes for ASCII; a
 * non-ASCII character counts once although SQLite stores it in 2–3 bytes).
 */
import 'server-only';
import type { AttemptRecord } from '../storage/ports/run-store';
import type { CompiledWorkflow, EngineError, Json, RunLogRecord, RunUsage } from '@/lib/engine/types';
import { nodeName } from '@/lib/engine/describe';

/** Error code of a step whose input or output is over {@link RunLimits.stepDataBytes}. */
export const OUTPUT_TOO_LARGE = 'OUTPUT_TOO_LARGE';
/** Error code of a run stopped by one of its quotas ({@link RunLimits.runSteps}, {@link RunLimits.runBytes}). */
export const RUN_QUOTA = 'RUN_QUOTA';

/** The runner's limits; every value > 0. */
export interface RunLimits {
  /** Largest JSON of one step's input or output, characters. `BATON_STEP_DATA_MAX_BYTES`, default 4 MiB. */
  stepDataBytes: number;
  /** Most steps one run may activate. `BATON_RUN_MAX_STEPS`, default 10,000. */
  runSteps: number;
  /** Most bytes one run may store (log records, step and attempt rows; approximate). `BATON_RUN_MAX_BYTES`, default 256 MiB. */
  runBytes: number;
  /** Largest JSON of all of one run's variables (`$vars`) together, characters. `BATON_RUN_VARS_MAX_BYTES`, default 8 MiB (twice the step data limit's default). */
  runVarsBytes: number;
  /** Deepest nesting of child runs (sub-workflow, for-each item) under a root run. `BATON_RUN_MAX_DEPTH`, default 10. */
  runDepth: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = { stepDataBytes: 4 * 1024 * 1024, runSteps: 10_000, runBytes: 256 * 1024 * 1024, runVarsBytes: 8 * 1024 * 1024, runDepth: 10 };

/** The environment variable of each limit. */
export const RUN_LIMIT_ENV: Readonly<Record<keyof RunLimits, string>> = {
  stepDataBytes: 'BATON_STEP_DATA_MAX_BYTES',
  runSteps: 'BATON_RUN_MAX_STEPS',
  runBytes: 'BATON_RUN_MAX_BYTES',
  runVarsBytes: 'BATON_RUN_VARS_MAX_BYTES',
  runDepth: 'BATON_RUN_MAX_DEPTH',
};

/**
 * The limits from the environment (unset or empty = default).
 * @throws Error naming the variable when a value is not a whole number ≥ 1.
 */
export function runLimitsFromEnv(env: Record<string, string | undefined> = process.env): RunLimits {
  const out = { ...DEFAULT_RUN_LIMITS };
  for (const key of Object.keys(RUN_LIMIT_ENV) as (keyof RunLimits)[]) {
    const raw = env[RUN_LIMIT_ENV[key]]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${RUN_LIMIT_ENV[key]} must be a whole number ≥ 1, not "${raw}"`);
    out[key] = n;
  }
  return out;
}

/** Sizes of objects already measured (an executor's sanitized output, data measured by the guard): nothing is stringified twice. */
const sizes = new WeakMap<object, number>();

/** Records that `v`'s JSON text is `chars` long (the caller has just stringified it). */
export function rememberSize(v: Json, chars: number): void {
  if (v !== null && typeof v === 'object') sizes.set(v, chars);
}

/**
 * Length of `v`'s JSON text, characters; 0 for undefined (not stored). Objects are
 * measured once (cached by identity; stored values are never edited); numbers and
 * booleans count as 8, strings as their length + 2 (escapes ignored: see {@link fitsJson}).
 */
export function jsonSize(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 0;
    case 'string':
      return v.length + 2;
    case 'object': {
      if (v === null) return 4;
      let n = sizes.get(v);
      if (n === undefined) {
        n = JSON.stringify(v)?.length ?? 0;
        sizes.set(v, n);
      }
      return n;
    }
    default:
      return 8;
  }
}

/**
 * True when `v`'s JSON text is at most `limit` characters. Exact for strings too (an
 * escaped character takes up to 6), stringifying one only when its length alone cannot decide.
 */
export function fitsJson(v: unknown, limit: number): boolean {
  if (typeof v !== 'string') return jsonSize(v) <= limit;
  if (v.length + 2 > limit) return false;
  return v.length * 6 + 2 <= limit || JSON.stringify(v).length <= limit;
}

/**
 * Length of the JSON of a run's variables once `update` is merged into `vars` (a key
 * of `update` replaces the same key of `vars`), characters (approximate for strings, as
 * {@link jsonSize}).
 */
export function varsSizeAfter(vars: Record<string, Json>, update: Record<string, Json>): number {
  let n = 2;
  for (const [k, v] of Object.entries(update)) n += k.length + 4 + jsonSize(v);
  for (const [k, v] of Object.entries(vars)) if (!Object.prototype.hasOwnProperty.call(update, k)) n += k.length + 4 + jsonSize(v);
  return n;
}

/** Exact length of `v`'s JSON text (strings stringified), characters. */
export function exactJsonSize(v: unknown): number {
  return typeof v === 'string' ? JSON.stringify(v).length : jsonSize(v);
}

/** Approximate JSON of a log record's own fields (type, seq, at, ids), characters. */
const RECORD_BYTES = 96;

/**
 * What storing a log record costs a run's byte quota: the record in its log segment,
 * plus the step, task or run row that repeats its data.
 */
export function recordBytes(rec: RunLogRecord): number {
  switch (rec.type) {
    case 'edge.taken':
    case 'step.activated':
      return RECORD_BYTES;
    case 'step.succeeded':
      return RECORD_BYTES + 2 * (jsonSize(rec.output) + jsonSize(rec.input));
    case 'step.failed':
      return RECORD_BYTES + 2 * (jsonSize(rec.input) + jsonSize(rec.error));
    case 'step.waiting':
    case 'run.started':
      return RECORD_BYTES + 2 * jsonSize(rec.input);
    case 'task.completed':
      return RECORD_BYTES + 2 * jsonSize(rec.data);
    case 'run.succeeded':
      return RECORD_BYTES + 2 * jsonSize(rec.output);
    case 'child.started':
    case 'map.started':
    case 'timer.scheduled':
      return RECORD_BYTES + jsonSize(rec.input);
    case 'step.progress':
      return RECORD_BYTES + jsonSize(rec.trace);
    case 'step.retrying':
    case 'run.failed':
      return RECORD_BYTES + 2 * jsonSize(rec.error);
    case 'router.chose':
      return RECORD_BYTES + jsonSize(rec.decision);
    default:
      return RECORD_BYTES;
  }
}

/** What an attempt row costs a run's byte quota. */
export function attemptBytes(a: AttemptRecord): number {
  let n = RECORD_BYTES + jsonSize(a.input) + jsonSize(a.output) + jsonSize(a.error);
  for (const line of a.logs) n += line.length + 3;
  return n;
}

/**
 * Adds an ended child run's `child` usage (its own plus its ended children's) to
 * `state.usage`, in place, counting it also as the run's child usage: the quotas hold
 * for a whole tree of runs. The caller commits `state` with the hand-off's deletion,
 * so each child is counted once.
 */
export function addChildUsage(state: { usage?: RunUsage }, child: RunUsage): void {
  const u = (state.usage ??= { steps: 0, bytes: 0 });
  const steps = child.steps || 0;
  const bytes = child.bytes || 0;
  u.steps += steps;
  u.bytes += bytes;
  u.childSteps = (u.childSteps ?? 0) + steps;
  u.childBytes = (u.childBytes ?? 0) + bytes;
}

/**
 * The `RUN_QUOTA` error of a run whose `usage` exceeds a quota, naming the quota, its
 * value, its variable and the part its child runs used; `last`: the last step activated
 * in the batch (or the step whose child run ended), named as where the run stopped.
 */
export function quotaError(def: CompiledWorkflow, usage: RunUsage, limits: RunLimits, last: { stepId: string; nodeId: string } | null): EngineError {
  const ofChildren = (n: number | undefined) => (n ? ` (${fmt(n)} of them in its child runs)` : '');
  const [what, used, max, env] =
    usage.steps > limits.runSteps
      ? ['steps', `activated ${fmt(usage.steps)} steps${ofChildren(usage.childSteps)}`, limits.runSteps, RUN_LIMIT_ENV.runSteps]
      : ['stored bytes', `stored about ${fmt(usage.bytes)} bytes${ofChildren(usage.childBytes)}`, limits.runBytes, RUN_LIMIT_ENV.runBytes];
  const node = last ? def.nodes[last.nodeId] : undefined;
  const where = last ? ` at step ${last.stepId}${node ? ` of ${nodeName(node)}` : ''}` : '';
  return {
    code: RUN_QUOTA,
    message: `Run quota of ${what} reached: the run ${used}, more than the ${fmt(max)} one run${usage.childSteps || usage.childBytes ? ' with its child runs' : ''} may (${env}); it was stopped${where}`,
    ...(last ? { nodeId: last.nodeId, stepId: last.stepId } : {}),
  };
}

/** 4194304 → "4,194,304". */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
