/** The SQLite implementation of `AuditStorePort` (see `../ports/audit.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { AuditEntry, AuditFilter, AuditInput, AuditStorePort } from '../ports/audit';
import { AUDIT_COLUMNS, auditWhere, toAuditEntry, type AuditRow } from '../audit-rows';
import { insertAuditRowSqlite } from './audit-row';

export class SqliteAuditStore implements AuditStorePort {
  constructor(readonly h: DbHandle) {}

  async append(entries: readonly AuditInput[]): Promise<number[]> {
    if (!entries.length) return [];
    return this.h.sqlite.transaction(() => entries.map((e) => insertAuditRowSqlite(this.h.sqlite, e)))();
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const { where, params, limit } = auditWhere(filter, () => '?');
    const rows = this.h.sqlite.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ${limit}`).all(...params) as AuditRow[];
    return rows.map(toAuditEntry);
  }
}
