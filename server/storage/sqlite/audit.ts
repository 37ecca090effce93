/** The SQLite implementation of `AuditStorePort` (see `../ports/audit.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { AuditStorePort } from '../ports/audit';

export class SqliteAuditStore implements AuditStorePort {
  constructor(readonly h: DbHandle) {}
}
