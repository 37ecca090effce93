/** The PostgreSQL implementation of `WorkflowStorePort` (see `../ports/workflows.ts`). */
import type pg from 'pg';
import type { WorkflowStorePort } from '../ports/workflows';

export class PgWorkflowStore implements WorkflowStorePort {
  constructor(readonly pool: pg.Pool) {}
}
