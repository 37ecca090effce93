/**
 * Baton's storage on PostgreSQL: every area's PostgreSQL implementation over one
 * node-postgres pool (see `server/db/pg/pool.ts`; migrations: `server/db/pg/migrate.ts`).
 */
import type pg from 'pg';
import type { Storage } from '../port';
import { PgSettingsStore } from './settings';
import { PgRunStore } from './run-store';
import { PgRunReads } from './run-reads';
import { PgWorkflowStore } from './workflows';
import { PgTriggerStore } from './triggers';
import { PgTaskStore } from './tasks';
import { PgPeopleStore } from './people';
import { PgAuditStore } from './audit';
import { PgCredentialStore } from './credentials';
import { PgRouterStore } from './routers';

/** The storage over a pool on a migrated database; `close()` ends the pool. */
export function pgStorage(pool: pg.Pool): Storage {
  let closed = false;
  return {
    dialect: 'postgres',
    runs: new PgRunStore(pool),
    runReads: new PgRunReads(pool),
    workflows: new PgWorkflowStore(pool),
    triggers: new PgTriggerStore(pool),
    tasks: new PgTaskStore(pool),
    people: new PgPeopleStore(pool),
    audit: new PgAuditStore(pool),
    settings: new PgSettingsStore(pool),
    credentials: new PgCredentialStore(pool),
    routers: new PgRouterStore(pool),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
