/**
 * The per-account sign-in limit, independent of the client address: after
 * `failures` refused passwords for one email address within `windowMs`, sign-in to
 * that account is refused (429, `Retry-After`) for `lockMs`, even with the right
 * password, from any address. A successful sign-in clears the count. Unknown email
 * addresses are counted like real ones, so the answer tells nothing about which exist.
 *
 * Settings: `BATON_ACCOUNT_LOCK_FAILURES` (default 10), `BATON_ACCOUNT_LOCK_WINDOW_S`
 * (default 900), `BATON_ACCOUNT_LOCK_S` (default 300). State lives in the process's
 * memory (like the per-address limit) and holds at most {@link MAX_TRACKED_ACCOUNTS}
 * accounts. At the cap only spent entries are dropped (not locked, no failure inside the
 * window); an account that is locked or has recent failures is never forgotten, so failing
 * sign-ins on many other emails cannot reset a victim's count or lift its lock. While all
 * tracked entries are live, a failure for an account not yet tracked is not counted: that
 * account is then protected by the per-address limit only (filling the table takes 50,000
 * failures within one window, each under that limit and each in the audit log). Counting
 * such accounts as locked instead would let the same flood lock out everyone.
 */
import 'server-only';

/** How many accounts' failure counts are kept at most (memory bound). */
export const MAX_TRACKED_ACCOUNTS = 50_000;

export interface AccountLockOptions {
  /** Refused sign-ins within the window that lock the account. */
  failures: number;
  /** Window in which failures are counted, ms. */
  windowMs: number;
  /** How long a locked account stays locked, ms. */
  lockMs: number;
  /** Epoch ms. */
  clock?: () => number;
}

interface Entry {
  /** Times of recent failures, epoch ms, oldest first. */
  failures: number[];
  /** Locked until this epoch ms (0: not locked). */
  lockedUntil: number;
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The options from `BATON_ACCOUNT_LOCK_FAILURES`, `BATON_ACCOUNT_LOCK_WINDOW_S` and `BATON_ACCOUNT_LOCK_S`. */
export function accountLockOptions(env: Record<string, string | undefined>): AccountLockOptions {
  return {
    failures: positiveInt(env.BATON_ACCOUNT_LOCK_FAILURES, 10),
    windowMs: positiveInt(env.BATON_ACCOUNT_LOCK_WINDOW_S, 900) * 1000,
    lockMs: positiveInt(env.BATON_ACCOUNT_LOCK_S, 300) * 1000,
  };
}

export class AccountLock {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;
  /**
   * Epoch ms before which no tracked entry can be spent (the earliest expiry the last
   * prune kept): while the map is full, failures for new accounts skip the scan until then,
   * so a flood of them costs O(1) each rather than a scan of every entry.
   */
  private nextExpiry = 0;

  constructor(private readonly opts: AccountLockOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Seconds until `account` may try again (≥ 1), or 0 when it is not locked. */
  lockedFor(account: string): number {
    const e = this.entries.get(account);
    const left = e ? e.lockedUntil - this.clock() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /**
   * Counts a refused sign-in for `account`.
   * @returns the lock's length in seconds when this failure locked the account, else 0.
   */
  fail(account: string): number {
    const now = this.clock();
    let e = this.entries.get(account);
    if (!e) {
      if (this.entries.size >= MAX_TRACKED_ACCOUNTS && now >= this.nextExpiry) this.prune(now);
      if (this.entries.size >= MAX_TRACKED_ACCOUNTS) return 0; // full of live entries: see the module doc
      e = { failures: [], lockedUntil: 0 };
      this.entries.set(account, e);
      this.nextExpiry = Math.min(this.nextExpiry, now + this.opts.windowMs);
    }
    e.failures = e.failures.filter((t) => now - t < this.opts.windowMs);
    e.failures.push(now);
    if (e.failures.length < this.opts.failures) return 0;
    e.failures = [];
    e.lockedUntil = now + this.opts.lockMs;
    return Math.ceil(this.opts.lockMs / 1000);
  }

  /** A successful sign-in: forgets the account's failures. */
  succeed(account: string): void {
    this.entries.delete(account);
  }

  /** How many accounts are tracked now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Drops the spent entries (not locked, no failure inside the window); live entries stay.
   * Notes the earliest time a kept entry expires: entries only expire later when updated.
   */
  private prune(now: number): void {
    let next = Infinity;
    for (const [k, e] of this.entries) {
      const expires = Math.max(e.lockedUntil, (e.failures.at(-1) ?? 0) + this.opts.windowMs);
      if (expires <= now) this.entries.delete(k);
      else next = Math.min(next, expires);
    }
    this.nextExpiry = next;
  }
}
