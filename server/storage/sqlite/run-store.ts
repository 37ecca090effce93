/** The SQLite implementation of `RunStorePort` (see `../ports/run-store.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { RunStorePort } from '../ports/run-store';

export class SqliteRunStore implements RunStorePort {
  constructor(readonly h: DbHandle) {}
}
