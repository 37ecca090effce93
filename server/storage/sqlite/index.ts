/**
 * Baton's storage on an embedded SQLite file (the default): every area's SQLite
 * implementation over one better-sqlite3 connection (see `server/db/open.ts`).
 */
import type { DbHandle } from '@/server/db/open';
import type { Storage } from '../port';
import { SqliteSettingsStore } from './settings';
import { SqliteRunStore } from './run-store';
import { SqliteRunReads } from './run-reads';
import { SqliteWorkflowStore } from './workflows';
import { SqliteTriggerStore } from './triggers';
import { SqliteTaskStore } from './tasks';
import { SqlitePeopleStore } from './people';
import { SqliteAuditStore } from './audit';
import { SqliteCredentialStore } from './credentials';
import { SqliteRouterStore } from './routers';

/** The storage over an opened (migrated) SQLite database; `close()` closes the connection. */
export function sqliteStorage(h: DbHandle): Storage {
  return {
    dialect: 'sqlite',
    runs: new SqliteRunStore(h),
    runReads: new SqliteRunReads(h),
    workflows: new SqliteWorkflowStore(h),
    triggers: new SqliteTriggerStore(h),
    tasks: new SqliteTaskStore(h),
    people: new SqlitePeopleStore(h),
    audit: new SqliteAuditStore(h),
    settings: new SqliteSettingsStore(h),
    credentials: new SqliteCredentialStore(h),
    routers: new SqliteRouterStore(h),
    ping: async () => {
      h.sqlite.prepare('SELECT 1').get();
    },
    close: async () => {
      if (h.sqlite.open) h.sqlite.close();
    },
  };
}
