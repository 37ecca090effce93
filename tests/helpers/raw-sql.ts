/**
 * One raw SQL statement on either test backend, for tests that set up rows other areas
 * own (runs, users, groups) or check what was written: a contract test's storage
 * (`backends.ts`), or a test app (`app.ts`). Write the statement with `?` placeholders;
 * on PostgreSQL they become `$1…`. Booleans are bound as 0/1 on SQLite.
 */
import type pg from 'pg';
import type { DbHandle } from '@/server/db/open';

/** A database to run SQL on: a SQLite handle or a PostgreSQL pool (`TestStorage`, `TestApp` and `TestAppOn` are ones). */
export interface SqlTarget {
  handle?: DbHandle | null;
  pool?: pg.Pool | null;
}

/** Runs `text` with `params`; resolves to the rows (empty for statements without rows). @throws what the driver throws. */
export async function rawSql<T = Record<string, unknown>>(t: SqlTarget, text: string, params: unknown[] = []): Promise<T[]> {
  if (t.handle) {
    const st = t.handle.sqlite.prepare(text);
    const values = params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    return st.reader ? (st.all(...values) as T[]) : (st.run(...values), []);
  }
  if (!t.pool) throw new Error('rawSql: neither a SQLite handle nor a PostgreSQL pool');
  let i = 0;
  const r = await t.pool.query(text.replace(/\?/g, () => `$${++i}`), params);
  return (r.rows ?? []) as T[];
}

/** Inserts a minimal run of `workflowId` (for counts of runs per workflow and version). */
export async function insertRawRun(t: SqlTarget, id: string, workflowId: string, version: number | null): Promise<void> {
  await rawSql(
    t,
    `INSERT INTO runs (id, workflow_id, version, status, input, state, state_version, started_by, created_at, updated_at) VALUES (?, ?, ?, 'running', '{}', '{}', 0, 'test', 0, 0)`,
    [id, workflowId, version],
  );
}
