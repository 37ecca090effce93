/** The PostgreSQL implementation of `TriggerStorePort` (see `../ports/triggers.ts`). */
import type pg from 'pg';
import type { TriggerStorePort } from '../ports/triggers';

export class PgTriggerStore implements TriggerStorePort {
  constructor(readonly pool: pg.Pool) {}
}
