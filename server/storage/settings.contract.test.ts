/** The settings port on both backends: a value round-trips, a put replaces it, and its audit entry commits with it. */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';

describe.each(DIALECTS)('settings store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('reads null for a key never set, then the value put, replaced by the next put, each audited', async () => {
    t = await openTestStorage(dialect);
    const s = t.storage.settings;
    expect(await s.get('ai.modelPrices')).toBeNull();
    const audit = (at: number) => ({ actor: 'ada', action: 'settings.update' as const, targetType: 'settings', targetId: 'ai.modelPrices', details: { at }, at });
    await s.put({ key: 'ai.modelPrices', value: '{"gpt":{"promptPer1k":0.5,"completionPer1k":1.5}}', updatedAt: 1_700_000_000_000, updatedBy: 'ada' }, audit(1));
    expect(await s.get('ai.modelPrices')).toEqual({ key: 'ai.modelPrices', value: '{"gpt":{"promptPer1k":0.5,"completionPer1k":1.5}}', updatedAt: 1_700_000_000_000, updatedBy: 'ada' });
    await s.put({ key: 'ai.modelPrices', value: '{}', updatedAt: 1_700_000_000_500, updatedBy: 'bo' }, audit(2));
    expect(await s.get('ai.modelPrices')).toEqual({ key: 'ai.modelPrices', value: '{}', updatedAt: 1_700_000_000_500, updatedBy: 'bo' });
    expect(await s.get('other')).toBeNull();
    const entries = await t.storage.audit.list({ action: 'settings.update' });
    expect(entries.map((e) => [e.actor, e.targetId, e.details])).toEqual([
      ['ada', 'ai.modelPrices', { at: 2 }],
      ['ada', 'ai.modelPrices', { at: 1 }],
    ]);
  });
});
