/**
 * The webhook receipts table on a real SQLite file: a live receipt refuses a second one
 * with the same key (per trigger), an expired one does not count and is replaced, and
 * expired rows are deleted in bounded batches as new receipts are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '@/tests/helpers/app';
import { RECEIPT_PURGE_BATCH, WebhookReceipts } from './webhook-receipts';

let t: TestApp;
let receipts: WebhookReceipts;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 4, 10);
const scope = { workflowId: 'wf_a', nodeId: 'hook' };
const rows = () => (t.app.handle.sqlite.prepare(`SELECT COUNT(*) AS n FROM webhook_receipts`).get() as { n: number }).n;
const key = (k: string, runId: string, expiresAt: number) => ({ kind: 'key' as const, key: k, requestHash: 'h1', runId, expiresAt });

beforeAll(() => {
  t = openTestApp('receipts');
  receipts = new WebhookReceipts(t.app.handle.sqlite, () => T0);
});
afterAll(() => t.close());

describe('webhook receipts', () => {
  it('holds a key for its trigger until it expires, then lets it start again', () => {
    expect(receipts.record(scope, [key('k1', 'run_1', T0 + 24 * HOUR)], T0)).toBeNull();
    expect(receipts.record(scope, [key('k1', 'run_2', T0 + 25 * HOUR)], T0 + HOUR)).toMatchObject({ runId: 'run_1', requestHash: 'h1' });
    // Another trigger has its own keys.
    expect(receipts.record({ workflowId: 'wf_a', nodeId: 'other' }, [key('k1', 'run_3', T0 + 24 * HOUR)], T0)).toBeNull();
    expect(receipts.find(scope, 'key', 'k1', T0 + 24 * HOUR - 1)?.runId).toBe('run_1');
    expect(receipts.find(scope, 'key', 'k1', T0 + 24 * HOUR)).toBeNull();
    expect(receipts.record(scope, [key('k1', 'run_4', T0 + 48 * HOUR)], T0 + 24 * HOUR)).toBeNull();
    expect(receipts.find(scope, 'key', 'k1', T0 + 24 * HOUR)?.runId).toBe('run_4');
  });

  it('writes nothing when any of the receipts is held', () => {
    receipts.record(scope, [{ kind: 'signature', key: 'abc', requestHash: '', runId: 'run_5', expiresAt: T0 + 301_000 }], T0);
    const before = rows();
    expect(receipts.record(scope, [key('fresh', 'run_6', T0 + HOUR), { kind: 'signature', key: 'abc', requestHash: '', runId: 'run_6', expiresAt: T0 + 301_000 }], T0)).toMatchObject({ kind: 'signature', runId: 'run_5' });
    expect(rows()).toBe(before);
    expect(receipts.find(scope, 'key', 'fresh', T0)).toBeNull();
  });

  it('deletes expired receipts in batches as new ones are written', () => {
    const db = t.app.handle.sqlite;
    db.prepare(`DELETE FROM webhook_receipts`).run();
    const insert = db.prepare(`INSERT INTO webhook_receipts (workflow_id, node_id, kind, key, request_hash, run_id, created_at, expires_at) VALUES ('wf_b', 'hook', 'key', ?, '', 'run_x', ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < 250; i++) insert.run(`old-${i}`, T0 - 25 * HOUR, T0 - HOUR);
    })();
    receipts.record(scope, [key('new-1', 'run_7', T0 + HOUR)], T0);
    expect(rows()).toBe(250 - RECEIPT_PURGE_BATCH + 1);
    expect(receipts.purgeExpired(T0, 1000)).toBe(250 - RECEIPT_PURGE_BATCH);
    expect(rows()).toBe(1);
  });
});
