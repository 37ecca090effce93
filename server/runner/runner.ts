/**
 * The durable runner: claims due jobs from SQLite with a lease, runs the node's
 * executor outside any transaction, then records the result as an engine event in
 * one synchronous transaction (state, log, steps, attempt, next jobs, inbox rows).
 *
 * Guarantees (see ARCHITECTURE.md): a completed step is never re-run, because its
 * job row is deleted in the transaction that records its result; a step whose result
 * was not recorded (crash) is claimed again after a restart and runs again with the
 * same idempotency key — at-least-once side effects, exactly-once state transitions.
 *
 * Time comes from the injected `clock` (epoch ms) so tests can control it.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { transition } from '@/lib/engine';
import type { EngineEvent, Json, RunLogRecord } from '@/lib/engine/types';
import type { Executor, ExecutorResult } from '@/lib/nodes/executor';
import { StepError } from '@/lib/nodes/executor';
import type { ExpressionScope } from '@/lib/expressions';
import type { AttemptRecord, JobRow, RunStore } from '../storage/run-store';
import { DefinitionCache } from './definitions';
import { ScopeCache } from './scope-cache';
import { publishRun } from '../events/bus';

export interface RunnerOptions {
  store: RunStore;
  executors: Record<string, Executor<unknown>>;
  /** Base URL of this server for relative HTTP URLs. */
  baseUrl: () => string;
  clock?: () => number;
  /** Lease owner id; unique per process. */
  owner?: string;
  /** Most executors running at once. */
  concurrency?: number;
  /** Lease length, ms; extended while an executor still runs. */
  leaseMs?: number;
  /** Longest wait between polls when idle, ms. */
  idlePollMs?: number;
  /** Upper bound for any single attempt, ms (node timeouts are usually shorter). */
  maxAttemptMs?: number;
}

const MAX_LOG_LINES = 200;

export class Runner {
  readonly owner: string;
  readonly definitions: DefinitionCache;
  private readonly scopes: ScopeCache;
  private readonly clock: () => number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly idlePollMs: number;
  private readonly maxAttemptMs: number;
  private inFlight = 0;
  private running = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private readonly aborts = new Map<string, AbortController>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: RunnerOptions) {
    this.owner = opts.owner ?? `runner-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = opts.clock ?? Date.now;
    this.concurrency = opts.concurrency ?? 64;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.idlePollMs = opts.idlePollMs ?? 1000;
    this.maxAttemptMs = opts.maxAttemptMs ?? 10 * 60_000;
    this.definitions = new DefinitionCache(opts.store);
    this.scopes = new ScopeCache(opts.store);
  }

  /** Starts the loop. Jobs leased by a previous (dead) process are released first. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.store.releaseForeignLeases(this.owner);
    this.wake();
  }

  /**
   * Stops claiming and aborts running executors. An attempt cut short by the shutdown
   * is not recorded: its job keeps its lease and is executed again after the restart
   * (the process, and with it any call to Baton's own endpoints, is going away).
   * Resolves when no executor is in flight.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const a of this.aborts.values()) a.abort(new Error('server shutting down'));
    await this.idle();
  }

  /** Resolves when no executor is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Asks the loop to look for due jobs now (after a commit that created some). */
  wake(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Aborts the executors of these steps (run cancelled or failed). */
  abortSteps(runId: string, stepIds: string[]): void {
    for (const s of stepIds) this.aborts.get(`${runId}/${s}`)?.abort(new Error('run ended'));
  }

  /** Called by services after they committed a transition outside the runner. */
  afterCommit(runId: string, log: RunLogRecord[]): void {
    this.scopes.apply(runId, log);
    this.wake();
  }

  private pump(): void {
    if (!this.running) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const free = this.concurrency - this.inFlight;
    if (free > 0) {
      const now = this.clock();
      const jobs = this.opts.store.claimJobs(this.owner, now, this.leaseMs, free);
      for (const job of jobs) {
        this.inFlight++;
        void this.runJob(job).finally(() => {
          this.inFlight--;
          if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
          this.wake();
        });
      }
      if (jobs.length === free) return; // more may be waiting; the finally() wakes us
    }
    const next = this.opts.store.nextDueAt();
    const delay = next == null ? this.idlePollMs : Math.min(this.idlePollMs, Math.max(0, next - this.clock()));
    this.timer = setTimeout(() => this.pump(), delay);
  }

  private async runJob(job: JobRow): Promise<void> {
    const { store } = this.opts;
    const run = store.getRun(job.runId);
    const live = run?.state.live[job.stepId];
    if (!run || !live || live.attempt !== job.attempt || live.status !== 'running') {
      // Stale job: the run ended or the step already moved on. Drop it.
      store.transaction(() => store.deleteJob(job.id));
      return;
    }
    const loaded = this.definitions.get(run.workflowId, run.version);
    const node = loaded.doc.nodes.find((n) => n.id === job.nodeId);
    const executor = node ? this.opts.executors[node.type] : undefined;
    const startedAt = this.clock();
    const logs: string[] = [];
    let event: EngineEvent;
    let attempt: AttemptRecord;
    const label = node?.label || node?.id || job.nodeId;
    const abort = new AbortController();
    const key = `${job.runId}/${job.stepId}`;
    this.aborts.set(key, abort);
    const deadline = setTimeout(() => abort.abort(new Error(`attempt exceeded ${this.maxAttemptMs} ms`)), this.maxAttemptMs);
    const leaseTimer = setInterval(() => store.extendLease(job.id, this.owner, this.clock() + this.leaseMs), Math.max(1000, this.leaseMs / 3));
    try {
      if (!node || !executor) throw new StepError(`node "${job.nodeId}" has no executor (type ${node?.type ?? 'unknown'})`, { code: 'NO_EXECUTOR' });
      const scope: ExpressionScope = {
        ...this.scopes.get(run.id, run.input),
        vars: run.state.vars,
        run: { id: run.id, workflowId: run.workflowId, version: run.version, startedAt: new Date(run.state.startedAt).toISOString() },
      };
      const result: ExecutorResult = await executor(loaded.configs.get(node.id), {
        runId: run.id,
        stepId: job.stepId,
        nodeId: node.id,
        label,
        attempt: job.attempt,
        idempotencyKey: `${run.id}:${job.stepId}`,
        signal: abort.signal,
        scope,
        baseUrl: this.opts.baseUrl(),
        log: (line) => {
          if (logs.length < MAX_LOG_LINES) logs.push(`${new Date(this.clock()).toISOString()} ${line}`);
        },
      });
      const at = this.clock();
      if ('park' in result) {
        const taskId = `task_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
        event = { type: 'step.parked', stepId: job.stepId, attempt: job.attempt, taskId, task: result.park as unknown as Json, input: result.input, startedAt, at };
        attempt = { stepId: job.stepId, attempt: job.attempt, status: 'waiting', input: result.input, output: undefined, error: undefined, logs, startedAt, endedAt: at };
      } else {
        const output = sanitize(result.output);
        event = { type: 'step.completed', stepId: job.stepId, attempt: job.attempt, output, port: result.port, vars: result.vars, input: result.input, startedAt, at };
        attempt = { stepId: job.stepId, attempt: job.attempt, status: 'succeeded', input: result.input, output, error: undefined, logs, startedAt, endedAt: at };
      }
    } catch (err) {
      const at = this.clock();
      const se = err instanceof StepError ? err : null;
      const message = abort.signal.aborted && !se ? `aborted: ${String((abort.signal.reason as Error)?.message ?? abort.signal.reason)}` : (err as Error)?.message ?? String(err);
      const error = { message, code: se?.opts.code ?? 'EXECUTOR_ERROR', nodeId: job.nodeId, stepId: job.stepId };
      const input = se?.opts.input;
      event = { type: 'step.failed', stepId: job.stepId, attempt: job.attempt, error, input, startedAt, at };
      attempt = { stepId: job.stepId, attempt: job.attempt, status: 'failed', input, output: se?.opts.details, error, logs, startedAt, endedAt: at };
    } finally {
      clearTimeout(deadline);
      clearInterval(leaseTimer);
      this.aborts.delete(key);
    }
    if (this.stopping && event.type === 'step.failed') return; // re-executed after restart
    this.record(job, event, attempt);
  }

  /** Applies the executor's result as one transaction: fresh state → engine → commit. */
  private record(job: JobRow, event: EngineEvent, attempt: AttemptRecord): void {
    const { store } = this.opts;
    let log: RunLogRecord[] = [];
    let statusChanged = false;
    let touchesTasks = false;
    let cancelled: string[] = [];
    let workflowId = '';
    store.transaction(() => {
      const run = store.getRun(job.runId);
      if (!run) {
        store.deleteJob(job.id);
        return;
      }
      workflowId = run.workflowId;
      const def = this.definitions.get(run.workflowId, run.version).compiled;
      const t = transition(def, run.state, event);
      if (t.log.length === 0) {
        store.deleteJob(job.id);
        return;
      }
      store.commitInside(run.id, run.workflowId, run.stateVersion, { state: t.state, log: t.log, effects: t.effects, attempt, doneJobId: job.id, at: event.at });
      log = t.log;
      statusChanged = t.state.status !== run.state.status;
      touchesTasks = t.effects.some((e) => e.type === 'createTask' || e.type === 'closeTask');
      cancelled = t.effects.flatMap((e) => (e.type === 'cancelJobs' ? e.stepIds : []));
    });
    if (!log.length) return;
    if (cancelled.length) this.abortSteps(job.runId, cancelled);
    this.scopes.apply(job.runId, log);
    publishRun(job.runId, log[log.length - 1].seq, touchesTasks, statusChanged || !workflowId);
  }
}

/** Executors must return JSON; anything else (undefined, functions, cycles) is made JSON or reported. */
function sanitize(v: unknown): Json {
  if (v === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(v)) as Json;
  } catch (err) {
    throw new StepError(`output is not JSON: ${(err as Error).message}`, { code: 'OUTPUT_NOT_JSON' });
  }
}
