/** The audit log port on both backends: append order and ids, every filter, paging backwards, limits, details parsing. */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { exec } from '@/tests/helpers/storage-sql';
import type { AuditInput } from './ports/audit';

const entry = (i: number, over: Partial<AuditInput> = {}): AuditInput => ({
  actor: i % 2 ? 'ada' : 'sam',
  action: i % 3 ? 'workflow.save' : 'run.start',
  targetType: i % 3 ? 'workflow' : 'run',
  targetId: `t${i % 4}`,
  details: { i },
  at: 1_000 + i * 10,
  ...over,
});

describe.each(DIALECTS)('audit store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('appends in order with ascending ids and lists newest first', async () => {
    t = await openTestStorage(dialect);
    const a = t.storage.audit;
    expect(await a.append([])).toEqual([]);
    const ids = await a.append([entry(1), entry(2)]);
    const more = await a.append([entry(3)]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    expect(more[0]).toBeGreaterThan(ids[1]!);
    const all = await a.list();
    expect(all.map((e) => e.id)).toEqual([more[0], ids[1], ids[0]]);
    expect(all[2]).toEqual({ id: ids[0], at: 1_010, actor: 'ada', action: 'workflow.save', targetType: 'workflow', targetId: 't1', details: { i: 1 } });
  });

  it('filters by actor, action, target, time range and id, pages backwards and clamps the limit', async () => {
    t = await openTestStorage(dialect);
    const a = t.storage.audit;
    await a.append(Array.from({ length: 12 }, (_, i) => entry(i + 1)));
    const ids = (await a.list()).map((e) => e.id);
    expect(ids).toHaveLength(12);
    expect((await a.list({ actor: 'ada' })).every((e) => e.actor === 'ada')).toBe(true);
    expect((await a.list({ actor: 'ada' })).length).toBe(6);
    expect((await a.list({ action: 'run.start' })).map((e) => e.details.i)).toEqual([12, 9, 6, 3]);
    expect((await a.list({ targetType: 'run', targetId: 't1' })).map((e) => e.details.i)).toEqual([9]);
    expect((await a.list({ from: 1_050, to: 1_080 })).map((e) => e.details.i)).toEqual([7, 6, 5]);
    expect((await a.list({ actor: '', action: '' })).length).toBe(12);
    const page1 = await a.list({ limit: 5 });
    const page2 = await a.list({ limit: 5, beforeId: page1.at(-1)!.id });
    expect([...page1, ...page2].map((e) => e.id)).toEqual(ids.slice(0, 10));
    expect(await a.list({ limit: 0 })).toHaveLength(1);
    expect(await a.list({ limit: 2.7 })).toHaveLength(2);
    expect(await a.list({ limit: 1e9 })).toHaveLength(12);
  });

  it('reads details that are not a JSON object as {}', async () => {
    t = await openTestStorage(dialect);
    await t.storage.audit.append([entry(1, { details: undefined })]);
    await exec(t, `INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?)`, [5, 'x', 'run.start', 'run', 'r', '[1,2]']);
    await exec(t, `INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?)`, [6, 'x', 'run.start', 'run', 'r', 'not json']);
    expect((await t.storage.audit.list()).map((e) => e.details)).toEqual([{}, {}, {}]);
  });
});
