// PostgreSQL migrations (drizzle/pg) on a fresh database: the tables of the drizzle
// schema, what SQLite does outside its tables (append-only audit log, baton_lower), the
// JS types values come back as, the advisory lock that makes processes migrate once, and
// a pool that survives the server ending an idle connection.
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is, asc, eq } from 'drizzle-orm';
import * as pgSchema from '@/server/db/pg/schema';
import { migratePg, MIGRATION_LOCK_KEY } from '@/server/db/pg/migrate';
import { createPgPool, pgDrizzle } from '@/server/db/pg/pool';
import { createTestPgDatabase, pgDatabaseExists, type TestPgDatabase } from './helpers/pg';

const journal = JSON.parse(fs.readFileSync(path.resolve('drizzle/pg/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const MIGRATIONS = journal.entries.length;
const tables = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).map((t) => getTableConfig(t));
const dbs: TestPgDatabase[] = [];

async function fresh(migrate = true): Promise<TestPgDatabase> {
  const db = await createTestPgDatabase({ migrate });
  dbs.push(db);
  return db;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('PostgreSQL migrations', () => {
  it('create every table, column and index of the drizzle schema in a fresh database, which is then dropped', async () => {
    const db = await createTestPgDatabase();
    const cols = await withClient(db.url, (c) =>
      c.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
        `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      ),
    );
    const indexes = await withClient(db.url, (c) => c.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`));
    const actual = cols.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable === 'NO' ? 'not null' : 'null'}`).sort();
    const expected = tables
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name} ${c.getSQLType()} ${c.notNull || c.primary ? 'not null' : 'null'}`))
      .sort();
    expect(tables.length).toBeGreaterThanOrEqual(22);
    expect(actual).toEqual(expected);
    const indexNames = new Set(indexes.rows.map((r) => r.indexname));
    for (const t of tables) for (const i of t.indexes) expect(indexNames, `${t.name}: ${i.config.name}`).toContain(i.config.name);
    await db.drop();
    expect(await pgDatabaseExists(db.name)).toBe(false);
  });

  it('keep the audit log append-only and define baton_lower like JavaScript’s toLowerCase', async () => {
    const db = await fresh();
    await withClient(db.url, async (c) => {
      await c.query(`INSERT INTO audit_log (at, actor, action, target_type, target_id) VALUES (1, 'alex', 'run.start', 'run', 'r1')`);
      await expect(c.query(`UPDATE audit_log SET actor = 'sam'`)).rejects.toThrow('audit_log is append-only: rows cannot be updated');
      await expect(c.query(`DELETE FROM audit_log`)).rejects.toThrow('audit_log is append-only: rows cannot be deleted');
      await expect(c.query(`TRUNCATE audit_log`)).rejects.toThrow('audit_log is append-only: rows cannot be truncated');
      expect((await c.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);
      const samples = ['Straße ÄÖÜ', 'ΣΊΣΥΦΟΣ', 'ДОКУМЕНТ', 'Zürich Invoice #42', 'ǅungla'];
      for (const s of samples) expect((await c.query('SELECT baton_lower($1) AS l', [s])).rows[0].l).toBe(s.toLowerCase());
      expect((await c.query('SELECT baton_lower(NULL) AS l')).rows[0].l).toBe('');
    });
  });

  it('return values as the same JS types as SQLite: times as numbers, better-auth times as Dates, flags as booleans', async () => {
    const db = await fresh();
    const pool = createPgPool(db.url, { max: 2 });
    try {
      const d = pgDrizzle(pool);
      const created = new Date(1_796_000_000_123);
      await d.insert(pgSchema.users).values({ id: 'u1', name: 'Alex', email: 'alex@example.com', createdAt: created, updatedAt: created });
      const [u] = await d.select().from(pgSchema.users).where(eq(pgSchema.users.id, 'u1'));
      expect(u!.createdAt).toBeInstanceOf(Date);
      expect(u!.createdAt.getTime()).toBe(1_796_000_000_123);
      expect(u).toMatchObject({ disabled: false, emailVerified: false, roles: 'viewer' });
      await d.insert(pgSchema.workflows).values({ id: 'w1', name: 'Invoice', draft: '{"b":1,"a":2}', createdAt: 1_796_000_000_123, updatedAt: 1_796_000_000_124 });
      await d.insert(pgSchema.runs).values({ id: 'r1', workflowId: 'w1', version: 1, status: 'running', input: '{}', state: '{}', stateVersion: 1, startedBy: 'u1', createdAt: 5, updatedAt: 5 });
      await d.insert(pgSchema.steps).values([
        { runId: 'r1', stepId: 'b#1', nodeId: 'b', status: 'running', startedAt: 7 },
        { runId: 'r1', stepId: 'a#1', nodeId: 'a', status: 'running', startedAt: 7 },
      ]);
      const [w] = await d.select().from(pgSchema.workflows);
      expect(w).toMatchObject({ createdAt: 1_796_000_000_123, draftRevision: 1, latestVersion: 0, deletedAt: null, draft: '{"b":1,"a":2}' });
      // Raw SQL through the pool: int8 and count(*) are numbers, not strings.
      const raw = await pool.query('SELECT created_at, count(*) OVER () AS n FROM workflows');
      expect(raw.rows[0]).toEqual({ created_at: 1_796_000_000_123, n: 1 });
      // Steps started in the same millisecond keep their insertion order through rowid.
      const order = await d.select({ stepId: pgSchema.steps.stepId, rowid: pgSchema.steps.rowid }).from(pgSchema.steps).orderBy(asc(pgSchema.steps.startedAt), asc(pgSchema.steps.rowid));
      expect(order.map((s) => s.stepId)).toEqual(['b#1', 'a#1']);
      expect(typeof order[0]!.rowid).toBe('number');
    } finally {
      await pool.end();
    }
  });

  it('run once when two processes start together (advisory lock): both succeed, the migrations are applied once', async () => {
    const db = await fresh(false);
    const results = await Promise.all([migratePg(db.url), migratePg(db.url)]);
    expect(results.map((r) => r.applied).sort()).toEqual([0, MIGRATIONS]);
    expect(results.map((r) => r.total)).toEqual([MIGRATIONS, MIGRATIONS]);
    const rows = await withClient(db.url, (c) => c.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations'));
    expect(rows.rows[0].n).toBe(MIGRATIONS);
    expect(await migratePg(db.url)).toEqual({ applied: 0, total: MIGRATIONS });
  });

  it('wait for the lock held by another process, and give up after lockTimeoutMs', async () => {
    const db = await fresh(false);
    await withClient(db.url, async (holder) => {
      await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      await expect(migratePg(db.url, { lockTimeoutMs: 200 })).rejects.toMatchObject({ code: '55P03' });
      let done = false;
      const waiting = migratePg(db.url).then((r) => {
        done = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(done).toBe(false);
      const before = await holder.query(`SELECT to_regclass('public.runs')::text AS t`);
      expect(before.rows[0].t).toBeNull();
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      expect(await waiting).toEqual({ applied: MIGRATIONS, total: MIGRATIONS });
      const after = await holder.query(`SELECT to_regclass('public.runs')::text AS t`);
      expect(after.rows[0].t).toBe('runs');
    });
  });

  it('fail with a clear error when the server cannot be reached', async () => {
    const down = 'postgres://postgres:secret@127.0.0.1:1/test';
    await expect(createTestPgDatabase({ baseUrl: down })).rejects.toThrow(/PostgreSQL is not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test .*BATON_TEST_PG_URL/);
    await expect(migratePg(down)).rejects.toThrow(/^Cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: /);
  });
});

describe('PostgreSQL pool', () => {
  it('stays usable when the server ends one of its idle connections', async () => {
    const db = await fresh();
    const errors: string[] = [];
    const pool = createPgPool(db.url, { max: 2, applicationName: 'baton-idle-test', onIdleError: (e) => errors.push(e.message) });
    try {
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await withClient(db.url, (c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'baton-idle-test' AND datname = current_database()`));
      for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors).toHaveLength(1);
      expect((await pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await pool.end();
    }
  });
});
