/**
 * Per-caller admission for work done on request (testing one step): at most
 * `perCaller` requests of one caller in flight, at most `total` in flight across all
 * callers, and at most `perWindow` starts per caller in any `windowMs` (a sliding
 * window of start times). One person cannot stall the others by sending many at once.
 * In memory, per process: the limits protect this process's CPU and sockets.
 */
import { AppError } from '../errors';

export interface CallerLimits {
  perCaller: number;
  total: number;
  perWindow: number;
  /** Length of the rate window, ms. */
  windowMs: number;
}

export class CallerLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly starts = new Map<string, number[]>();
  private total = 0;

  constructor(
    private readonly limits: CallerLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Admits one request of `caller`; call the returned `release` (idempotent) when it ends.
   * @throws AppError('too_many_requests') naming the limit that was hit.
   */
  acquire(caller: string): () => void {
    const now = this.clock();
    const recent = (this.starts.get(caller) ?? []).filter((t) => t > now - this.limits.windowMs);
    const mine = this.inFlight.get(caller) ?? 0;
    if (mine >= this.limits.perCaller)
      throw new AppError('too_many_requests', `you already have ${mine} step test${mine === 1 ? '' : 's'} running; wait for ${mine === 1 ? 'it' : 'them'} to finish`);
    if (recent.length >= this.limits.perWindow)
      throw new AppError('too_many_requests', `at most ${this.limits.perWindow} step tests per ${Math.round(this.limits.windowMs / 1000)} s; try again in a moment`);
    if (this.total >= this.limits.total) throw new AppError('too_many_requests', 'the server is busy testing other steps; try again in a moment');
    recent.push(now);
    this.starts.set(caller, recent);
    this.inFlight.set(caller, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.inFlight.get(caller) ?? 1) - 1;
      if (left > 0) this.inFlight.set(caller, left);
      else this.inFlight.delete(caller);
    };
  }
}
