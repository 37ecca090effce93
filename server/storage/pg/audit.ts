/** The PostgreSQL implementation of `AuditStorePort` (see `../ports/audit.ts`). */
import type pg from 'pg';
import type { AuditStorePort } from '../ports/audit';

export class PgAuditStore implements AuditStorePort {
  constructor(readonly pool: pg.Pool) {}
}
