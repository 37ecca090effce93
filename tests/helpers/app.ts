/**
 * Apps (database, runner, services) for runner- and service-level tests, with the runner
 * started:
 * - `openTestApp(prefix)`: on a fresh SQLite file in a temp folder (`dir` may hold more files);
 * - `openTestAppOn(dialect, prefix)`: on a fresh SQLite file or a fresh PostgreSQL database
 *   (`pg.ts`: created, migrated, dropped on close; a missing server fails the test), for
 *   suites run on both backends (`describe.each(DIALECTS)`, `backends.ts`).
 * Both are `SqlTarget`s of `raw-sql.ts`, for rows the services do not write (people without passwords).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createApp, createPgApp, type App, type AppOptions, type SqliteApp } from '@/server/app';
import type { DbHandle } from '@/server/db/open';
import { createPgPool } from '@/server/db/pg/pool';
import type { Dialect } from '@/server/storage/port';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { createTestPgDatabase } from './pg';
import { rawSql } from './raw-sql';

export interface TestApp {
  app: SqliteApp;
  dir: string;
  /** The app's SQLite handle (for `raw-sql.ts`). */
  handle: DbHandle;
  /** Stops the runner, closes the database, deletes the folder. */
  close(): Promise<void>;
}

export function openTestApp(prefix: string): TestApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-${prefix}-`));
  const app = createApp(path.join(dir, `${prefix}.db`), { seed: false });
  app.runner.start();
  return {
    app,
    dir,
    handle: app.handle,
    async close() {
      await app.runner.stop();
      app.handle.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An app on a fresh database of either backend; see the module comment. */
export interface TestAppOn {
  app: App;
  dialect: Dialect;
  /** The SQLite handle (sqlite only). */
  handle: DbHandle | null;
  /** A pool of the test's own on the PostgreSQL database (postgres only). */
  pool: pg.Pool | null;
  /** One statement (`?` placeholders) on the app's database: `rawSql`. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Another app on the same database (another process), its runner not started; closed by `close()`. */
  another(opts?: AppOptions): App;
  /** Stops every runner, closes every connection, deletes the file or drops the database. */
  close(): Promise<void>;
}

/** Opens a fresh, empty app on `dialect` with its runner started. `opts` as `createApp`'s (`seed` defaults to false). */
export async function openTestAppOn(dialect: Dialect, prefix: string, opts: AppOptions = {}): Promise<TestAppOn> {
  const apps: App[] = [];
  let make: (o: AppOptions) => App;
  let handle: DbHandle | null = null;
  let pool: pg.Pool | null = null;
  let remove: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-${prefix}-`));
    const file = path.join(dir, `${prefix}.db`);
    make = (o) => createApp(file, { seed: false, ...o });
    remove = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await createTestPgDatabase();
    const secretKey = crypto.randomBytes(32).toString('base64');
    make = (o) => createPgApp(db.url, { seed: false, secretKey, ...o });
    pool = createPgPool(db.url, { max: 2, applicationName: 'baton-tests' });
    remove = async () => {
      await pool!.end();
      await db.drop();
    };
  }
  const another = (o: AppOptions = {}) => {
    const a = make(o);
    apps.push(a);
    return a;
  };
  const app = another(opts);
  if (dialect === 'sqlite') handle = app.handle;
  app.runner.start();
  return {
    app,
    dialect,
    handle,
    pool,
    sql: <T,>(text: string, params?: unknown[]) => rawSql<T>({ handle, pool }, text, params),
    another,
    async close() {
      for (const a of apps) await a.runner.stop();
      for (const a of apps) await a.storage.close();
      await remove();
    },
  };
}

/** Creates and publishes a workflow; returns its id. */
export async function publish(app: App, doc: WorkflowDocument): Promise<string> {
  const id = await app.workflows.create(doc, 'system');
  await app.workflows.publish(id, 'test');
  return id;
}

/** The run when it has ended (succeeded, failed, cancelled, compensated), else null. */
export async function ended(app: App, runId: string) {
  const r = await app.runs.get(runId);
  return ['succeeded', 'failed', 'cancelled', 'compensated'].includes(r.status) ? r : null;
}
