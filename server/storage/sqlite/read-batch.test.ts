import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadBatch, readBatch } from './read-batch';

describe('ReadBatch on a real SQLite file', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-rb-'));
    db = new Database(path.join(dir, 'r.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('a', 1);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const get = (k: string) => (db.prepare('SELECT v FROM t WHERE k = ?').get(k) as { v: number } | undefined)?.v ?? null;

  it('runs the reads of one turn inside one read transaction, after the caller’s synchronous code', async () => {
    const b = new ReadBatch(db);
    const inTx: boolean[] = [];
    const reads = ['a', 'b', 'a'].map((k) =>
      b.read(() => {
        inTx.push(db.inTransaction);
        return get(k);
      }),
    );
    expect(inTx).toEqual([]); // nothing ran yet
    db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('b', 2); // committed before the batch runs
    expect(await Promise.all(reads)).toEqual([1, 2, 1]);
    expect(inTx).toEqual([true, true, true]);
    expect(db.inTransaction).toBe(false); // the read transaction ended
    // Writes after the batch work as usual (no transaction left open).
    db.prepare('UPDATE t SET v = 3 WHERE k = ?').run('a');
    expect(await b.read(() => get('a'))).toBe(3);
  });

  it('runs a lone read without a transaction, and inside a caller’s open transaction within it', async () => {
    const b = new ReadBatch(db);
    expect(await b.read(() => db.inTransaction)).toBe(false);
    const twoInTx = [b.read(() => db.inTransaction), b.read(() => db.inTransaction)];
    expect(await Promise.all(twoInTx)).toEqual([true, true]);
  });

  it('rejects only the read that threw; the others of its batch resolve', async () => {
    const b = new ReadBatch(db);
    const ok1 = b.read(() => get('a'));
    const bad = b.read(() => db.prepare('SELECT v FROM missing_table').get());
    const ok2 = b.read(() => get('a'));
    await expect(bad).rejects.toThrow(/no such table: missing_table/);
    expect(await ok1).toBe(1);
    expect(await ok2).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('splits a burst larger than one batch and answers every read', async () => {
    const b = new ReadBatch(db);
    const st = db.prepare('SELECT v FROM t WHERE k = ?');
    const one = (k: string) => (st.get(k) as { v: number } | undefined)?.v ?? null;
    const reads = Array.from({ length: 6_000 }, (_, i) => b.read(() => (i % 2 === 0 ? one('a') : one('zz'))));
    const out = await Promise.all(reads);
    expect(out.length).toBe(6_000);
    expect(out.filter((v) => v === 1).length).toBe(3_000);
    expect(out.filter((v) => v === null).length).toBe(3_000);
    expect(db.inTransaction).toBe(false);
  });

  it('shares one batch per connection', () => {
    expect(readBatch(db)).toBe(readBatch(db));
  });

  it('rejects the reads of a closed connection instead of hanging', async () => {
    const b = new ReadBatch(db);
    const reads = [b.read(() => get('a')), b.read(() => get('a'))];
    db.close();
    for (const r of reads) await expect(r).rejects.toThrow(/not open/);
    db = new Database(path.join(dir, 'r.db')); // for afterEach
  });
});
