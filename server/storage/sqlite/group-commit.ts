/**
 * Group commit: write sets submitted in the same turn of the event loop are applied
 * in one SQLite transaction. Write sets must be synchronous database writes that can
 * be applied again: when one is refused (a stale run version, a task already
 * completed), the group is re-applied with each write set inside its own savepoint, so
 * the refused one rolls back alone while the others commit. A caller's promise
 * resolves only after the shared COMMIT, so nothing is acknowledged before it is
 * durable. Amortizes the per-commit cost (WAL frames of
 * shared pages, locking) across runs.
 */
import 'server-only';
import type Database from 'better-sqlite3';

interface Pending {
  fn: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  /** @param maxBatch most write sets per transaction */
  constructor(
    private readonly sqlite: Database.Database,
    private readonly maxBatch = 1000,
  ) {}

  /**
   * Queues synchronous writes for the next shared transaction.
   * @returns resolves once committed; rejects with what `fn` threw (its writes rolled back).
   */
  submit(fn: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ fn, resolve, reject });
      // A full group commits at once: under a burst, write sets (and what their callers
      // hold) do not pile up until the next turn of the event loop.
      if (this.pending.length >= this.maxBatch && !this.sqlite.inTransaction) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    if (this.pending.length) this.schedule();
    if (!batch.length) return;
    // Fast path: every write set in one transaction without savepoints. Refusals are rare
    // (a stale run version, a task decided twice); when one happens the whole transaction
    // rolls back and the group is applied again, each write set in its own savepoint.
    try {
      this.sqlite.transaction(() => {
        for (const item of batch) item.fn();
      }).immediate();
      for (const item of batch) item.resolve();
      return;
    } catch {
      // fall through to the isolated path
    }
    const failures = new Map<number, unknown>();
    try {
      this.sqlite
        .transaction(() => {
          batch.forEach((item, i) => {
            try {
              this.sqlite.transaction(item.fn)(); // a savepoint inside the shared transaction
            } catch (err) {
              failures.set(i, err ?? new Error('write set refused'));
            }
          });
        })
        .immediate();
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
    batch.forEach((item, i) => (failures.has(i) ? item.reject(failures.get(i)) : item.resolve()));
  }
}
