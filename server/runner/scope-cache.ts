/**
 * Per-run cache of successful step outputs (`$steps` in expressions), so building an
 * executor's scope does not re-read the run's history for every step. Filled from the
 * database on a miss and kept current from committed log records.
 *
 * A miss (a run resumed after a park, an eviction or a restart) reads each node's
 * latest finished step by primary key from the run's activation counts
 * (`RunReadPort.latestOutputs`), never the run's whole history: a 10,000-step loop costs
 * one row per node (plus any unfinished latest activations of a node). Unlike the
 * services' bounded scope, the runner applies no byte budget and no look-back limit:
 * an expression may need any node's latest output, and each output is already bounded
 * by the step data limit.
 */
import 'server-only';
import type { Json, RunLogRecord } from '@/lib/engine/types';
import type { RunStore } from '../storage/run-store';
import { SqliteRunReads } from '../storage/sqlite/run-reads';

interface Entry {
  input: Json;
  steps: Record<string, { output: Json; error?: Json }>;
}

export class ScopeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly reads: SqliteRunReads;
  constructor(
    store: RunStore,
    private readonly max = 2000,
  ) {
    this.reads = new SqliteRunReads({ sqlite: store.sqlite });
  }

  /**
   * `{ input, steps }` of a run. The returned objects are shared: treat them as read-only.
   * `activations`: the run's activation counts per node (`RunState.activations`), which
   * locate each node's latest step on a miss; `steps` then lists the nodes in completion order.
   */
  get(runId: string, input: Json, activations: Record<string, number>): Entry {
    let e = this.entries.get(runId);
    if (!e) {
      const steps: Record<string, { output: Json; error?: Json }> = {};
      const latest = this.reads.latestOutputsNow(runId, activations, Infinity, Infinity).steps;
      for (const [nodeId, v] of [...latest].sort((a, b) => a[1].endedAt - b[1].endedAt)) steps[nodeId] = v.error === undefined ? { output: v.output } : { output: v.output, error: v.error };
      e = { input, steps };
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(runId, e);
    }
    return e;
  }

  /** Starts an empty entry for a run that has no finished steps yet (a new run): no query needed. */
  seed(runId: string, input: Json): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(runId, { input, steps: {} });
  }

  /** Forgets a run (parked, or its cached view may hold uncommitted outputs). */
  drop(runId: string): void {
    this.entries.delete(runId);
  }

  /** Folds committed log records into a cached entry; drops the entry when the run ends. */
  apply(runId: string, log: RunLogRecord[]): void {
    const e = this.entries.get(runId);
    if (!e) return;
    for (const rec of log) {
      if (rec.type === 'step.succeeded') e.steps[rec.nodeId] = { output: rec.output };
      // A failure taken through the error port: `$steps.<id>.error` in later expressions.
      else if (rec.type === 'step.failed' && rec.handled) e.steps[rec.nodeId] = { output: { error: rec.error } as unknown as Json, error: rec.error as unknown as Json };
      else if (rec.type === 'run.succeeded' || rec.type === 'run.failed' || rec.type === 'run.cancelled' || rec.type === 'run.compensated') this.entries.delete(runId);
    }
  }
}
