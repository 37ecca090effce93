/**
 * Fresh PostgreSQL databases for tests: each `createTestPgDatabase()` creates a uniquely
 * named database (`baton_test_<time>_<random>`) on the server of `BATON_TEST_PG_URL`
 * (default `postgres://postgres@127.0.0.1:5432/test`, the development and CI server),
 * applies Baton's PostgreSQL migrations to it and returns its URL and a `drop()`.
 *
 * A server that cannot be reached is an error naming the URL and how to start it: tests
 * that need PostgreSQL fail, they never skip.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { migratePg } from '@/server/db/pg/migrate';
import { redactPgUrl } from '@/server/db/pg/pool';

/** The server tests create their databases on (its own database is only connected to). */
export const TEST_PG_URL = process.env.BATON_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A test database and how to remove it. */
export interface TestPgDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Its name (`baton_test_…`). */
  name: string;
  /** Drops the database, closing whatever connections are left open to it (idempotent). */
  drop(): Promise<void>;
}

/** Options of `createTestPgDatabase`. */
export interface TestPgOptions {
  /** Apply the migrations of `drizzle/pg/` (default true). */
  migrate?: boolean;
  /** Server to create the database on (default `TEST_PG_URL`). */
  baseUrl?: string;
}

/** `base` with its database replaced by `name`. */
export function pgUrlFor(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000, application_name: 'baton-tests' });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactPgUrl(base)} (${(e as Error).message}). ` +
        'Tests need it: start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set BATON_TEST_PG_URL.',
      { cause: e },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates a fresh database and (unless `migrate: false`) migrates it.
 * @throws Error when the server cannot be reached, or a migration fails (the database is dropped then).
 */
export async function createTestPgDatabase(opts: TestPgOptions = {}): Promise<TestPgDatabase> {
  const base = opts.baseUrl ?? TEST_PG_URL;
  const name = `baton_test_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  const db: TestPgDatabase = {
    url: pgUrlFor(base, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(base, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
  if (opts.migrate !== false) {
    try {
      await migratePg(db.url);
    } catch (e) {
      await db.drop().catch(() => undefined);
      throw e;
    }
  }
  return db;
}

/** True when a database of that name exists on the server of `base`. */
export async function pgDatabaseExists(name: string, base: string = TEST_PG_URL): Promise<boolean> {
  return admin(base, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}
