/** The SQLite implementation of `PeopleStorePort` (see `../ports/people.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { PeopleStorePort } from '../ports/people';

export class SqlitePeopleStore implements PeopleStorePort {
  constructor(readonly h: DbHandle) {}
}
