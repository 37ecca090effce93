/**
 * Opens Baton's SQLite database: creates the file and its folder if needed, sets
 * WAL mode, applies the drizzle migrations in `drizzle/sqlite/`, and returns both the raw
 * better-sqlite3 handle (for the runner's prepared statements) and a drizzle client.
 *
 * `synchronous=NORMAL` in WAL mode: a committed transaction survives a process crash
 * (kill -9); only a power loss or OS crash can lose the last transactions.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { migrationsFolder } from './migrations-folder';

export type Db = BetterSQLite3Database<typeof schema>;
export interface DbHandle {
  sqlite: Database.Database;
  db: Db;
  file: string;
}

/** Default database file, relative to the working directory. */
export const DEFAULT_DATABASE_FILE = 'data/baton.db';

/**
 * Resolves `DATABASE_URL` (a file path, or a `file:` URL such as `file:./data/x.db`
 * or `file:///abs/x.db`) to an absolute file path.
 * @throws Error for other URL schemes (`postgres:` URLs are resolved by `target.ts`).
 */
export function resolveDatabaseFile(url: string | undefined): string {
  const raw = (url ?? '').trim() || DEFAULT_DATABASE_FILE;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith('file:')) {
    throw new Error(`DATABASE_URL "${raw}" is not supported: use a postgres:// URL, a SQLite file path or a file: URL`);
  }
  let p = raw;
  if (p.startsWith('file://')) p = decodeURIComponent(new URL(p).pathname);
  else if (p.startsWith('file:')) p = p.slice('file:'.length);
  return path.resolve(p);
}

/** Opens (creating and migrating) the database at `file`. */
export function openDatabase(file: string): DbHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint the WAL into the database file every 10,000 pages (≈ 40 MB) instead of
  // SQLite's 1,000: a burst of commits rewrites the same hot pages (index roots, the
  // status indexes, the tail of append-only tables), and a longer interval copies each
  // of them once per checkpoint instead of many times. Durability is unchanged: a
  // committed transaction is in the WAL, whose frames survive a crash until checkpointed.
  sqlite.pragma('wal_autocheckpoint = 10000');
  // `baton_lower(text)`: JavaScript's toLowerCase, which unlike SQLite's `lower` covers
  // non-ASCII letters (case-insensitive search of task titles and workflow names).
  sqlite.function('baton_lower', { deterministic: true }, (s) => (s == null ? '' : String(s).toLowerCase()));
  const db = drizzle(sqlite, { schema });
  // Foreign keys are enforced only after migrating: a migration that rebuilds a table
  // (drizzle-kit's `__new_<table>` copy for a changed column) runs inside one transaction,
  // where its own `PRAGMA foreign_keys=OFF` has no effect, and dropping the old table
  // would otherwise fail on the rows that reference it. The check afterwards refuses to
  // open a database that a migration left inconsistent.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
  const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length) throw new Error(`database ${file}: ${broken.length} rows break foreign keys after migrating (first: ${broken[0].table} → ${broken[0].parent})`);
  sqlite.pragma('foreign_keys = ON');
  return { sqlite, db, file };
}
