/** The SQLite implementation of `RunReadPort` (see `../ports/run-reads.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { RunReadPort } from '../ports/run-reads';

export class SqliteRunReads implements RunReadPort {
  constructor(readonly h: DbHandle) {}
}
