/**
 * Job leases: how long a claimed job belongs to the process that claimed it, and how
 * that process keeps it while the job is still in hand.
 *
 * A runner leases each job it claims for `leaseMs` (`BATON_LEASE_MS`, default 60 s). While
 * the job is in hand — from the claim until its result is committed — the runner extends the lease
 * every `leaseMs / 3` ({@link heartbeatMs}), so a long step on a live process keeps its job
 * even when it outlasts the lease, and two heartbeats may be lost (a stalled event loop, a
 * slow database) before another process may take it. A process that dies stops extending:
 * its jobs become claimable at most `leaseMs` after its last heartbeat, which bounds
 * failover on PostgreSQL with several processes (a single SQLite process releases a dead
 * predecessor's leases at start instead).
 *
 * Shorter leases mean faster failover and more heartbeat writes (one `UPDATE` per running
 * job per `leaseMs / 3`); longer ones the opposite.
 */

/** Lease length when `BATON_LEASE_MS` is unset, ms. */
export const DEFAULT_LEASE_MS = 60_000;
/** Shortest lease accepted, ms: below it heartbeats would come every few hundred ms per job. */
export const MIN_LEASE_MS = 1_000;
/** Longest lease accepted, ms (1 hour): a crashed process's work would wait that long. */
export const MAX_LEASE_MS = 3_600_000;

/**
 * The lease length from `BATON_LEASE_MS` (unset or empty: {@link DEFAULT_LEASE_MS}), ms.
 * @throws Error naming the variable when the value is not a whole number from
 *   {@link MIN_LEASE_MS} to {@link MAX_LEASE_MS}.
 */
export function leaseMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BATON_LEASE_MS?.trim();
  if (!raw) return DEFAULT_LEASE_MS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < MIN_LEASE_MS || n > MAX_LEASE_MS) {
    throw new Error(`BATON_LEASE_MS must be a whole number of milliseconds from ${MIN_LEASE_MS} to ${MAX_LEASE_MS}, not "${raw}"`);
  }
  return n;
}

/** Interval between extensions of a held lease, ms: a third of the lease (at least 1 ms). */
export function heartbeatMs(leaseMs: number): number {
  return Math.max(1, Math.floor(leaseMs / 3));
}
