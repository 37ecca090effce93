/** Appending audit entries on SQLite, inside the transaction of the action they record. */
import type Database from 'better-sqlite3';
import type { AuditInput } from '../ports/audit';

const inserts = new WeakMap<Database.Database, Database.Statement>();

/**
 * Appends one entry (call inside the action's transaction).
 * @returns the new entry's id.
 * @throws SqliteError when the database refuses the write.
 */
export function insertAuditRowSqlite(sqlite: Database.Database, entry: AuditInput): number {
  let st = inserts.get(sqlite);
  if (!st) {
    st = sqlite.prepare(`INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?)`);
    inserts.set(sqlite, st);
  }
  const info = st.run(entry.at, entry.actor, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details ?? {}));
  return Number(info.lastInsertRowid);
}
