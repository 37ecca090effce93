/**
 * Runs one attempt of one step: calls the node's executor with its config, the
 * expression scope and an AbortSignal (attempt deadline, cancel, shutdown), and turns
 * the outcome into the engine event to apply plus the attempt record to store.
 * Never throws: an executor's failure becomes a `step.failed` event, and so does an
 * outcome that cannot be recorded (redaction or sanitizing failed: `ATTEMPT_NOT_RECORDABLE`).
 */
import 'server-only';
import { newSortableId } from '@/lib/util/ids';
import type { EngineError, EngineEvent, Json } from '@/lib/engine/types';
import type { ExecutorContext, ExecutorResult, FlowExecutor, FlowResult, RouterContext } from '@/lib/nodes/executor';
import { StepError } from '@/lib/nodes/executor';
import { lastErrorOf, type ExpressionScope } from '@/lib/expressions';
import type { AttemptRecord } from '../storage/ports/run-store';
import type { LoadedVersion } from './definitions';
import { redact, secretForms } from '../credentials/redact';
import { secretKeys, type CredentialType } from '@/lib/credentials/types';
import { rememberSize } from './limits';

const MAX_LOG_LINES = 200;
/** Longest log line an attempt keeps, characters (longer lines are cut, ending in `…`). */
const MAX_LOG_LINE = 4096;

export interface StepToRun {
  runId: string;
  stepId: string;
  nodeId: string;
  attempt: number;
  /** The previous attempt's error (`LiveStep.lastError`), shown to expressions as `$lastError`. */
  lastError?: EngineError;
}

export interface StepOutcome {
  event: EngineEvent;
  attempt: AttemptRecord;
}

export interface ExecuteOptions {
  executors: Record<string, FlowExecutor<unknown>>;
  loaded: LoadedVersion;
  scope: ExpressionScope;
  signal: AbortSignal;
  baseUrl: string;
  clock: () => number;
  /**
   * Reveals a stored credential (`CredentialStore.reveal`); absent = executors get no
   * `credential` resolver. Throws `AppError('not_found')` or `SecretKeyError`.
   */
  credentials?: (id: string) => Promise<{ type: string; data: Record<string, string> }> | { type: string; data: Record<string, string> };
  /** A router node's view of its statistics (`RouterContext`) for `nodeId`; absent = routers cannot run. */
  router?: (nodeId: string) => RouterContext;
  /** The step's memory and last results when it works in rounds (`LiveStep.memory`, `.results`). */
  round?: ExecutorContext['round'];
  /** Published workflows' input fields, for executors that call workflows as tools. */
  workflow?: ExecutorContext['workflow'];
  /** Model prices set by an admin. */
  modelPrice?: ExecutorContext['modelPrice'];
}

/**
 * The attempt's `credential` resolver: turns store errors into non-retryable step
 * errors and remembers every secret value revealed, for redaction.
 */
function credentialResolver(reveal: NonNullable<ExecuteOptions['credentials']>, revealed: string[]) {
  return async (id: string) => {
    let c: { type: string; data: Record<string, string> };
    try {
      c = await reveal(id);
    } catch (err) {
      const e = err as { name?: string; kind?: string; message?: string };
      if (e?.name === 'SecretKeyError') throw new StepError(String(e.message), { code: 'CREDENTIAL_KEY' });
      if (e?.kind === 'not_found') throw new StepError(`credential ${id} does not exist (deleted?); choose another in the node's settings`, { code: 'CREDENTIAL_NOT_FOUND' });
      throw new StepError(`credential ${id} could not be read: ${String(e?.message ?? err)}`, { code: 'CREDENTIAL_ERROR' });
    }
    let keys: string[] = [];
    try {
      keys = secretKeys(c.type as CredentialType);
    } catch {
      keys = Object.keys(c.data);
    }
    revealed.push(...secretForms(c.type, c.data, keys));
    return { type: c.type, data: { ...c.data } };
  };
}

/** Executes the step's current attempt. Units: epoch ms for all times. */
export async function executeStep(step: StepToRun, o: ExecuteOptions): Promise<StepOutcome> {
  const revealed: string[] = [];
  const outcome = await executeAttempt(step, o, revealed);
  if (revealed.length === 0) return outcome;
  // Secrets revealed during the attempt never reach the log, steps or attempts tables.
  try {
    return redact(outcome, revealed);
  } catch (err) {
    // The outcome cannot be made safe to store (e.g. data nested too deeply for the walk):
    // nothing of it is kept, and the step fails with a clear error instead.
    return unrecordable(step, outcome, revealed, err, o.clock());
  }
}

/**
 * The failed outcome replacing an attempt whose data could not be recorded: the step
 * fails with `ATTEMPT_NOT_RECORDABLE` (not retried); the attempt keeps its times and
 * (redacted) log lines, and none of its input or output.
 */
function unrecordable(step: StepToRun, outcome: StepOutcome, revealed: string[], err: unknown, at: number): StepOutcome {
  const base = { stepId: step.stepId, attempt: step.attempt };
  const reason = err instanceof RangeError ? 'its data is nested too deeply' : String((err as Error)?.message ?? err);
  const error = {
    message: redact(`the attempt's result could not be recorded safely (${reason}); none of it was stored`, revealed),
    code: 'ATTEMPT_NOT_RECORDABLE',
    nodeId: step.nodeId,
    stepId: step.stepId,
    retryable: false,
  };
  const startedAt = outcome.attempt.startedAt;
  let logs: string[] = [];
  try {
    logs = redact(outcome.attempt.logs, revealed);
  } catch {
    logs = [];
  }
  return {
    event: { type: 'step.failed', ...base, error, random: Math.random(), startedAt, at },
    attempt: { ...base, status: 'failed', input: undefined, output: undefined, error, logs, startedAt, endedAt: at },
  };
}

async function executeAttempt(step: StepToRun, o: ExecuteOptions, revealed: string[]): Promise<StepOutcome> {
  const node = o.loaded.nodesById.get(step.nodeId);
  const executor = node ? o.executors[node.type] : undefined;
  const startedAt = o.clock();
  const logs: string[] = [];
  const base = { stepId: step.stepId, attempt: step.attempt };
  try {
    if (!node || !executor) throw new StepError(`node "${step.nodeId}" has no executor (type ${node?.type ?? 'unknown'})`, { code: 'NO_EXECUTOR' });
    const result: ExecutorResult | FlowResult = await executor(o.loaded.configs.get(node.id), {
      runId: step.runId,
      stepId: step.stepId,
      nodeId: node.id,
      label: node.label || node.id,
      attempt: step.attempt,
      idempotencyKey: `${step.runId}:${step.stepId}`,
      signal: o.signal,
      scope: attemptScope(o.scope, step),
      baseUrl: o.baseUrl,
      log: appendLine.bind({ logs, clock: o.clock }),
      now: o.clock,
      credential: o.credentials ? credentialResolver(o.credentials, revealed) : undefined,
      router: node.type === 'router' ? o.router?.(node.id) : undefined, // only a router reads it: no context object per step
      round: o.round,
      workflow: o.workflow,
      modelPrice: o.modelPrice,
    });
    const at = o.clock();
    if ('park' in result) {
      const taskId = newSortableId('task');
      return {
        event: { type: 'step.parked', ...base, taskId, task: result.park as unknown as Json, input: result.input, dueAt: result.due?.at, escalation: result.due?.escalation, reassignTo: result.due?.reassignTo, startedAt, at },
        attempt: waitingAttempt(step, result.input, logs, startedAt, at),
      };
    }
    if ('schedule' in result) {
      const timerId = `tm_${step.stepId}_${step.attempt}`;
      return { event: { type: 'step.scheduled', ...base, timerId, dueAt: result.schedule.dueAt, input: result.input, startedAt, at }, attempt: waitingAttempt(step, result.input, logs, startedAt, at) };
    }
    if ('child' in result) {
      const c = result.child;
      return {
        event: { type: 'step.child', ...base, childRunId: `${step.runId}.${step.stepId.replace('#', '-')}`, workflowId: c.workflowId, version: c.version, input: c.input, startedAt, at },
        attempt: waitingAttempt(step, result.input, logs, startedAt, at),
      };
    }
    if ('await' in result) {
      const r = result.await;
      const stepPart = `${step.runId}.${step.stepId.replace('#', '-')}`;
      const children = (r.children ?? []).map((c) => ({ key: c.key, childRunId: `${stepPart}.${c.key}`, workflowId: c.workflowId, ...(c.version !== undefined ? { version: c.version } : {}), input: c.input }));
      const tasks = (r.tasks ?? []).map((t) => ({ key: t.key, taskId: newSortableId('task'), task: t.task as unknown as Json }));
      const output = result.output === undefined ? (r.trace ?? null) : sanitize(result.output);
      return {
        event: { type: 'step.await', ...base, memory: sanitize(r.memory), trace: r.trace === undefined ? undefined : sanitize(r.trace), children, tasks, startedAt, at },
        // Each round is an attempt of its own: what it sent (input) and what it decided (its trace).
        attempt: { ...base, status: 'succeeded', input: result.input, output, error: undefined, logs, startedAt, endedAt: at },
      };
    }
    if ('map' in result) {
      const m = result.map;
      return {
        event: { type: 'step.map', ...base, items: m.items, workflowId: m.workflowId, version: m.version, concurrency: m.concurrency, input: result.input, startedAt, at },
        attempt: waitingAttempt(step, result.input, logs, startedAt, at),
      };
    }
    const output = sanitize(result.output);
    return {
      event: { type: 'step.completed', stepId: step.stepId, attempt: step.attempt, output, port: result.port, ports: result.ports, vars: result.vars, input: result.input, startedAt, at, ...(result.decision !== undefined ? { decision: sanitize(result.decision) } : {}) },
      attempt: { stepId: step.stepId, attempt: step.attempt, status: 'succeeded', input: result.input, output, error: undefined, logs, startedAt, endedAt: at },
    };
  } catch (err) {
    const at = o.clock();
    const se = err instanceof StepError ? err : null;
    const message =
      o.signal.aborted && !se ? `aborted: ${String((o.signal.reason as Error)?.message ?? o.signal.reason)}` : ((err as Error)?.message ?? String(err));
    const error = {
      message,
      code: se?.opts.code ?? 'EXECUTOR_ERROR',
      nodeId: step.nodeId,
      stepId: step.stepId,
      retryable: se?.opts.retryable ?? false,
      ...(se?.opts.retryAfterMs !== undefined ? { retryAfterMs: se.opts.retryAfterMs } : {}),
    };
    const input = se?.opts.input;
    return {
      // `random` feeds the retry policy's jitter (the engine has no randomness of its own).
      event: { type: 'step.failed', ...base, error, input, random: Math.random(), startedAt, at },
      attempt: { ...base, status: 'failed', input, output: se?.opts.details, error, logs, startedAt, endedAt: at },
    };
  }
}

/**
 * The scope of one attempt: the step's scope plus `$attempt` and `$lastError`. `steps`
 * stays a lazy getter (it may load the run's outputs on first read).
 */
function attemptScope(scope: ExpressionScope, step: StepToRun): ExpressionScope {
  // A first attempt needs nothing added: an absent `attempt` reads as 1, `lastError` as null.
  if (step.attempt <= 1) return scope;
  return Object.create(scope, {
    attempt: { value: step.attempt, enumerable: true },
    lastError: { value: step.attempt > 1 ? lastErrorOf(step.lastError) : null, enumerable: true },
  }) as ExpressionScope;
}

/** The attempt record of a step that now waits (parked, scheduled, child run, for-each). */
function waitingAttempt(step: StepToRun, input: Json | undefined, logs: string[], startedAt: number, at: number): AttemptRecord {
  return { stepId: step.stepId, attempt: step.attempt, status: 'waiting', input, output: undefined, error: undefined, logs, startedAt, endedAt: at };
}

/** An attempt's `log`: appends a time-stamped line, up to {@link MAX_LOG_LINES} (a plain function bound per attempt: no closure in the hot path). */
function appendLine(this: { logs: string[]; clock: () => number }, line: string): void {
  if (this.logs.length >= MAX_LOG_LINES) return;
  const text = typeof line === 'string' && line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE - 1)}…` : line;
  this.logs.push(`${new Date(this.clock()).toISOString()} ${text}`);
}

/**
 * Executors must return JSON; anything else (undefined, functions, cycles) is made JSON
 * or reported. The JSON text's length is remembered for the step data limit (`guard.ts`),
 * which so costs no second stringify.
 */
function sanitize(v: unknown): Json {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  try {
    const text = JSON.stringify(v);
    const out = JSON.parse(text) as Json;
    rememberSize(out, text.length);
    return out;
  } catch (err) {
    throw new StepError(`output is not JSON: ${(err as Error).message}`, { code: 'OUTPUT_NOT_JSON' });
  }
}
