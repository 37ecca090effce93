import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

describe('GroupCommit on a real SQLite file', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-gc-'));
    db = new Database(path.join(dir, 'g.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const rows = () => db.prepare('SELECT k, v FROM t ORDER BY k').all();

  it('commits the write sets of one turn together and resolves each after the commit', async () => {
    const g = new GroupCommit(db);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const done = ['a', 'b', 'c'].map((k, i) => g.submit(() => ins.run(k, i)));
    expect(rows()).toEqual([]); // nothing before the shared commit
    await Promise.all(done);
    expect(rows()).toEqual([{ k: 'a', v: 0 }, { k: 'b', v: 1 }, { k: 'c', v: 2 }]);
  });

  it('rolls back a refused write set alone: its caller gets its error, the others commit', async () => {
    const g = new GroupCommit(db);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const ok1 = g.submit(() => ins.run('x', 1));
    const refused = g.submit(() => {
      ins.run('y', 2); // written, then undone with its savepoint
      throw new Error('stale run version');
    });
    const dup = g.submit(() => ins.run('x', 3)); // primary key conflict with the first
    const ok2 = g.submit(() => ins.run('z', 4));
    await expect(refused).rejects.toThrow('stale run version');
    await expect(dup).rejects.toThrow(/UNIQUE/);
    await Promise.all([ok1, ok2]);
    expect(rows()).toEqual([{ k: 'x', v: 1 }, { k: 'z', v: 4 }]);
  });

  it('commits a full group at once, without waiting for the next turn', async () => {
    const g = new GroupCommit(db, 3);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const first = [1, 2, 3].map((v) => g.submit(() => ins.run(`k${v}`, v)));
    expect(rows()).toHaveLength(3); // the third submit filled the group
    const fourth = g.submit(() => ins.run('k4', 4));
    expect(rows()).toHaveLength(3);
    await Promise.all([...first, fourth]);
    expect(rows()).toHaveLength(4);
  });

  it('does not start a nested transaction when a full group is submitted inside one', async () => {
    const g = new GroupCommit(db, 1);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    let p!: Promise<void>;
    db.transaction(() => {
      p = g.submit(() => ins.run('inner', 1));
    })();
    await p;
    expect(rows()).toEqual([{ k: 'inner', v: 1 }]);
  });
});
