/**
 * Applies the PostgreSQL migrations (`drizzle/pg/`) under a session-level advisory lock,
 * so that several Baton processes starting together migrate once: the first takes the
 * lock and migrates, the others wait, then find every migration recorded in
 * `drizzle.__drizzle_migrations` and apply none.
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { migrationsFolder } from '../migrations-folder';
import { installPgTypeParsers, redactPgUrl } from './pool';

/** The advisory lock key held while migrating: the ASCII bytes `baton\0\0\1` as an int8. */
export const MIGRATION_LOCK_KEY = '7089075310393556993';

/** What `migratePg` did. */
export interface PgMigrateResult {
  /** Migrations this call applied (0 when another process had applied them). */
  applied: number;
  /** Migrations recorded in the database afterwards. */
  total: number;
}

/** Options of `migratePg`. */
export interface PgMigrateOptions {
  /** Longest wait for another process's migration lock, in ms (default 5 minutes). */
  lockTimeoutMs?: number;
  /** The migrations folder (default `drizzle/pg/`). */
  folder?: string;
  /** Longest wait for the connection to the server, in ms (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * Opens one connection to `url`, takes the migration lock, applies the pending
 * migrations in one transaction (drizzle's node-postgres migrator), releases the lock.
 * @throws Error `Cannot reach PostgreSQL at …` when the server cannot be connected to;
 *   `lock_not_available` (55P03) when the lock is not free within `lockTimeoutMs`; a
 *   failing migration's error (nothing of that run of migrations is kept).
 */
export async function migratePg(url: string, opts: PgMigrateOptions = {}): Promise<PgMigrateResult> {
  installPgTypeParsers();
  const client = new pg.Client({ connectionString: url, application_name: 'baton-migrate', connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`Cannot reach PostgreSQL at ${redactPgUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  client.on('notice', () => {}); // "schema drizzle already exists, skipping" and the like
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(opts.lockTimeoutMs ?? 300_000))}`);
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await client.query('RESET lock_timeout');
    try {
      const before = await countApplied(client);
      await migrate(drizzle(client), { migrationsFolder: opts.folder ?? migrationsFolder('pg') });
      const total = await countApplied(client);
      return { applied: total - before, total };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function countApplied(client: pg.Client): Promise<number> {
  // Two statements: a query naming a missing table fails when it is planned, even in an untaken branch.
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ n: number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
  return Number(r.rows[0]?.n ?? 0);
}
