/** The PostgreSQL implementation of `TaskStorePort` (see `../ports/tasks.ts`). */
import type pg from 'pg';
import type { TaskStorePort } from '../ports/tasks';

export class PgTaskStore implements TaskStorePort {
  constructor(readonly pool: pg.Pool) {}
}
