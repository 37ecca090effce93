/**
 * The trigger store (`ports/triggers.ts`) on both backends: schedules (due list, next due
 * time, compare-and-set claims, the claim guard committed with a run), webhook
 * registrations, and webhook receipts (find, record, refuse a held key, expiry, purge
 * in batches, the receipt guard). On PostgreSQL, two processes claiming one fire or
 * recording one key at the same moment: exactly one wins.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { rawSql } from '@/tests/helpers/raw-sql';
import { doc, edge, node } from '@/tests/helpers/docs';
import { WorkflowService } from '../services/workflows';
import type { CommitGuard } from './ports/guards';
import { RECEIPT_PURGE_BATCH, type ReceiptDraft, type ScheduleClaimGuard } from './ports/triggers';
import { ReceiptHeld, ScheduleClaimLost } from './trigger-errors';
import { applyGuardsSqlite } from './sqlite/guards';
import { applyGuardsPg } from './pg/guards';
import { pgTransaction } from './pg/tx';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 9);
const TOKEN = 'b'.repeat(32);
const scope = { workflowId: 'wf_a', nodeId: 'hook' };
const key = (k: string, expiresAt: number): ReceiptDraft => ({ kind: 'key', key: k, requestHash: 'h1', expiresAt });

/** Applies `guards` for `runId` in one transaction of the backend, as the run store does with a run's insert. */
async function commitGuards(t: TestStorage, runId: string, guards: CommitGuard[], hold?: () => Promise<void>): Promise<void> {
  if (t.handle) {
    const sqlite = t.handle.sqlite;
    sqlite.transaction(() => applyGuardsSqlite(sqlite, runId, guards))();
    return;
  }
  await pgTransaction(
    t.pool!,
    async (c) => {
      await applyGuardsPg(c, runId, guards);
      await hold?.();
    },
    { attempts: 1 },
  );
}

async function published(t: TestStorage, cron: string): Promise<string> {
  const svc = new WorkflowService(t.storage, () => T0);
  const id = await svc.create(doc('Nightly', [node('tick', 'scheduleTrigger', { cron, timezone: 'UTC', missedFires: 'fireOnce' }), node('done', 'end')], [edge('tick', 'done')]), 'u1');
  await svc.publish(id, 'u1');
  return id;
}

const claimGuard = (workflowId: string, dueAt: number, next: number): ScheduleClaimGuard => ({
  type: 'scheduleClaim',
  workflowId,
  version: 1,
  dueAt,
  set: { nextFireAt: next, lastFiredAt: dueAt, lastError: null, updatedAt: dueAt },
});

describe.each(DIALECTS)('trigger store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('lists due schedules earliest first, gives the next due time, and claims a fire once', async () => {
    t = await openTestStorage(dialect);
    const store = t.storage.triggers;
    expect(await store.nextDueAt()).toBeNull();
    const hourly = await published(t, '0 * * * *');
    const quarter = await published(t, '*/15 * * * *');
    expect(await store.nextDueAt()).toBe(T0 + 15 * MIN);
    expect(await store.dueSchedules(T0 + 15 * MIN - 1, 10)).toEqual([]);
    expect((await store.dueSchedules(T0 + HOUR, 10)).map((s) => [s.workflowId, s.nextFireAt])).toEqual([
      [quarter, T0 + 15 * MIN],
      [hourly, T0 + HOUR],
    ]);
    expect((await store.dueSchedules(T0 + HOUR, 1)).map((s) => s.workflowId)).toEqual([quarter]);
    const row = (await store.schedule(hourly))!;
    expect(row).toEqual({
      workflowId: hourly,
      version: 1,
      nodeId: 'tick',
      cron: '0 * * * *',
      timezone: 'UTC',
      missedFires: 'fireOnce',
      nextFireAt: T0 + HOUR,
      lastFiredAt: null,
      lastRunId: null,
      lastError: null,
      createdAt: T0,
      updatedAt: T0,
    });

    const claim = { workflowId: hourly, version: 1, dueAt: T0 + HOUR, set: { nextFireAt: T0 + 2 * HOUR, lastError: 'skipped', updatedAt: T0 + HOUR } };
    expect(await store.claimSchedule(claim)).toBe(true);
    expect(await store.claimSchedule(claim)).toBe(false); // the row moved on
    expect(await store.claimSchedule({ ...claim, dueAt: T0 + 2 * HOUR, version: 2 })).toBe(false); // another version
    expect(await store.schedule(hourly)).toMatchObject({ nextFireAt: T0 + 2 * HOUR, lastError: 'skipped', lastFiredAt: null, lastRunId: null, updatedAt: T0 + HOUR });
    // A stopped schedule (next fire null) is never due.
    expect(await store.claimSchedule({ ...claim, dueAt: T0 + 2 * HOUR, set: { nextFireAt: null, lastError: 'bad zone', updatedAt: T0 } })).toBe(true);
    expect((await store.dueSchedules(Number.MAX_SAFE_INTEGER, 10)).map((s) => s.workflowId)).toEqual([quarter]);
    expect(await store.schedule('wf_missing')).toBeNull();
  });

  it('the schedule-claim guard commits with the run and records it; a second claim of the fire is refused', async () => {
    const tt = (t = await openTestStorage(dialect));
    const id = await published(tt, '0 * * * *');
    const g = claimGuard(id, T0 + HOUR, T0 + 2 * HOUR);
    await commitGuards(tt, 'run_1', [g]);
    expect(await tt.storage.triggers.schedule(id)).toMatchObject({ nextFireAt: T0 + 2 * HOUR, lastFiredAt: T0 + HOUR, lastRunId: 'run_1', lastError: null });
    const lost = await commitGuards(tt, 'run_2', [g]).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ScheduleClaimLost);
    expect(await tt.storage.triggers.schedule(id)).toMatchObject({ lastRunId: 'run_1' });
  });

  it('finds registered webhooks by token', async () => {
    const tt = (t = await openTestStorage(dialect));
    const svc = new WorkflowService(tt.storage, () => T0);
    const id = await svc.create(doc('Hook', [node('in', 'webhookTrigger', { token: TOKEN }), node('done', 'end')], [edge('in', 'done')]), 'u1');
    expect(await tt.storage.triggers.webhook(TOKEN)).toBeNull();
    await svc.publish(id, 'u1');
    expect(await tt.storage.triggers.webhook(TOKEN)).toEqual({ workflowId: id, version: 1, nodeId: 'in' });
    await svc.publish(id, 'u1');
    expect(await tt.storage.triggers.webhook(TOKEN)).toEqual({ workflowId: id, version: 2, nodeId: 'in' });
    expect(await tt.storage.triggers.webhook('c'.repeat(32))).toBeNull();
  });

  it('holds a key for its trigger until it expires, then lets it start again', async () => {
    const store = (t = await openTestStorage(dialect)).storage.triggers;
    expect(await store.recordReceipts(scope, [key('k1', T0 + 24 * HOUR)], 'run_1', T0)).toBeNull();
    expect(await store.recordReceipts(scope, [key('k1', T0 + 25 * HOUR)], 'run_2', T0 + HOUR)).toMatchObject({ runId: 'run_1', requestHash: 'h1' });
    // Another trigger has its own keys.
    expect(await store.recordReceipts({ workflowId: 'wf_a', nodeId: 'other' }, [key('k1', T0 + 24 * HOUR)], 'run_3', T0)).toBeNull();
    expect(await store.findReceipt(scope, 'key', 'k1', T0 + 24 * HOUR - 1)).toEqual({ kind: 'key', key: 'k1', requestHash: 'h1', runId: 'run_1', createdAt: T0, expiresAt: T0 + 24 * HOUR });
    expect(await store.findReceipt(scope, 'key', 'k1', T0 + 24 * HOUR)).toBeNull();
    expect(await store.findReceipt(scope, 'signature', 'k1', T0)).toBeNull();
    expect(await store.recordReceipts(scope, [key('k1', T0 + 48 * HOUR)], 'run_4', T0 + 24 * HOUR)).toBeNull();
    expect((await store.findReceipt(scope, 'key', 'k1', T0 + 24 * HOUR))?.runId).toBe('run_4');
  });

  it('writes nothing when any of the receipts is held', async () => {
    const tt = (t = await openTestStorage(dialect));
    const store = tt.storage.triggers;
    await store.recordReceipts(scope, [{ kind: 'signature', key: 'abc', requestHash: '', expiresAt: T0 + 301_000 }], 'run_5', T0);
    const count = async () => (await rawSql<{ n: number }>(tt, `SELECT COUNT(*) AS n FROM webhook_receipts`))[0].n;
    const before = await count();
    expect(await store.recordReceipts(scope, [key('fresh', T0 + HOUR), { kind: 'signature', key: 'abc', requestHash: '', expiresAt: T0 + 301_000 }], 'run_6', T0)).toMatchObject({
      kind: 'signature',
      runId: 'run_5',
    });
    expect(await count()).toBe(before);
    expect(await store.findReceipt(scope, 'key', 'fresh', T0)).toBeNull();
  });

  it('the receipt guard records with the run, and refuses a held key with the receipt holding it', async () => {
    const tt = (t = await openTestStorage(dialect));
    const g: CommitGuard = { type: 'webhookReceipts', scope, receipts: [key('k9', T0 + HOUR)], now: T0 };
    await commitGuards(tt, 'run_7', [g]);
    expect((await tt.storage.triggers.findReceipt(scope, 'key', 'k9', T0))?.runId).toBe('run_7');
    const err = await commitGuards(tt, 'run_8', [{ type: 'audit', entries: [{ actor: 'webhook', action: 'run.start', targetType: 'run', targetId: 'run_8', at: T0 }] }, g]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReceiptHeld);
    expect((err as ReceiptHeld).receipt).toMatchObject({ kind: 'key', key: 'k9', runId: 'run_7' });
    // The refused commit wrote nothing, its audit entry neither.
    expect(await rawSql(tt, `SELECT COUNT(*) AS n FROM audit_log`)).toEqual([{ n: 0 }]);
  });

  it('deletes expired receipts in batches as new ones are written', async () => {
    const tt = (t = await openTestStorage(dialect));
    const store = tt.storage.triggers;
    const rows = async () => (await rawSql<{ n: number }>(tt, `SELECT COUNT(*) AS n FROM webhook_receipts`))[0].n;
    const values = Array.from({ length: 250 }, (_, i) => `('wf_b', 'hook', 'key', 'old-${i}', '', 'run_x', ${T0 - 25 * HOUR}, ${T0 - HOUR})`).join(', ');
    await rawSql(tt, `INSERT INTO webhook_receipts (workflow_id, node_id, kind, key, request_hash, run_id, created_at, expires_at) VALUES ${values}`);
    await store.recordReceipts(scope, [key('new-1', T0 + HOUR)], 'run_7', T0);
    expect(await rows()).toBe(250 - RECEIPT_PURGE_BATCH + 1);
    expect(await store.purgeExpiredReceipts(T0, 1000)).toBe(250 - RECEIPT_PURGE_BATCH);
    expect(await rows()).toBe(1);
    expect(await store.purgeExpiredReceipts(T0 + 2 * HOUR, 1000)).toBe(1);
  });
});

describe('trigger store on postgres, two processes at once', () => {
  it('a schedule fire claimed by two transactions at the same moment is won by exactly one', async () => {
    const t = await openTestStorage('postgres');
    try {
      const id = await published(t, '0 * * * *');
      const g = claimGuard(id, T0 + HOUR, T0 + 2 * HOUR);
      const hold = () => new Promise<void>((r) => setTimeout(r, 150));
      for (let round = 0; round < 3; round++) {
        const due = T0 + (round + 1) * HOUR;
        const gr = { ...g, dueAt: due, set: { ...g.set, nextFireAt: due + HOUR, lastFiredAt: due } };
        const results = await Promise.allSettled([commitGuards(t, `run_a${round}`, [gr], hold), commitGuards(t, `run_b${round}`, [gr], hold)]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(ScheduleClaimLost);
        const winner = results[0].status === 'fulfilled' ? `run_a${round}` : `run_b${round}`;
        expect(await t.storage.triggers.schedule(id)).toMatchObject({ nextFireAt: due + HOUR, lastRunId: winner });
      }
    } finally {
      await t.close();
    }
  });

  it('one Idempotency-Key recorded by two transactions at the same moment: one run holds it, the other is refused', async () => {
    const t = await openTestStorage('postgres');
    try {
      const g: CommitGuard = { type: 'webhookReceipts', scope, receipts: [key('same', T0 + HOUR)], now: T0 };
      const hold = () => new Promise<void>((r) => setTimeout(r, 150));
      const results = await Promise.allSettled([commitGuards(t, 'run_a', [g], hold), commitGuards(t, 'run_b', [g], hold)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as ReceiptHeld;
      expect(refused).toBeInstanceOf(ReceiptHeld);
      const winner = results[0].status === 'fulfilled' ? 'run_a' : 'run_b';
      expect(refused.receipt.runId).toBe(winner);
      expect((await t.storage.triggers.findReceipt(scope, 'key', 'same', T0))?.runId).toBe(winner);
    } finally {
      await t.close();
    }
  });
});
