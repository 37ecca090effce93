// Moving the SQLite migrations from drizzle/ to drizzle/sqlite/ keeps existing
// installations working: drizzle's migrator records each applied migration by its
// journal time (`when`) and hash, never by path, so a database migrated from the old
// folder opens with the new one and applies only what it had not applied.
import { describe, it, expect, afterAll } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDatabase } from './open';
import { migrationsFolder } from './migrations-folder';

interface Journal {
  entries: { tag: string; when: number }[];
}

/** The migrations released in `drizzle/` before the move: tag, journal time, SHA-256 of the file. */
const RELEASED: [string, number, string][] = [
  ['0000_init', 1795251205517, '4c33961109fbbb99728738ce04781e8c2c37a1aba669957f49596d0aef198b4c'],
  ['0001_jobs_kinds_and_child_runs', 1795254582946, '6c8309a5b2ffabeaf15612303649e2130b62e18ff440d1f83ed972c038f7a6e6'],
  ['0002_log_segments', 1795259091351, 'e6b367f46a4ee3690c7d0068b6557bdf8c4d4fec7d83a9398a2857b2bc7ea82b'],
  ['0003_credentials', 1795263212877, '0d9f0afb0d15001900e8d9e044bd0e96fce1784ca47aeaeea14e1d6c96c894b3'],
  ['0004_schedules_and_webhooks', 1795263301353, '8c79e4c506ef49e3dfeb25555859a4204174efabc572752d64f903c6d64eeff2'],
  ['0005_groups_and_inbox', 1795265516400, 'fa8d8f4ab34affc735137ae96b105b2de4a877346a8aeb86aaf94d3e66cb106a'],
  ['0006_accounts_and_api_keys', 1795268111901, 'ac1433ae73118ae3261e4021f8a6dbd5c557cfddc79b8d378e9370bb18e8019c'],
  ['0007_task_escalation_and_views', 1795268828837, '1786769a649f9884269ff7711152ab0c457fa7951dfbfe035f63392d966bc295'],
  ['0008_webhook_receipts', 1796422863428, '7f8b921cf9a446ee924f97a967705e50c548a1b8233ce7dd155a0d5dd104c035'],
  ['0009_steps_activation_order', 1796425799662, '1e46fc37978b6df4b8cad6fe7c3e852d5147824dd09319aa25a958706c9182ad'],
];

const sqliteDir = migrationsFolder('sqlite');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-migrations-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const readJournal = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file, 'utf8')).digest('hex');

/** The old layout (`<dir>/drizzle/` with its journal), holding the first `count` released migrations. */
function oldLayout(name: string, count: number): string {
  const dir = path.join(tmp, name, 'drizzle');
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  const journal = readJournal(sqliteDir);
  for (const [tag] of RELEASED.slice(0, count)) fs.copyFileSync(path.join(sqliteDir, `${tag}.sql`), path.join(dir, `${tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return dir;
}

/** A database file migrated from the old folder, with one workflow saved in it. */
function oldDatabase(name: string, count: number): string {
  const file = path.join(tmp, `${name}.db`);
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: oldLayout(name, count) });
  sqlite.prepare(`INSERT INTO workflows (id, name, draft, created_at, updated_at) VALUES ('wf_kept', 'Kept', '{}', 1, 1)`).run();
  sqlite.close();
  return file;
}

function applied(sqlite: Database.Database): { id: number; hash: string; created_at: number }[] {
  return sqlite.prepare('SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY id').all() as { id: number; hash: string; created_at: number }[];
}

describe('SQLite migrations in drizzle/sqlite/', () => {
  it('are the released ones, unchanged (same journal times and file hashes)', () => {
    const journal = readJournal(sqliteDir);
    for (const [i, [tag, when, hash]] of RELEASED.entries()) {
      expect(journal.entries[i]).toMatchObject({ tag, when });
      expect(sha256(path.join(sqliteDir, `${tag}.sql`)), tag).toBe(hash);
    }
  });

  it('open a database migrated from the old folder without running anything again', () => {
    const file = oldDatabase('full', RELEASED.length);
    const before = (() => {
      const s = new Database(file);
      const rows = applied(s);
      s.close();
      return rows;
    })();
    expect(before).toHaveLength(RELEASED.length);
    const h = openDatabase(file);
    try {
      const after = applied(h.sqlite);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after).toHaveLength(readJournal(sqliteDir).entries.length);
      expect(h.sqlite.prepare(`SELECT name FROM workflows WHERE id = 'wf_kept'`).get()).toEqual({ name: 'Kept' });
    } finally {
      h.sqlite.close();
    }
  });

  it('upgrade a database from the old folder that lacks the latest migrations: only those run', () => {
    const file = oldDatabase('partial', 8);
    const h = openDatabase(file);
    try {
      const rows = applied(h.sqlite);
      expect(rows.map((r) => Number(r.created_at))).toEqual(readJournal(sqliteDir).entries.map((e) => e.when));
      expect(rows.slice(0, RELEASED.length).map((r) => r.hash)).toEqual(RELEASED.map(([, , hash]) => hash));
      expect(h.sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('webhook_receipts', 'steps_run_started_idx')`).get()).toEqual({ n: 2 });
      expect(h.sqlite.prepare(`SELECT name FROM workflows WHERE id = 'wf_kept'`).get()).toEqual({ name: 'Kept' });
    } finally {
      h.sqlite.close();
    }
    const again = openDatabase(file);
    try {
      expect(applied(again.sqlite)).toHaveLength(readJournal(sqliteDir).entries.length);
    } finally {
      again.sqlite.close();
    }
  });

  it('journal times increase in each dialect (drizzle skips a migration older than the last one applied)', () => {
    for (const dialect of ['sqlite', 'pg'] as const) {
      const whens = readJournal(migrationsFolder(dialect)).entries.map((e) => e.when);
      for (let i = 1; i < whens.length; i++) expect(whens[i], `${dialect} entry ${i}`).toBeGreaterThan(whens[i - 1]!);
    }
  });
});
