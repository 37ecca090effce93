/** The PostgreSQL implementation of `AuditStorePort` (see `../ports/audit.ts`). */
import type pg from 'pg';
import type { AuditEntry, AuditFilter, AuditInput, AuditStorePort } from '../ports/audit';
import { AUDIT_COLUMNS, auditWhere, toAuditEntry, type AuditRow } from '../audit-rows';
import { insertAuditRowsPg } from './audit-row';

export class PgAuditStore implements AuditStorePort {
  constructor(readonly pool: pg.Pool) {}

  async append(entries: readonly AuditInput[]): Promise<number[]> {
    // One INSERT statement: atomic without an explicit transaction.
    return insertAuditRowsPg(this.pool, entries);
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const { where, params, limit } = auditWhere(filter, (n) => `$${n}`);
    const res = await this.pool.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ${limit}`, params);
    return res.rows.map(toAuditEntry);
  }
}
