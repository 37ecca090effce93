/** The SQLite implementation of `CredentialStorePort` (see `../ports/credentials.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { CredentialStorePort } from '../ports/credentials';

export class SqliteCredentialStore implements CredentialStorePort {
  constructor(readonly h: DbHandle) {}
}
