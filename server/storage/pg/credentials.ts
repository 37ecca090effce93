/** The PostgreSQL implementation of `CredentialStorePort` (see `../ports/credentials.ts`). */
import type pg from 'pg';
import type { CredentialStorePort } from '../ports/credentials';

export class PgCredentialStore implements CredentialStorePort {
  constructor(readonly pool: pg.Pool) {}
}
