/**
 * Which database Baton runs on, from `DATABASE_URL`: a `postgres://` or
 * `postgresql://` URL selects PostgreSQL; anything else (a path, a `file:` URL, or
 * nothing: `data/baton.db`) is an embedded SQLite file.
 */
import { resolveDatabaseFile } from './open';

/** The database of this installation. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** True for a PostgreSQL connection URL. */
export function isPostgresUrl(url: string | undefined): url is string {
  return /^postgres(ql)?:\/\//i.test((url ?? '').trim());
}

/**
 * Resolves `DATABASE_URL`.
 * @throws Error for another URL scheme (e.g. `mysql://`), naming it.
 */
export function resolveDatabaseTarget(url: string | undefined): DatabaseTarget {
  if (isPostgresUrl(url)) return { kind: 'postgres', url: url.trim() };
  return { kind: 'sqlite', file: resolveDatabaseFile(url) };
}

/** Options of the PostgreSQL pool from the environment. */
export interface PgEnvOptions {
  /** `BATON_PG_POOL_MAX`: most connections per process (default 10). */
  max: number;
  /** `BATON_PG_STATEMENT_TIMEOUT_MS`: longest statement, ms (default 30,000). */
  statementTimeoutMs: number;
}

/**
 * Reads the pool settings from the environment.
 * @throws Error naming the variable when it is not a whole number ≥ 1.
 */
export function pgOptionsFromEnv(env: Record<string, string | undefined> = process.env): PgEnvOptions {
  const whole = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, not "${raw}"`);
    return n;
  };
  return { max: whole('BATON_PG_POOL_MAX', 10), statementTimeoutMs: whole('BATON_PG_STATEMENT_TIMEOUT_MS', 30_000) };
}
