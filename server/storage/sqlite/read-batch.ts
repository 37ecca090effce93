/**
 * Read coalescing on SQLite: the port's point reads (a run's row, a task's snapshot, the
 * acting person) that are asked for in the same turn of the event loop run together, in
 * one read transaction, on the next microtask.
 *
 * Why: in WAL mode every statement outside a transaction opens and closes a read
 * transaction of its own (shared-memory read mark, file locks: a few system calls), which
 * costs several times the B-tree lookup itself. A burst — thousands of decisions, starts
 * or resumed runs at once — issues its reads in the same turn; sharing one read
 * transaction makes each read cost only its lookup.
 *
 * Semantics: every read of a batch sees the same committed snapshot, taken after the
 * caller asked (on the microtask that runs the batch), and before its promise resolves;
 * writes are synchronous transactions, so a batch never sees half of one. A read that
 * throws rejects its own promise only. Inside a transaction opened by someone else (a
 * synchronous caller still in its transaction when the microtask runs) the reads run
 * within it, as they would have without coalescing.
 */
import 'server-only';
import type Database from 'better-sqlite3';

interface Pending {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

/** Most reads in one shared read transaction (bounds how long it holds the event loop). */
const MAX_BATCH = 5_000;

export class ReadBatch {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.begin = sqlite.prepare('BEGIN');
    this.commit = sqlite.prepare('COMMIT');
  }

  /**
   * Runs the synchronous read `fn` with the other reads of this turn.
   * @returns what `fn` returned; rejects with what it threw.
   */
  read<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.length > MAX_BATCH ? this.queue.splice(0, MAX_BATCH) : this.queue;
    if (batch === this.queue) this.queue = [];
    else {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
    // One read alone costs the same with or without a transaction around it.
    const shared = batch.length > 1 && this.sqlite.open && !this.sqlite.inTransaction;
    if (shared) {
      try {
        this.begin.run();
      } catch (err) {
        for (const item of batch) item.reject(err);
        return;
      }
    }
    const results: unknown[] = new Array(batch.length);
    const failed: boolean[] = new Array(batch.length).fill(false);
    for (let i = 0; i < batch.length; i++) {
      try {
        results[i] = batch[i].fn();
      } catch (err) {
        failed[i] = true;
        results[i] = err;
      }
    }
    if (shared && this.sqlite.inTransaction) {
      try {
        this.commit.run(); // a read-only transaction: COMMIT only releases the snapshot
      } catch {
        // Nothing was written, so nothing is lost; the snapshot ends with the connection.
      }
    }
    for (let i = 0; i < batch.length; i++) {
      if (failed[i]) batch[i].reject(results[i]);
      else batch[i].resolve(results[i]);
    }
  }
}

const batches = new WeakMap<Database.Database, ReadBatch>();

/** The read batch of a connection (one per connection, shared by every store on it). */
export function readBatch(sqlite: Database.Database): ReadBatch {
  let b = batches.get(sqlite);
  if (!b) batches.set(sqlite, (b = new ReadBatch(sqlite)));
  return b;
}
