/**
 * The durable runner: claims due jobs from the run store (`RunStorePort`: SQLite or
 * PostgreSQL) with a lease, runs the node's executor outside any transaction, then
 * records the result as an engine event in one group-committed write set (state, log,
 * steps, attempt, next jobs, inbox rows), guarded by the run's state version.
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
import { isTerminal, startRun, transition } from '@/lib/engine';
import type { ChildStatus, Effect, EngineError, EngineEvent, Json, RunLogRecord, RunState, RunUsage, Transition } from '@/lib/engine/types';
import type { FlowExecutor } from '@/lib/nodes/executor';
import { StaleStateError, GROUP_COMMIT_MAX, type AttemptRecord, type JobRow, type RunMeta, type RunRow, type RunStorePort } from '../storage/ports/run-store';
import { executeStep, type StepOutcome } from './execute-step';
import { Permits } from './permits';
import { applyLimited, continueInline, scopeOf, type Batch } from './batch';
import { addChildUsage, runLimitsFromEnv, type RunLimits } from './limits';
import { DefinitionCache, type LoadedVersion } from './definitions';
import { ScopeCache } from './scope-cache';
import { publishRun } from '../events/bus';
import { reportInternalError } from '../http/internal-error';
import { endJobAfterError } from './job-failure';
import { startChildRun } from './child-start';
import { JobLoop } from './job-loop';
import { RunLocks } from './run-locks';
import { GaveUpWaiting, isUnreachable, OutageLog, untilReachable, type UntilReachableOptions } from '../outage';
import { DEFAULT_LEASE_MS, heartbeatMs } from './lease';
import type { CommitGuard } from '../storage/ports/guards';
import type { RouterStorePort } from '../storage/ports/routers';
import { routerContexts } from './router-branches';

/** Batches in flight at once: as many as one group commit takes. */
const GROUP_SIZE = GROUP_COMMIT_MAX;

export interface RunnerOptions {
  store: RunStorePort;
  executors: Record<string, FlowExecutor<unknown>>;
  /** Base URL of this server for relative HTTP URLs. */
  baseUrl: () => string;
  clock?: () => number;
  /** Lease owner id; unique per process. */
  owner?: string;
  /** Most executors running at once. */
  concurrency?: number;
  /** Lease length, ms (default 60 s; the server passes `BATON_LEASE_MS`, see `lease.ts`); extended every third of it until the step's result is committed. */
  leaseMs?: number;
  /** Longest wait between polls when idle, ms. */
  idlePollMs?: number;
  /** Upper bound for any single attempt, ms (node timeouts are usually shorter). */
  maxAttemptMs?: number;
  /** Reveals stored credentials for executors (see `ExecuteOptions.credentials`). */
  credentials?: (id: string) => Promise<{ type: string; data: Record<string, string> }> | { type: string; data: Record<string, string> };
  /** Step data limit and per-run quotas (see `limits.ts`); absent = from the environment (`runLimitsFromEnv`). */
  limits?: Partial<RunLimits>;
  /** Router statistics (durable, shared by processes); absent = router steps fail with `ROUTER_UNAVAILABLE`. */
  routers?: RouterStorePort;
  /** Uniform random source in [0, 1) for routers' Thompson draws and weighted picks; absent = `Math.random`. */
  random?: () => number;
  /** Model prices an admin set (USD per 1,000 tokens), for the AI agent's cost budget; absent = no prices. */
  modelPrice?: (model: string) => Promise<{ promptPer1k: number; completionPer1k: number } | null>;
}

export class Runner {
  readonly owner: string;
  readonly definitions: DefinitionCache;
  private readonly scopes: ScopeCache;
  /** Batches holding a run's state at once (see {@link Permits}); as many as one group commit takes. */
  private readonly permits = new Permits(GROUP_SIZE);
  private readonly clock: () => number;
  private readonly leaseMs: number;
  private readonly maxAttemptMs: number;
  /** Step data limit and per-run quotas in force. */
  readonly limits: RunLimits;
  private readonly loop: JobLoop;
  private readonly aborts = new Map<string, AbortController>();
  private readonly locks = new RunLocks();
  /** Logs a database outage once, however many jobs and claims fail during it. */
  private readonly outage = new OutageLog('runner');

  constructor(private readonly opts: RunnerOptions) {
    this.owner = opts.owner ?? `runner-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = opts.clock ?? Date.now;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttemptMs = opts.maxAttemptMs ?? 10 * 60_000;
    this.limits = { ...runLimitsFromEnv(), ...opts.limits };
    this.definitions = new DefinitionCache(opts.store, 500);
    this.scopes = new ScopeCache(opts.store);
    this.loop = new JobLoop({
      claim: (free) => opts.store.claimJobs(this.owner, this.clock(), this.leaseMs, free),
      nextDueAt: () => opts.store.nextDueAt(),
      run: (job) => this.runJobOrWait(job),
      clock: this.clock,
      concurrency: opts.concurrency ?? 64,
      idlePollMs: opts.idlePollMs ?? 1000,
      outage: this.outage,
    });
  }

  private get stopping(): boolean {
    return this.loop.stopping;
  }

  /**
   * Starts the loop. Where this process is the database's only runner (SQLite), jobs
   * leased by a previous (dead) process are released first; elsewhere their leases expire.
   */
  start(): void {
    this.loop.start(() => this.opts.store.releaseForeignLeases(this.owner));
  }

  /**
   * Stops claiming and aborts running executors. An attempt cut short by the shutdown
   * is not recorded: its job keeps its lease and is executed again after the restart
   * (the process, and with it any call to Baton's own endpoints, is going away).
   * Resolves when no executor is in flight.
   */
  async stop(): Promise<void> {
    const stopped = this.loop.stop();
    for (const a of this.aborts.values()) a.abort(new Error('server shutting down'));
    await stopped; // a claim under way starts its jobs (or none), then the loop ends
    await this.idle();
  }

  /** Resolves when no executor is in flight. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Asks the loop to look for due jobs now (after a commit that created some). */
  wake(): void {
    this.loop.wake();
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

  /** Ends a job whose run threw, once (see `job-failure.ts`). Never throws. */
  private async jobThrew(job: JobRow, err: unknown): Promise<void> {
    if (this.stopping) {
      reportInternalError(err, `runner: ${job.kind} job ${job.id} (run ${job.runId}), during shutdown`); // runs again after the restart
      return;
    }
    await endJobAfterError(job, err, {
      clock: this.clock,
      record: (event, attempt) => this.drive(job, event, attempt),
      forget: () => this.scopes.drop(job.runId),
      remove: () => this.opts.store.deleteJob(job.id),
    });
  }

  /** Waiting out a database outage for up to a lease length (wall clock), unless stopping. */
  private untilBack(): UntilReachableOptions {
    return { deadline: Date.now() + this.leaseMs, stopped: () => this.stopping, log: this.outage };
  }

  /**
   * Runs a job. While the database cannot be reached the job is tried again (`server/outage.ts`)
   * rather than failed: a PostgreSQL restart neither fails steps nor loses jobs. When the
   * outage outlasts the lease, the job is left as it is: its lease ends and it is claimed
   * again. Any other error ends the job (`jobThrew`).
   */
  private async runJobOrWait(job: JobRow): Promise<void> {
    try {
      await untilReachable(() => this.runJob(job), this.untilBack());
    } catch (err) {
      if (err instanceof GaveUpWaiting) console.warn(`[baton] runner: ${job.kind} job ${job.id} (run ${job.runId}) left for later (${err.message}); it is claimed again when its lease ends`);
      else await this.jobThrew(job, err);
    }
  }

  /**
   * Runs a claimed job while holding its lease: extended every third of it from the claim
   * until the job's result is committed (or it failed), not only while an executor runs, so
   * neither a long step nor a slow read or commit hands a live process's job to another.
   */
  private async runJob(job: JobRow): Promise<void> {
    const heartbeat = setInterval(() => this.extendLease(job), heartbeatMs(this.leaseMs));
    try {
      await this.runClaimed(job);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async runClaimed(job: JobRow): Promise<void> {
    switch (job.kind) {
      case 'timer': {
        const p = JSON.parse(job.payload ?? '{}') as { timerId: string; stepId: string | null };
        return this.drive(job, { type: 'timer.fired', timerId: p.timerId, stepId: p.stepId ?? undefined, at: this.clock() });
      }
      case 'childDone': {
        const p = JSON.parse(job.payload ?? '{}') as { stepId: string; childRunId: string; status: ChildStatus; output: Json; error: EngineError | null; usage?: RunUsage | null };
        return this.drive(job, { type: 'child.completed', stepId: p.stepId, childRunId: p.childRunId, status: p.status, output: p.output ?? null, error: p.error ?? null, at: this.clock() }, undefined, p.usage);
      }
      case 'startChild':
        return startChildRun(
          { store: this.opts.store, definitions: this.definitions, clock: this.clock, maxDepth: this.limits.runDepth, drive: (j, ev) => this.drive(j, ev), startRun: (r, l) => this.startRun(r, l) },
          job,
          JSON.parse(job.payload ?? '{}') as Extract<Effect, { type: 'startChild' }>,
        );
      case 'cancelChild': {
        const p = JSON.parse(job.payload ?? '{}') as { childRunId: string };
        await this.applyEvent(p.childRunId, { type: 'run.cancel', by: 'system', reason: `parent run ${job.runId} ended`, at: this.clock() });
        await this.opts.store.deleteJob(job.id);
        return;
      }
      default:
        return this.executeJob(job);
    }
  }

  private async executeJob(job: JobRow): Promise<void> {
    const { store } = this.opts;
    const run = await store.getRun(job.runId);
    const live = run?.state.live[job.stepId];
    if (!run || !live || live.attempt !== job.attempt || live.status !== 'running') {
      // Stale job: the run ended or the step already moved on. Drop it.
      await store.deleteJob(job.id);
      return;
    }
    const loaded = await this.definitions.forRun(run);
    // The step's `$steps` (read before the executor runs: a step with side effects is not run twice to read them).
    const scope = this.scopes.peek(run.id, run.state.seq) ?? (await this.scopes.load(run.id, run.input, run.state.activations, run.state.seq));
    const abort = new AbortController();
    const key = `${job.runId}/${job.stepId}`;
    this.aborts.set(key, abort);
    const deadline = setTimeout(() => abort.abort(new Error(`attempt exceeded ${this.maxAttemptMs} ms`)), this.maxAttemptMs);
    let outcome: StepOutcome;
    try {
      outcome = await executeStep({ runId: job.runId, stepId: job.stepId, nodeId: job.nodeId, attempt: job.attempt, lastError: live.lastError }, {
        executors: this.opts.executors,
        loaded,
        scope: scopeOf(run, () => scope.steps),
        signal: abort.signal,
        baseUrl: this.opts.baseUrl(),
        clock: this.clock,
        credentials: this.opts.credentials,
        router: this.opts.routers ? routerContexts(this.opts.routers, this.opts.random ?? Math.random, run, loaded) : undefined,
        round: live.memory !== undefined ? { memory: live.memory, ...(live.results ? { results: live.results } : {}) } : undefined,
        workflow: (id, version) => this.definitions.published(id, version),
        modelPrice: this.opts.modelPrice,
      });
    } finally {
      clearTimeout(deadline);
      this.aborts.delete(key);
    }
    if (this.stopping && outcome.event.type === 'step.failed') return; // re-executed after restart
    // The result is kept and recorded once the database is back: the step is not executed again.
    await untilReachable(() => this.drive(job, outcome.event, outcome.attempt), this.untilBack());
  }

  /** Runs `fn` after every earlier `fn` for the same run has finished (see `run-locks.ts`). */
  withRunLock<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.with(runId, fn);
  }

  /** Extends this process's lease of `job` by `leaseMs` from now (see `lease.ts`). A failure is reported (an unreachable database to the outage log); the next heartbeat tries again. */
  private extendLease(job: JobRow): void {
    this.opts.store.extendLease(job.id, this.owner, this.clock() + this.leaseMs).catch((err: unknown) => (isUnreachable(err) ? this.outage.failed(err) : reportInternalError(err, `runner: extending the lease of job ${job.id}`)));
  }

  /** See {@link continueInline}; this runner's executors, scope cache and clock. */
  continueInline(run: RunRow, loaded: LoadedVersion, t0: Transition, attempts: AttemptRecord[] = []): Promise<Batch> {
    return continueInline(
      { executors: this.opts.executors, scopes: this.scopes, clock: this.clock, baseUrl: this.opts.baseUrl(), limits: this.limits, routers: this.opts.routers, random: this.opts.random ?? Math.random },
      run,
      loaded,
      t0,
      attempts,
    );
  }

  /**
   * Starts a run: the engine's start transition plus its inline steps, inserted with
   * the run row in one transaction. Resolves once committed.
   * `opts.guards` are applied inside that transaction, before the insert, and may throw to
   * refuse the start (e.g. a scheduler's claim of a fire time); their writes commit with the run
   * (see `storage/ports/guards.ts`).
   */
  async startRun(
    meta: RunMeta,
    loaded: LoadedVersion,
    opts: { guards?: readonly CommitGuard[] } = {},
  ): Promise<void> {
    await this.withRunLock(meta.id, () =>
      this.permits.with(async () => {
        const at = this.clock();
        const t0 = startRun(loaded.compiled, { runId: meta.id, input: meta.input, at });
        this.scopes.seed(meta.id, meta.input);
        const shell: RunRow = {
          id: meta.id,
          workflowId: meta.workflowId,
          version: meta.version,
          status: 'running',
          state: t0.state,
          stateVersion: 0,
          input: meta.input,
          parentRunId: meta.parentRunId ?? null,
        };
        const b = await this.continueInline({ ...shell, state: { ...t0.state } }, loaded, { ...t0, state: t0.state });
        await this.opts.store.commit({ type: 'insert', meta, writes: { state: b.state, log: b.log, effects: b.effects, attempts: b.attempts, at: this.clock() }, guards: withBatch(opts.guards, b) });
        this.afterBatch(shell, null, b.state, b.log, b.effects);
      }),
    );
  }

  /**
   * Applies an event from outside the runner (a person's decision) and continues
   * inline. `guards` are applied inside the commit transaction (e.g. "the task is still
   * open") and may throw to refuse.
   * Resolves to false when the engine ignored the event.
   */
  async applyEvent(runId: string, event: EngineEvent, opts: { guards?: readonly CommitGuard[]; version?: number } = {}): Promise<boolean> {
    return this.withRunLock(runId, () =>
      this.permits.with(async () => {
        for (let tries = 0; ; tries++) {
          const run = await this.opts.store.getRun(runId);
          if (!run) return false;
          // A retry on a newer version continues on that version's definition.
          const loaded = opts.version ? await this.definitions.get(run.workflowId, opts.version) : await this.definitions.forRun(run);
          const before = run.state.status;
          // `run.state` was parsed for this attempt alone, so the transition may edit it in place.
          const { t: t0 } = applyLimited(loaded.compiled, run.state, opts.version ? ({ ...event, def: loaded.compiled } as EngineEvent) : event, this.limits);
          if (!t0.log.length) return false;
          const b = await this.continueInline(run, loaded, t0);
          try {
            await this.opts.store.commit({
              type: 'transition',
              runId: run.id,
              workflowId: run.workflowId,
              expectedVersion: run.stateVersion,
              writes: { state: b.state, log: b.log, effects: b.effects, attempts: b.attempts, version: opts.version, parent: parentOf(run), at: this.clock() },
              guards: withBatch(opts.guards, b),
            });
          } catch (err) {
            if (err instanceof StaleStateError && tries < 8) {
              this.scopes.drop(run.id);
              continue;
            }
            throw err;
          }
          this.afterBatch(run, before, b.state, b.log, b.effects);
          return true;
        }
      }),
    );
  }

  /**
   * Applies a job's event (and its executor attempt) plus its inline continuation, deletes the job, and commits all at once (retrying on a stale state).
   * `childUsage`: an ended child run's quota usage, added to the run's own when the engine accepts the `child.completed` event (counted once: committed with the job's deletion).
   */
  private async drive(job: JobRow, event: EngineEvent, attempt?: AttemptRecord, childUsage?: RunUsage | null): Promise<void> {
    const { store } = this.opts;
    await this.withRunLock(job.runId, () =>
      this.permits.with(async () => {
        for (let tries = 0; ; tries++) {
          const run = await store.getRun(job.runId);
          const loaded = run ? await this.definitions.forRun(run) : null;
          const before = run?.state.status;
          // `run.state` was parsed for this attempt alone, so the transition may edit it in place.
          const applied = run && loaded ? applyLimited(loaded.compiled, run.state, event, this.limits, attempt) : null;
          const t0 = applied?.t;
          if (!run || !loaded || !t0 || t0.log.length === 0) {
            await store.deleteJob(job.id);
            return;
          }
          if (childUsage) addChildUsage(t0.state, childUsage);
          const b = await this.continueInline(run, loaded, t0, applied.attempt ? [applied.attempt] : []);
          try {
            await store.commit({
              type: 'transition',
              runId: run.id,
              workflowId: run.workflowId,
              expectedVersion: run.stateVersion,
              writes: { state: b.state, log: b.log, effects: b.effects, attempts: b.attempts, doneJobId: job.id, parent: parentOf(run), at: this.clock() },
              guards: withBatch(undefined, b),
            });
          } catch (err) {
            if (err instanceof StaleStateError && tries < 8) {
              this.scopes.drop(run.id);
              continue;
            }
            throw err;
          }
          this.afterBatch(run, before!, b.state, b.log, b.effects);
          return;
        }
      }),
    );
  }

  /** After a commit: abort cancelled executors, update the scope cache, signal live views, look for new jobs. `before`: the run's status before the batch (null: the run was just started). */
  private afterBatch(run: RunRow, before: RunState['status'] | null, state: RunState, log: RunLogRecord[], effects: Effect[]): void {
    const cancelled = effects.flatMap((e) => (e.type === 'cancelJobs' ? e.stepIds : []));
    if (cancelled.length) this.abortSteps(run.id, cancelled);
    this.scopes.apply(run.id, log);
    if (state.status === 'waiting') this.scopes.drop(run.id); // parked runs cost rows, not memory
    const touchesTasks = effects.some((e) => e.type === 'createTask' || e.type === 'closeTask' || e.type === 'escalateTask');
    publishRun(run.id, log[log.length - 1].seq, touchesTasks, before === null || state.status !== before ? state.status : null);
    // New jobs (steps, timers, child runs, a finished child's hand-off): look for work.
    const queued = effects.some((e) => e.type === 'execute' || e.type === 'schedule' || e.type === 'startChild' || e.type === 'cancelChild');
    if (queued || (run.parentRunId && isTerminal(state.status))) this.wake();
  }
}

/** The caller's guards plus the batch's own (undefined when there are none: the plain, fastest commit path). */
function withBatch(guards: readonly CommitGuard[] | undefined, b: Batch): readonly CommitGuard[] | undefined {
  if (b.guards.length === 0) return guards;
  return guards ? [...guards, ...b.guards] : b.guards;
}

/** The parent link as read with the run row (the store skips its own lookup). */
function parentOf(run: RunRow): { runId: string | null; stepId: string | null } {
  return { runId: run.parentRunId ?? null, stepId: run.parentStepId ?? null };
}
