/**
 * Inline batches: a transition continued through every step it activates whose
 * executor is inline (quick, no side effects outside the run: transform, gateways,
 * end, wait's due time, user-task rendering, child-run input). The caller commits the
 * returned batch as one write set; nothing outside the run sees these steps before
 * that, so a crash simply recomputes them.
 */
import 'server-only';
import { isTerminal, transition } from '@/lib/engine';
import type { CompiledWorkflow, Effect, EngineEvent, Json, RunLogRecord, RunState, RunUsage, Transition } from '@/lib/engine/types';
import type { FlowExecutor } from '@/lib/nodes/executor';
import type { ExpressionScope } from '@/lib/expressions';
import type { AttemptRecord, RunRow } from '../storage/ports/run-store';
import type { LoadedVersion } from './definitions';
import { ScopeNotLoaded, type ScopeCache } from './scope-cache';
import { executeStep } from './execute-step';
import { limitEvent } from './guard';
import { attemptBytes, jsonSize, quotaError, recordBytes, type RunLimits } from './limits';
import type { CommitGuard } from '../storage/ports/guards';
import type { RouterStorePort } from '../storage/ports/routers';
import { routerContexts, trackRouterBranches } from './router-branches';

/** What one batch writes. */
export interface Batch {
  state: RunState;
  log: RunLogRecord[];
  effects: Effect[];
  attempts: AttemptRecord[];
  /** Commit guards the batch's own writes need (router choices and outcomes, `router-branches.ts`). */
  guards: CommitGuard[];
}

export interface BatchContext {
  executors: Record<string, FlowExecutor<unknown>>;
  scopes: ScopeCache;
  clock: () => number;
  baseUrl: string;
  limits: RunLimits;
  /** Router statistics; absent = router steps fail with `ROUTER_UNAVAILABLE`. */
  routers?: RouterStorePort;
  /** Uniform random source in [0, 1) for routers' draws. */
  random: () => number;
}

type StepsView = Record<string, { output: Json; error?: Json }>;

/**
 * Upper bound of log records one inline batch may produce before the rest is queued as
 * jobs. The batch is committed in one synchronous transaction, so this bounds how long
 * a commit holds the event loop (5,000 records: well under 100 ms on 2 cores).
 */
const MAX_INLINE_RECORDS = 5_000;
/** Inline executors are not cancelled mid-way: they are quick and run within the batch. */
const NEVER = new AbortController().signal;

/**
 * The expression scope of a step. `$steps` is loaded only when an expression reads it
 * (a parked run's outputs are not cached, and many steps evaluate no expression).
 */
export function scopeOf(run: RunRow, steps: () => StepsView, state: RunState = run.state, info: ExpressionScope['run'] = runInfo(run, state)): ExpressionScope {
  return {
    input: run.input,
    get steps() {
      return steps();
    },
    vars: state.vars,
    run: info,
  };
}

/** `$run`: the run's id, workflow, version and start time (ISO 8601). */
function runInfo(run: RunRow, state: RunState): ExpressionScope['run'] {
  return { id: run.id, workflowId: run.workflowId, version: run.version, startedAt: new Date(state.startedAt).toISOString() };
}

/**
 * Applies `event` to `state` (edited in place) after the step data limit
 * ({@link limitEvent}): the runner applies every event through here. `attempt`: the
 * executor attempt the event reports, returned as it must be stored.
 * @throws AppError('invalid') for a person's decision whose data is over the limit.
 */
export function applyLimited(def: CompiledWorkflow, state: RunState, event: EngineEvent, limits: RunLimits, attempt?: AttemptRecord): { t: Transition; attempt?: AttemptRecord } {
  const l = limitEvent(def, state, event, limits, attempt);
  return { t: transition(def, state, l ? l.event : event, { inPlace: true }), attempt: l ? l.attempt : attempt };
}

/**
 * Continues `t0` (already applied to `run.state`) through its inline steps.
 * `attempts`: attempt records to commit with the batch (e.g. the job's own attempt).
 *
 * Counts the run's quotas as it goes (`state.usage`: steps activated, bytes stored,
 * committed with the state, including what ended child runs used, added to
 * `t0.state.usage` before the call): once a quota is exceeded the run fails with
 * `RUN_QUOTA` (`run.fail`) and nothing more of it runs, even within this batch.
 */
export async function continueInline(ctx: BatchContext, run: RunRow, loaded: LoadedVersion, t0: Transition, attempts: AttemptRecord[] = []): Promise<Batch> {
  const def = loaded.compiled;
  let state = run.state;
  const log: RunLogRecord[] = [];
  const effects: Effect[] = [];
  const queue: Array<Extract<Effect, { type: 'execute' }>> = [];
  // The run's committed log sequence number (before t0's records), which the cached outputs must match.
  const committedSeq = t0.log.length ? t0.log[0].seq - 1 : run.state.seq;
  // This batch's outputs on top of the run's committed ones (loaded on first use).
  const overlay: StepsView = {};
  let merged: StepsView | null = null;
  // Not cached (a run resumed after a park, a restart): the first step that reads `$steps`
  // stops at once, the outputs are loaded, and the step (inline: no side effects) runs again.
  let missed = false;
  const steps = () => {
    if (merged) return merged;
    const cached = ctx.scopes.peek(run.id, committedSeq);
    if (!cached) {
      missed = true;
      throw new ScopeNotLoaded(run.id);
    }
    return (merged = { ...cached.steps, ...overlay });
  };
  const setStep = (nodeId: string, v: { output: Json; error?: Json }) => {
    overlay[nodeId] = v;
    if (merged) merged[nodeId] = v;
  };
  const u0 = t0.state.usage;
  const usage: RunUsage = { steps: u0?.steps ?? 0, bytes: u0?.bytes ?? 0 };
  if (u0?.childSteps !== undefined) {
    usage.childSteps = u0.childSteps;
    usage.childBytes = u0.childBytes;
  }
  for (const a of attempts) usage.bytes += attemptBytes(a);
  let lastStep: { stepId: string; nodeId: string } | null = null;
  const absorb = (t: Transition) => {
    state = t.state;
    for (const rec of t.log) {
      log.push(rec);
      usage.bytes += recordBytes(rec);
      if (rec.type === 'step.activated') {
        usage.steps++;
        lastStep = rec;
      } else if (rec.type === 'step.succeeded') setStep(rec.nodeId, { output: rec.output });
      else if (rec.type === 'step.failed' && rec.handled) setStep(rec.nodeId, { output: { error: rec.error } as unknown as Json, error: rec.error as unknown as Json });
      else if (rec.type === 'child.completed') lastStep = rec; // a child's usage was just added: stopped at the step that awaited it
    }
    for (const e of t.effects) {
      if (e.type === 'execute' && loaded.inline.has(e.nodeId) && log.length < MAX_INLINE_RECORDS) queue.push(e);
      else {
        if (e.type === 'createTask') usage.bytes += jsonSize(e.task);
        effects.push(e);
      }
    }
    state.usage = usage;
    if ((usage.steps > ctx.limits.runSteps || usage.bytes > ctx.limits.runBytes) && !isTerminal(state.status)) {
      // Ends the run: live steps cancelled (queued inline steps are skipped below), no compensation.
      absorb(transition(def, state, { type: 'run.fail', error: quotaError(def, usage, ctx.limits, lastStep), at: ctx.clock() }, { inPlace: true }));
    }
  };
  absorb(t0);
  const info = runInfo(run, state); // the same for every step of the batch
  const router = ctx.routers ? routerContexts(ctx.routers, ctx.random, run, loaded) : undefined;
  let sinceYield = 0;
  while (queue.length) {
    const e = queue.shift()!;
    if (!state.live[e.stepId]) continue; // ended by an earlier step of this batch
    const exec = () =>
      executeStep(
        { runId: run.id, stepId: e.stepId, nodeId: e.nodeId, attempt: e.attempt, lastError: state.live[e.stepId]?.lastError },
        { executors: ctx.executors, loaded, scope: scopeOf(run, steps, state, info), signal: NEVER, baseUrl: ctx.baseUrl, clock: ctx.clock, router },
      );
    let o = await exec();
    if (missed) {
      missed = false;
      merged = { ...(await ctx.scopes.load(run.id, run.input, run.state.activations, committedSeq)).steps, ...overlay };
      o = await exec();
    }
    // `state` is this batch's private copy (from t0), so it can be edited in place.
    // (`applyLimited` inlined: no result object per step on this hot path.)
    const l = limitEvent(def, state, o.event, ctx.limits, o.attempt);
    const attempt = l ? l.attempt : o.attempt;
    const t = transition(def, state, l ? l.event : o.event, { inPlace: true });
    // A first attempt that succeeded inline with nothing logged is fully described by
    // its step row (input, output, times); only other attempts get their own row.
    if (attempt && !(attempt.status === 'succeeded' && attempt.attempt === 1 && attempt.logs.length === 0)) {
      attempts.push(attempt);
      usage.bytes += attemptBytes(attempt);
    }
    absorb(t);
    // Let timers and sockets breathe during long inline chains.
    if (++sinceYield >= 200) {
      sinceYield = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
  const routed = trackRouterBranches(loaded, run, state, log);
  return { state, log, effects, attempts, guards: routed ? [routed] : [] };
}
