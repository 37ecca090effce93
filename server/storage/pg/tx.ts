/**
 * Transactions on PostgreSQL: one pooled connection, `BEGIN … COMMIT`, and a retry of the
 * whole body when PostgreSQL reports a serialization failure (SQLSTATE 40001) or a
 * deadlock (40P01), the two errors after which repeating the transaction is the
 * documented remedy (PostgreSQL 15 manual, §13.2 "Transaction Isolation", §13.3.4
 * "Deadlocks"). The body may therefore run more than once: it must not have effects
 * outside the database.
 */
import type pg from 'pg';

/** A connection or a pool: what a PostgreSQL port implementation runs its queries on. */
export type PgQueryable = pg.Pool | pg.PoolClient;

/** SQLSTATEs after which the transaction is retried. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Options of {@link pgTransaction}. */
export interface PgTransactionOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** `BEGIN` mode, e.g. `ISOLATION LEVEL SERIALIZABLE` (default: the server's, READ COMMITTED). */
  mode?: string;
}

/** True for an error PostgreSQL reports with a retryable SQLSTATE. */
export function isRetryablePgError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: string }).code ?? '');
}

/**
 * Runs `fn` in one transaction on a connection taken from `pool`, committing when it
 * resolves and rolling back when it throws. Retried from the start (after 5–40 ms,
 * growing, with jitter) on a serialization failure or deadlock.
 * @returns what `fn` resolved to.
 * @throws what `fn` threw (after rollback), or the last retryable error when every attempt failed.
 */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: PgTransactionOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  for (let i = 1; ; i++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(opts.mode ? `BEGIN ${opts.mode}` : 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable: do not return it to the pool
      }
      if (i < attempts && isRetryablePgError(err)) {
        await new Promise((r) => setTimeout(r, Math.min(40, 5 * 2 ** (i - 1)) * (0.5 + Math.random())));
        continue;
      }
      throw err;
    } finally {
      client.release(broken ? true : undefined);
    }
  }
}

/**
 * Runs `fn` under a savepoint of the transaction open on `client`: when `fn` throws, only
 * its writes are undone and the error is rethrown; the transaction goes on. Used by the
 * group commit so that one run's refused write set does not undo the others.
 */
export async function pgSavepoint<T>(client: pg.PoolClient, name: string, fn: () => Promise<T>): Promise<T> {
  await client.query(`SAVEPOINT ${name}`);
  try {
    const r = await fn();
    await client.query(`RELEASE SAVEPOINT ${name}`);
    return r;
  } catch (err) {
    await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw err;
  }
}
