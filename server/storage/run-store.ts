/**
 * The synchronous SQLite run store for services that still read and write runs directly
 * (`app.store`): the same core the runner's port uses (`sqlite/run-core.ts`) plus
 * one-statement transactions. New code uses `Storage.runs` (`ports/run-store.ts`).
 */
import 'server-only';
import { SqliteRunCore } from './sqlite/run-core';
import type { TransitionWrites } from './ports/run-store';

export { StaleStateError, TaskClosedError, RunExistsError, type AttemptRecord, type JobRow, type RunRow, type TaskPayload, type TransitionWrites } from './ports/run-store';

export class RunStore extends SqliteRunCore {
  /** Runs `fn` in one immediate transaction (for read-transition-write sequences). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  /**
   * Applies one transition's whole write set atomically, guarded by the run's state version.
   * @throws StaleStateError when `expectedVersion` is not the run's current version (nothing is written).
   */
  commitTransition(runId: string, workflowId: string, expectedVersion: number, writes: TransitionWrites): void {
    this.sqlite.transaction(() => this.commitInside(runId, workflowId, expectedVersion, writes))();
  }
}
