/**
 * Reads a test server's SQLite file directly (read-only), for asserting what a request
 * wrote or left alone:
 * - `dbSnapshot(file)`: row counts of the main tables and the state of workflows, runs,
 *   tasks, credentials and people — everything a refused request must leave as it was;
 * - `lastAuditId(file)`: the newest audit entry's id (0 when empty);
 * - `auditedSince(file, afterId, actor)`: actions recorded for `actor` after that entry, oldest first.
 */
import Database from 'better-sqlite3';

function read<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function dbSnapshot(file: string) {
  return read(file, (db) => {
    const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return {
      counts: Object.fromEntries(['users', 'groups', 'group_members', 'workflows', 'workflow_versions', 'runs', 'tasks', 'task_approvals', 'credentials', 'audit_log', 'api_keys'].map((t) => [t, count(t)])),
      workflows: db.prepare(`SELECT id, name, draft_revision, latest_version FROM workflows ORDER BY id`).all(),
      runs: db.prepare(`SELECT id, status FROM runs ORDER BY id`).all(),
      tasks: db.prepare(`SELECT id, status, claimed_by, assignee, completed_by FROM tasks ORDER BY id`).all(),
      credentials: db.prepare(`SELECT id, name, updated_at FROM credentials ORDER BY id`).all(),
      users: db.prepare(`SELECT id, name, roles, disabled FROM users ORDER BY id`).all(),
    };
  });
}

export function lastAuditId(file: string): number {
  return read(file, (db) => (db.prepare(`SELECT COALESCE(MAX(id), 0) AS n FROM audit_log`).get() as { n: number }).n);
}

export function auditedSince(file: string, afterId: number, actor: string): string[] {
  return read(file, (db) => (db.prepare(`SELECT action FROM audit_log WHERE id > ? AND actor = ? ORDER BY id`).all(afterId, actor) as { action: string }[]).map((r) => r.action));
}
