/**
 * Both storage backends for contract tests: `openTestStorage('sqlite')` opens a fresh
 * SQLite file in a temp folder, `openTestStorage('postgres')` a fresh PostgreSQL database
 * (`pg.ts`: created and migrated, dropped on close; a missing server fails the test).
 * `describe.each(DIALECTS)` runs a suite once per backend.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openDatabase, type DbHandle } from '@/server/db/open';
import { createPgPool } from '@/server/db/pg/pool';
import type { Dialect, Storage } from '@/server/storage/port';
import { sqliteStorage } from '@/server/storage/sqlite';
import { pgStorage } from '@/server/storage/pg';
import { createTestPgDatabase } from './pg';

/** Both backends, for `describe.each`. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** A fresh storage and what is under it. */
export interface TestStorage {
  storage: Storage;
  dialect: Dialect;
  /** The SQLite handle (sqlite only). */
  handle?: DbHandle;
  /** The PostgreSQL pool (postgres only). */
  pool?: pg.Pool;
  /** The PostgreSQL URL (postgres only). */
  url?: string;
  /** Closes the storage and removes the file or drops the database. */
  close(): Promise<void>;
}

/** Opens a fresh, migrated, empty storage of `dialect`. */
export async function openTestStorage(dialect: Dialect): Promise<TestStorage> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-storage-'));
    const handle = openDatabase(path.join(dir, 'test.db'));
    const storage = sqliteStorage(handle);
    return {
      storage,
      dialect,
      handle,
      async close() {
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await createTestPgDatabase();
  const pool = createPgPool(db.url, { max: 5, applicationName: 'baton-tests' });
  const storage = pgStorage(pool);
  return {
    storage,
    dialect,
    pool,
    url: db.url,
    async close() {
      await storage.close();
      await db.drop();
    },
  };
}
