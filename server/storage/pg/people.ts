/** The PostgreSQL implementation of `PeopleStorePort` (see `../ports/people.ts`). */
import type pg from 'pg';
import type { PeopleStorePort } from '../ports/people';

export class PgPeopleStore implements PeopleStorePort {
  constructor(readonly pool: pg.Pool) {}
}
