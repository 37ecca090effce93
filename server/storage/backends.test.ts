import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { pgTransaction } from './pg/tx';
import { insertAuditRowsPg } from './pg/audit-row';
import { insertAuditRowSqlite } from './sqlite/audit-row';

describe.each(DIALECTS)('test storage on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('opens a fresh, migrated database that takes an audit entry', async () => {
    t = await openTestStorage(dialect);
    expect(t.storage.dialect).toBe(dialect);
    const entry = { actor: 'u1', action: 'workflow.create' as const, targetType: 'workflow', targetId: 'wf_1', details: { name: 'A' }, at: 1_000 };
    if (t.handle) {
      expect(insertAuditRowSqlite(t.handle.sqlite, entry)).toBe(1);
      expect(t.handle.sqlite.prepare('SELECT actor, details FROM audit_log').all()).toEqual([{ actor: 'u1', details: '{"name":"A"}' }]);
    } else {
      const ids = await pgTransaction(t.pool!, (c) => insertAuditRowsPg(c, [entry, { ...entry, targetId: 'wf_2' }]));
      expect(ids).toHaveLength(2);
      expect((await t.pool!.query('SELECT target_id FROM audit_log ORDER BY id')).rows.map((r) => r.target_id)).toEqual(['wf_1', 'wf_2']);
    }
  });
});

describe('pgTransaction', () => {
  it('rolls back when the body throws and retries a serialization failure', async () => {
    const t = await openTestStorage('postgres');
    try {
      const pool = t.pool!;
      const entry = { actor: 'u1', action: 'workflow.create' as const, targetType: 'workflow', targetId: 'x', at: 1 };
      await expect(
        pgTransaction(pool, async (c) => {
          await insertAuditRowsPg(c, [entry]);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(0);
      let calls = 0;
      const r = await pgTransaction(pool, async (c) => {
        calls++;
        await insertAuditRowsPg(c, [entry]);
        if (calls === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        return 'done';
      });
      expect(r).toBe('done');
      expect(calls).toBe(2);
      expect((await pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);
    } finally {
      await t.close();
    }
  });
});
