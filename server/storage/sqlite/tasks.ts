/** The SQLite implementation of `TaskStorePort` (see `../ports/tasks.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { TaskStorePort } from '../ports/tasks';

export class SqliteTaskStore implements TaskStorePort {
  constructor(readonly h: DbHandle) {}
}
