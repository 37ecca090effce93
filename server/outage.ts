/**
 * Riding out a database outage (PostgreSQL restarting, the network to it cut): work that
 * fails only because the database cannot be reached (`asUnavailable` in `server/errors.ts`)
 * is tried again with backoff instead of being recorded as a failure, and the outage is
 * logged once when it starts and once when it ends, not once per failed query.
 *
 * Times in ms; deadlines are wall-clock epoch ms (`Date.now()`), not the runner's injected
 * clock, because they bound real waiting.
 */
import 'server-only';
import { asUnavailable } from './errors';

/** First wait after a failure, ms; doubled per failure up to {@link BACKOFF_MAX_MS}. */
export const BACKOFF_MIN_MS = 250;
/** Longest wait between tries while the database is away, ms (how soon work resumes once it is back). */
export const BACKOFF_MAX_MS = 2_000;

/** Wait before try number `failures + 1` (`failures` ≥ 1), ms. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, Math.min(failures - 1, 16)));
}

/** True when `err` means "the database cannot be reached right now". */
export function isUnreachable(err: unknown): boolean {
  return asUnavailable(err) !== null;
}

/**
 * One log line when the database becomes unreachable and one when it answers again,
 * per part of the process (`what`: "runner", "scheduler"). `log` defaults to stderr.
 */
export class OutageLog {
  private since: number | null = null;

  constructor(
    private readonly what: string,
    private readonly log: (line: string) => void = (l) => console.warn(l),
  ) {}

  /** True while an outage is being ridden out. */
  get down(): boolean {
    return this.since !== null;
  }

  /** Records a failure that {@link isUnreachable}; logs only the first of an outage. */
  failed(err: unknown): void {
    if (this.since !== null) return;
    this.since = Date.now();
    this.log(`[baton] ${this.what}: the database is not reachable (${err instanceof Error ? err.message : String(err)}); trying again until it is back`);
  }

  /** Records a success; logs the end of an outage. */
  ok(): void {
    if (this.since === null) return;
    this.log(`[baton] ${this.what}: the database answers again after ${((Date.now() - this.since) / 1000).toFixed(1)} s`);
    this.since = null;
  }
}

/**
 * Thrown by {@link untilReachable} when it stops waiting for the database (deadline passed or
 * the process stopping); `cause` is the last unreachable error. Passed through unchanged by
 * an enclosing {@link untilReachable}, so an outer retry never repeats work an inner one
 * already did (an executed step).
 */
export class GaveUpWaiting extends Error {
  constructor(cause: unknown) {
    super(`gave up waiting for the database: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'GaveUpWaiting';
  }
}

/** Options of {@link untilReachable}. */
export interface UntilReachableOptions {
  /** Give up after this wall-clock time (epoch ms). */
  deadline: number;
  /** Give up as soon as this returns true (the process is stopping). */
  stopped: () => boolean;
  log: OutageLog;
}

/**
 * Runs `fn`; while it fails because the database is unreachable, waits ({@link backoffMs})
 * and runs it again, until it settles otherwise, the deadline passes or `stopped()` holds.
 * `fn` must be safe to repeat (it re-reads what it needs).
 * @throws GaveUpWaiting when giving up (also one thrown by `fn`, at once); any other error of `fn` at once.
 */
export async function untilReachable<T>(fn: () => Promise<T>, o: UntilReachableOptions): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      const v = await fn();
      o.log.ok();
      return v;
    } catch (err) {
      if (err instanceof GaveUpWaiting || !isUnreachable(err)) throw err;
      o.log.failed(err);
      const wait = backoffMs(failures);
      if (o.stopped() || Date.now() + wait > o.deadline) throw new GaveUpWaiting(err);
      await new Promise((r) => setTimeout(r, wait));
      if (o.stopped()) throw new GaveUpWaiting(err);
    }
  }
}
