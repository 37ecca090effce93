/**
 * Connections to Baton's PostgreSQL database (node-postgres), set up so that values reach
 * JavaScript as the same types as from SQLite:
 * - `bigint` (int8: epoch-ms times, row ids, `count(*)`) → JS number. node-postgres returns
 *   int8 as a string by default; a value outside ±2^53 (which Baton never stores) stays a
 *   decimal string rather than being silently rounded.
 * - `numeric` (e.g. `avg()`) → JS number, like SQLite's REAL.
 * The parsers are installed on node-postgres' process-wide type table, because drizzle's
 * node-postgres session reads that table, not a pool's own `types`.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema';

/** A drizzle client over the PostgreSQL schema. */
export type PgDb = NodePgDatabase<typeof schema>;

const INT8_OID = 20;
const NUMERIC_OID = 1700;
let installed = false;

/** Makes node-postgres return int8 and numeric as JS numbers (idempotent, process-wide). */
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  pg.types.setTypeParser(INT8_OID, (v: string) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  });
  pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));
}

/** `url` with its password replaced by `***`, for error messages and logs. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable PostgreSQL URL)';
  }
}

/** Options of `createPgPool`. */
export interface PgPoolOptions {
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** Per-statement limit in ms (PostgreSQL `statement_timeout`); default none. */
  statementTimeoutMs?: number;
  /** Shown in `pg_stat_activity.application_name` (default `baton`). */
  applicationName?: string;
  /**
   * Called when an idle pooled connection fails (the server restarted, an administrator
   * ended it); the pool drops that connection and opens a new one on the next query.
   * Default: a warning on stderr. Without a listener node-postgres' error would end the process.
   */
  onIdleError?: (err: Error) => void;
}

/**
 * A node-postgres pool on `url` (`postgres://…` or `postgresql://…`) with Baton's type parsers.
 * A lost connection never ends the process: idle ones are reported (`onIdleError`) and
 * replaced, busy ones fail the queries that used them (`asUnavailable` in `server/errors.ts`).
 */
export function createPgPool(url: string, opts: PgPoolOptions = {}): pg.Pool {
  installPgTypeParsers();
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'baton',
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  pool.on('error', opts.onIdleError ?? ((err) => console.warn(`[baton] idle PostgreSQL connection lost (${redactPgUrl(url)}): ${err.message}`)));
  // A connection that fails while checked out (a transaction under way when PostgreSQL stops)
  // emits 'error' with no pool listener attached, which would end the process. Its running
  // and queued queries are rejected with that error anyway, and the holder releases it as
  // broken, so the event itself needs no handling.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** A drizzle client over `pool` with the PostgreSQL schema. */
export function pgDrizzle(pool: pg.Pool): PgDb {
  return drizzle(pool, { schema });
}
