/**
 * One batch at a time per run in this process: `RunLocks.with(runId, fn)` runs `fn` after
 * every earlier `fn` for the same run has settled, so concurrent branches of a run queue
 * up instead of recomputing each other's batches. Runs never wait for each other.
 */
import 'server-only';

export class RunLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once the run's earlier holders have finished; resolves or rejects as `fn` does. */
  async with<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(runId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(runId, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(runId) === tail) this.tails.delete(runId);
    }
  }
}
