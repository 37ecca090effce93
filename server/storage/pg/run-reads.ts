/** The PostgreSQL implementation of `RunReadPort` (see `../ports/run-reads.ts`). */
import type pg from 'pg';
import type { RunReadPort } from '../ports/run-reads';

export class PgRunReads implements RunReadPort {
  constructor(readonly pool: pg.Pool) {}
}
