/** The SQLite implementation of `WorkflowStorePort` (see `../ports/workflows.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { WorkflowStorePort } from '../ports/workflows';

export class SqliteWorkflowStore implements WorkflowStorePort {
  constructor(readonly h: DbHandle) {}
}
