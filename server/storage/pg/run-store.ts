/** The PostgreSQL implementation of `RunStorePort` (see `../ports/run-store.ts`). */
import type pg from 'pg';
import type { RunStorePort } from '../ports/run-store';

export class PgRunStore implements RunStorePort {
  constructor(readonly pool: pg.Pool) {}
}
