/**
 * Reads a test server's database directly — its SQLite file (read-only) or its PostgreSQL
 * database (`server.pgUrl`, `BATON_TEST_DB=postgres`) — for asserting what a request wrote
 * or left alone. Values reach JavaScript as the same types on both (counts, epoch ms and
 * row ids as numbers: `installPgTypeParsers`); a flag is 0/1 on SQLite and a boolean on
 * PostgreSQL, so compare a read with another read of the same server:
 * - `serverSql(server, text, params)`: the rows of one statement written with `?` placeholders;
 * - `dbSnapshot(server)`: row counts of the main tables and the state of workflows, runs,
 *   tasks, credentials and people — everything a refused request must leave as it was;
 * - `lastAuditId(server)`: the newest audit entry's id (0 when empty);
 * - `auditedSince(server, afterId, actor)`: actions recorded for `actor` after that entry, oldest first.
 * @throws Error when the database cannot be opened (no SQLite file, PostgreSQL unreachable).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { installPgTypeParsers } from '@/server/db/pg/pool';

/** Where a server keeps its data (a `TestServer` is one). */
export interface ServerDb {
  dbFile: string;
  pgUrl: string | null;
}

type Row = Record<string, unknown>;

/**
 * One small pool per PostgreSQL database read, so a check of many statements does not
 * pay a new connection for each. Idle connections close after 1 s and never hold the
 * test process open; a connection ended by the database's drop is discarded quietly.
 */
const pools = new Map<string, pg.Pool>();
function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    installPgTypeParsers();
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true, application_name: 'baton-tests' });
    pool.on('error', () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** Runs one statement (`?` placeholders, `$1…` on PostgreSQL) on the server's database; resolves to its rows. */
export async function serverSql<T = Row>(server: ServerDb, text: string, params: unknown[] = []): Promise<T[]> {
  if (!server.pgUrl) {
    const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  let i = 0;
  return (await poolFor(server.pgUrl).query(text.replace(/\?/g, () => `$${++i}`), params)).rows as T[];
}

/** `SELECT COUNT(*)` of each table, by table name. */
export async function rowCounts(server: ServerDb, tables: readonly string[]): Promise<Record<string, number>> {
  const rows = await serverSql<{ t: string; n: number }>(server, tables.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM ${t}`).join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

export async function dbSnapshot(server: ServerDb) {
  return {
    counts: await rowCounts(server, ['users', 'groups', 'group_members', 'workflows', 'workflow_versions', 'runs', 'tasks', 'task_approvals', 'credentials', 'audit_log', 'api_keys']),
    workflows: await serverSql(server, `SELECT id, name, draft_revision, latest_version FROM workflows ORDER BY id`),
    runs: await serverSql(server, `SELECT id, status FROM runs ORDER BY id`),
    tasks: await serverSql(server, `SELECT id, status, claimed_by, assignee, completed_by FROM tasks ORDER BY id`),
    credentials: await serverSql(server, `SELECT id, name, updated_at FROM credentials ORDER BY id`),
    users: await serverSql(server, `SELECT id, name, roles, disabled FROM users ORDER BY id`),
  };
}

export async function lastAuditId(server: ServerDb): Promise<number> {
  return (await serverSql<{ n: number }>(server, `SELECT COALESCE(MAX(id), 0) AS n FROM audit_log`))[0].n;
}

export async function auditedSince(server: ServerDb, afterId: number, actor: string): Promise<string[]> {
  return (await serverSql<{ action: string }>(server, `SELECT action FROM audit_log WHERE id > ? AND actor = ? ORDER BY id`, [afterId, actor])).map((r) => r.action);
}
