/**
 * Per-run cache of successful step outputs (`$steps` in expressions), so building an
 * executor's scope does not re-read the run's whole history for every step. Filled
 * from the database on a miss and kept current from committed log records.
 */
import 'server-only';
import type { Json, RunLogRecord } from '@/lib/engine/types';
import type { RunStore } from '../storage/run-store';

interface Entry {
  input: Json;
  steps: Record<string, { output: Json; error?: Json }>;
}

export class ScopeCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly store: RunStore,
    private readonly max = 2000,
  ) {}

  /** `{ input, steps }` of a run. The returned objects are shared: treat them as read-only. */
  get(runId: string, input: Json): Entry {
    let e = this.entries.get(runId);
    if (!e) {
      const steps: Record<string, { output: Json; error?: Json }> = {};
      for (const [nodeId, v] of this.store.stepOutputs(runId)) steps[nodeId] = v;
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
