/**
 * Per-run cache of successful step outputs (`$steps` in expressions), so building an
 * executor's scope does not re-read the run's history for every step. Filled from the
 * database on a miss and kept current from committed log records.
 *
 * A miss (a run resumed after a park, an eviction or a restart) is loaded with
 * {@link ScopeCache.load}: each node's latest finished step, located from the run's
 * activation counts (`RunStorePort.latestOutputs`), never the run's whole history: a 10,000-step loop costs
 * one row per node (plus any unfinished latest activations of a node). Unlike the
 * services' bounded scope, the runner applies no byte budget and no look-back limit:
 * an expression may need any node's latest output, and each output is already bounded
 * by the step data limit.
 *
 * Each entry remembers the log sequence number it reflects (`seq`). Another process may
 * commit to the same run (several Baton processes on one PostgreSQL database), and those
 * commits never reach this cache: a reader passes the run's committed `seq`, and an entry
 * behind it is a miss; a commit whose records do not follow the entry's `seq` drops it.
 */
import 'server-only';
import type { Json, RunLogRecord } from '@/lib/engine/types';
import type { RunStorePort } from '../storage/ports/run-store';

interface Entry {
  input: Json;
  /** The last log record folded in (0: none). */
  seq: number;
  steps: Record<string, { output: Json; error?: Json }>;
}

/**
 * Thrown by a scope's `$steps` when the run's entry is not loaded: the caller loads it
 * ({@link ScopeCache.load}) and runs the (inline, side-effect free) step again.
 */
export class ScopeNotLoaded extends Error {
  constructor(readonly runId: string) {
    super(`the step outputs of run ${runId} are not loaded`);
    this.name = 'ScopeNotLoaded';
  }
}

export class ScopeCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly store: Pick<RunStorePort, 'latestOutputs'>,
    private readonly max = 2000,
  ) {}

  /**
   * The cached `{ input, steps }` of a run as of its committed log sequence number `seq`,
   * or undefined (not cached, or cached at another `seq`). Shared objects: read-only.
   */
  peek(runId: string, seq: number): Entry | undefined {
    const e = this.entries.get(runId);
    return e && e.seq === seq ? e : undefined;
  }

  /**
   * `{ input, steps }` of a run, read on a miss. `activations`: the run's activation
   * counts per node (`RunState.activations`), which locate each node's latest step;
   * `steps` then lists the nodes in completion order. `seq`: the run's committed log
   * sequence number the caller read with them. Shared objects: read-only.
   */
  async load(runId: string, input: Json, activations: Record<string, number>, seq: number): Promise<Entry> {
    const hit = this.peek(runId, seq);
    if (hit) return hit;
    const latest = await this.store.latestOutputs(runId, activations);
    const again = this.peek(runId, seq); // filled meanwhile
    if (again) return again;
    const steps: Record<string, { output: Json; error?: Json }> = {};
    for (const [nodeId, v] of [...latest].sort((a, b) => a[1].endedAt - b[1].endedAt)) steps[nodeId] = v.error === undefined ? { output: v.output } : { output: v.output, error: v.error };
    const e = { input, seq, steps };
    this.entries.delete(runId);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(runId, e);
    return e;
  }

  /** Starts an empty entry for a run that has no finished steps yet (a new run): no query needed. */
  seed(runId: string, input: Json): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(runId, { input, seq: 0, steps: {} });
  }

  /** Forgets a run (parked, or its cached view may hold uncommitted outputs). */
  drop(runId: string): void {
    this.entries.delete(runId);
  }

  /**
   * Folds committed log records into a cached entry; drops the entry when the run ends,
   * or when the records do not continue the entry's `seq` (commits it has not seen).
   */
  apply(runId: string, log: RunLogRecord[]): void {
    const e = this.entries.get(runId);
    if (!e || log.length === 0) return;
    if (log[0].seq !== e.seq + 1) {
      this.entries.delete(runId);
      return;
    }
    e.seq = log[log.length - 1].seq;
    for (const rec of log) {
      if (rec.type === 'step.succeeded') e.steps[rec.nodeId] = { output: rec.output };
      // A failure taken through the error port: `$steps.<id>.error` in later expressions.
      else if (rec.type === 'step.failed' && rec.handled) e.steps[rec.nodeId] = { output: { error: rec.error } as unknown as Json, error: rec.error as unknown as Json };
      else if (rec.type === 'run.succeeded' || rec.type === 'run.failed' || rec.type === 'run.cancelled' || rec.type === 'run.compensated') this.entries.delete(runId);
    }
  }
}
