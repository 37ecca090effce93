/**
 * A counting semaphore: at most `size` holders at once, the rest wait in arrival
 * order. The runner takes a permit for the part of a batch that holds a run's parsed
 * state (read, transition, inline steps, commit), so a burst of thousands of starts
 * or decisions moves through in waves the size of a group commit instead of holding
 * every run's state in memory at once.
 */
export class Permits {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  /** @param size permits; at least 1 */
  constructor(size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Runs `fn` while holding a permit; the permit is returned when `fn` settles. */
  async with<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
