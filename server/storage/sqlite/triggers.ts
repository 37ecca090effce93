/** The SQLite implementation of `TriggerStorePort` (see `../ports/triggers.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { TriggerStorePort } from '../ports/triggers';

export class SqliteTriggerStore implements TriggerStorePort {
  constructor(readonly h: DbHandle) {}
}
