/**
 * Testing one step (n8n's "test step"): runs a single node of a workflow document with
 * the expression scope of a chosen earlier run (`$input`, `$steps`, `$vars`, `$run`) or
 * a scope typed as JSON, and returns its output, error and logs. No run is created and
 * nothing is written.
 *
 * It goes through the runner's own step execution (`server/runner/execute-step.ts` →
 * `lib/nodes/<type>/executor.ts`): the same outbound HTTP guard, credentials (revealed
 * secrets are redacted from the result), Code sandbox with its CPU and memory limits.
 * On top: a wall-clock limit ({@link STEP_TEST_LIMITS}.timeoutMs), an output size limit
 * (`maxOutputBytes`), and per-caller admission (`caller-limiter.ts`).
 *
 * Node types that wait (user task, timer) or that need a run (sub-workflow, for-each)
 * cannot be tested alone and are refused before anything runs; so are nodes without an
 * executor (triggers, parallel split and joins), whose behaviour is the engine's routing.
 */
import 'server-only';
import type { FlowExecutor } from '@/lib/nodes/executor';
import type { Json } from '@/lib/engine/types';
import type { ExpressionScope } from '@/lib/expressions';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { getNodeType, parseNodeConfig } from '@/lib/nodes/registry';
import { executeStep } from '../runner/execute-step';
import { load } from '../runner/definitions';
import { AppError } from '../errors';
import { CallerLimiter } from './caller-limiter';
import type { ExpressionService } from './expressions';

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Limits of step tests (environment overrides in brackets). */
export const STEP_TEST_LIMITS = {
  /** Wall-clock limit of one test, ms (`BATON_STEP_TEST_TIMEOUT_MS`, default 30 s). */
  timeoutMs: envInt('BATON_STEP_TEST_TIMEOUT_MS', 30_000),
  /** Largest output returned, characters of JSON (`BATON_STEP_TEST_MAX_BYTES`, default 1 MiB). */
  maxOutputBytes: envInt('BATON_STEP_TEST_MAX_BYTES', 1024 * 1024),
  /** Tests of one caller in flight at once. */
  perCaller: 2,
  /** Tests in flight at once across all callers. */
  total: 8,
  /** Tests one caller may start per minute. */
  perMinute: 30,
} as const;

/** Node types that wait for something outside the step, or need a run around them. */
const NOT_ALONE: Record<string, string> = {
  userTask: 'a user task waits for a person’s decision in the inbox',
  wait: 'a timer waits for its due time',
  subWorkflow: 'a sub-workflow starts a child run',
  forEach: 'a for-each starts a child run per item',
};

/** Where the test's expression scope comes from: an earlier run of the workflow, or typed JSON. */
export type StepTestSource = { runId: string } | { scope: { input?: Json; steps?: Record<string, { output?: Json; error?: Json }>; vars?: Record<string, Json> } };

export interface StepTestResult {
  status: 'succeeded' | 'failed';
  /** The port the step left through (e.g. a gateway's chosen branch); null for a failure. */
  port: string | null;
  /** What the executor resolved and used (e.g. the HTTP request), redacted. */
  input: Json;
  output: Json;
  /** `{ message, code, retryable }` of a failure; null on success. */
  error: Json;
  logs: string[];
  durationMs: number;
  /** The run the scope came from, if any. */
  scopeRunId: string | null;
}

export interface StepTestDeps {
  executors: Record<string, FlowExecutor<unknown>>;
  expressions: Pick<ExpressionService, 'scope'>;
  credentials: (id: string) => Promise<{ type: string; data: Record<string, string> }> | { type: string; data: Record<string, string> };
  baseUrl: () => string;
  clock: () => number;
  limits?: Partial<Record<keyof typeof STEP_TEST_LIMITS, number>>;
}

export class StepTestService {
  private readonly limiter: CallerLimiter;
  private readonly limits: Record<keyof typeof STEP_TEST_LIMITS, number>;

  constructor(private readonly deps: StepTestDeps) {
    this.limits = { ...STEP_TEST_LIMITS, ...deps.limits };
    this.limiter = new CallerLimiter({ perCaller: this.limits.perCaller, total: this.limits.total, perWindow: this.limits.perMinute, windowMs: 60_000 }, deps.clock);
  }

  /**
   * Runs node `nodeId` of `doc` (the designer's current document of workflow `workflowId`) once.
   * A failing step is a result (`status: 'failed'`), not an exception.
   * @throws AppError: not_found (node, run), invalid (the node cannot be tested alone, or its configuration is invalid), too_many_requests (the caller's limits).
   */
  async test(opts: { workflowId: string; doc: WorkflowDocument; nodeId: string; source: StepTestSource; by: string }): Promise<StepTestResult> {
    const node = opts.doc.nodes.find((n) => n.id === opts.nodeId);
    if (!node) throw new AppError('not_found', `node "${opts.nodeId}" is not in the workflow`, [{ path: ['nodeId'], message: 'no such node' }]);
    const name = `${node.label || node.id} (${node.id})`;
    const why = NOT_ALONE[node.type];
    if (why) throw new AppError('invalid', `${name} cannot be tested alone: ${why}. Start a test run of the draft instead.`, [{ path: ['nodeId'], message: 'cannot be tested alone', nodeId: node.id, code: 'NOT_TESTABLE_ALONE' }]);
    if (!this.deps.executors[node.type])
      throw new AppError('invalid', `${name} cannot be tested alone: ${getNodeType(node.type)?.label ?? node.type} only routes the run's tokens and has nothing to execute`, [{ path: ['nodeId'], message: 'nothing to execute', nodeId: node.id, code: 'NOT_TESTABLE_ALONE' }]);
    const parsed = parseNodeConfig(node.type, node.config);
    if (parsed && !parsed.success)
      throw new AppError('invalid', `${name}: its configuration is not valid (${parsed.error.issues[0]?.message})`, [{ path: ['nodes', node.id, 'config', ...parsed.error.issues[0].path.map(String)], message: parsed.error.issues[0].message, nodeId: node.id }]);
    const { scope, scopeRunId } = await this.scopeOf(opts.workflowId, opts.source);
    const release = this.limiter.acquire(opts.by);
    try {
      return await this.execute(opts.doc, node.id, scope, scopeRunId);
    } finally {
      release();
    }
  }

  private async scopeOf(workflowId: string, source: StepTestSource): Promise<{ scope: ExpressionScope; scopeRunId: string | null }> {
    if ('runId' in source) {
      const s = await this.deps.expressions.scope(workflowId, source.runId);
      if (!s) throw new AppError('not_found', `run "${source.runId}" not found in this workflow`, [{ path: ['source', 'runId'], message: 'no such run' }]);
      return { scope: s.scope, scopeRunId: s.runId };
    }
    const t = source.scope;
    const run = { id: 'step-test', workflowId, version: null, startedAt: new Date(this.deps.clock()).toISOString() };
    const steps: ExpressionScope['steps'] = {};
    for (const [id, st] of Object.entries(t.steps ?? {})) steps[id] = st.error === undefined ? { output: st.output ?? null } : { output: st.output ?? null, error: st.error };
    return { scope: { input: t.input ?? {}, steps, vars: t.vars ?? {}, run }, scopeRunId: null };
  }

  private async execute(doc: WorkflowDocument, nodeId: string, scope: ExpressionScope, scopeRunId: string | null): Promise<StepTestResult> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`the step test exceeded ${this.limits.timeoutMs} ms`)), this.limits.timeoutMs);
    const started = this.deps.clock();
    try {
      const { attempt, event } = await executeStep(
        { runId: `test_${started.toString(36)}`, stepId: `${nodeId}#test`, nodeId, attempt: 1 },
        { executors: this.deps.executors, loaded: load(doc), scope, signal: abort.signal, baseUrl: this.deps.baseUrl(), clock: this.deps.clock, credentials: this.deps.credentials },
      );
      const durationMs = this.deps.clock() - started;
      if (attempt.status === 'waiting')
        throw new AppError('invalid', `node "${nodeId}" cannot be tested alone: it waits for something outside the step`, [{ path: ['nodeId'], message: 'cannot be tested alone', nodeId, code: 'NOT_TESTABLE_ALONE' }]);
      const output = (attempt.output ?? null) as Json;
      const size = JSON.stringify(output)?.length ?? 0;
      const base = { input: (attempt.input ?? null) as Json, logs: attempt.logs, durationMs, scopeRunId };
      if (size > this.limits.maxOutputBytes)
        return { ...base, status: 'failed', port: null, output: null, error: { message: `output is ${size} characters of JSON, more than the ${this.limits.maxOutputBytes} a step test returns`, code: 'OUTPUT_TOO_LARGE', retryable: false } };
      if (attempt.status === 'failed') {
        const e = attempt.error;
        return { ...base, status: 'failed', port: null, output, error: e ? { message: e.message, code: e.code ?? 'EXECUTOR_ERROR', retryable: Boolean(e.retryable) } : null };
      }
      const port = event.type === 'step.completed' ? (event.port ?? 'out') : 'out';
      return { ...base, status: 'succeeded', port, output, error: null };
    } finally {
      clearTimeout(timer);
    }
  }
}
