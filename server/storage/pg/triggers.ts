/**
 * The PostgreSQL implementation of `TriggerStorePort` (see `../ports/triggers.ts`), with
 * the same behaviour as `../sqlite/triggers.ts`, plus what other operations run inside
 * their own transaction (registering a published version's triggers, the schedule-claim
 * and webhook-receipt commit guards).
 *
 * Concurrency (READ COMMITTED): a schedule claim is one guarded `UPDATE`; a second
 * claimer of the same fire waits for the first to commit, re-reads the row and changes
 * nothing, so exactly one wins. Receipts are inserted with `ON CONFLICT … DO UPDATE …
 * WHERE expired`: a concurrent repeat waits for the first request's transaction and then
 * finds its live receipt. A webhook token is inserted with `ON CONFLICT DO NOTHING`, so
 * two workflows publishing one token concurrently cannot both hold it.
 */
import type pg from 'pg';
import {
  RECEIPT_PURGE_BATCH,
  type Receipt,
  type ReceiptDraft,
  type ReceiptKind,
  type ReceiptScope,
  type ScheduleClaim,
  type ScheduleClaimGuard,
  type ScheduleRow,
  type TriggerPlan,
  type TriggerStorePort,
  type WebhookReceiptGuard,
  type WebhookRegistration,
} from '../ports/triggers';
import { ReceiptHeld, ScheduleClaimLost } from '../trigger-errors';
import { pgTransaction, type PgQueryable } from './tx';

const SCHEDULE_COLUMNS = `workflow_id AS "workflowId", version, node_id AS "nodeId", cron, timezone, missed_fires AS "missedFires", next_fire_at AS "nextFireAt",
  last_fired_at AS "lastFiredAt", last_run_id AS "lastRunId", last_error AS "lastError", created_at AS "createdAt", updated_at AS "updatedAt"`;

const RECEIPT_COLUMNS = `kind, key, request_hash AS "requestHash", run_id AS "runId", created_at AS "createdAt", expires_at AS "expiresAt"`;

async function runClaim(q: PgQueryable, c: ScheduleClaim, runId: string | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE schedules SET next_fire_at = $4, last_error = $5, updated_at = $6, last_fired_at = COALESCE($7, last_fired_at), last_run_id = COALESCE($8, last_run_id)
      WHERE workflow_id = $1 AND version = $2 AND next_fire_at = $3`,
    [c.workflowId, c.version, c.dueAt, c.set.nextFireAt, c.set.lastError, c.set.updatedAt, c.set.lastFiredAt ?? null, runId],
  );
  return r.rowCount === 1;
}

async function findReceipt(q: PgQueryable, scope: ReceiptScope, kind: ReceiptKind, key: string, now: number): Promise<Receipt | null> {
  const r = await q.query<Receipt>(`SELECT ${RECEIPT_COLUMNS} FROM webhook_receipts WHERE workflow_id = $1 AND node_id = $2 AND kind = $3 AND key = $4 AND expires_at > $5`, [
    scope.workflowId,
    scope.nodeId,
    kind,
    key,
    now,
  ]);
  return r.rows[0] ?? null;
}

async function purgeReceipts(q: PgQueryable, now: number, limit: number): Promise<number> {
  const r = await q.query(
    `DELETE FROM webhook_receipts WHERE (workflow_id, node_id, kind, key) IN (
       SELECT workflow_id, node_id, kind, key FROM webhook_receipts WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [now, limit],
  );
  return r.rowCount ?? 0;
}

/** Records receipts of `runId` inside the transaction open on `client`. @returns the live receipt already holding a key (the caller must roll back), or null. */
async function recordReceipts(client: pg.PoolClient, scope: ReceiptScope, receipts: readonly ReceiptDraft[], runId: string, now: number): Promise<Receipt | null> {
  for (const r of receipts) {
    const held = await findReceipt(client, scope, r.kind, r.key, now);
    if (held) return held;
  }
  await purgeReceipts(client, now, RECEIPT_PURGE_BATCH);
  for (const r of receipts) {
    const ins = await client.query(
      `INSERT INTO webhook_receipts (workflow_id, node_id, kind, key, request_hash, run_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workflow_id, node_id, kind, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, run_id = EXCLUDED.run_id,
         created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
       WHERE webhook_receipts.expires_at <= $7`,
      [scope.workflowId, scope.nodeId, r.kind, r.key, r.requestHash, runId, now, r.expiresAt],
    );
    if (ins.rowCount === 1) continue;
    // A concurrent request recorded the key first (and has committed): its receipt holds.
    const held = await findReceipt(client, scope, r.kind, r.key, now);
    if (held) return held;
    throw new Error(`webhook receipt ${r.kind} of workflow ${scope.workflowId} could not be recorded`);
  }
  return null;
}

/**
 * Applies a {@link ScheduleClaimGuard} for run `runId` on the transaction open on `client`.
 * @throws ScheduleClaimLost when the row no longer has the due time and version read.
 */
export async function applyScheduleClaimGuardPg(client: pg.PoolClient, runId: string, g: ScheduleClaimGuard): Promise<void> {
  if (!(await runClaim(client, g, runId))) throw new ScheduleClaimLost(g.workflowId);
}

/**
 * Applies a {@link WebhookReceiptGuard} for run `runId` on the transaction open on `client`.
 * @throws ReceiptHeld with the live receipt that already holds one of the keys.
 */
export async function applyWebhookReceiptGuardPg(client: pg.PoolClient, runId: string, g: WebhookReceiptGuard): Promise<void> {
  const held = await recordReceipts(client, g.scope, g.receipts, runId, g.now);
  if (held) throw new ReceiptHeld(held);
}

/**
 * Replaces the trigger registrations of workflow `workflowId` by those of its just
 * published `version` (on the publish transaction, which holds the workflow row's lock).
 * A schedule whose cron, zone and policy did not change keeps its next fire time.
 * @throws what `plan.webhook.refuseTaken` throws when another workflow holds the token.
 */
export async function registerTriggersPg(client: pg.PoolClient, workflowId: string, version: number, plan: TriggerPlan, now: number): Promise<void> {
  if (plan.schedule) {
    const c = plan.schedule;
    await client.query(
      `INSERT INTO schedules (workflow_id, version, node_id, cron, timezone, missed_fires, next_fire_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (workflow_id) DO UPDATE SET version = EXCLUDED.version, node_id = EXCLUDED.node_id, updated_at = EXCLUDED.updated_at,
         next_fire_at = CASE WHEN schedules.cron = EXCLUDED.cron AND schedules.timezone = EXCLUDED.timezone AND schedules.missed_fires = EXCLUDED.missed_fires
                             THEN schedules.next_fire_at ELSE EXCLUDED.next_fire_at END,
         last_error = CASE WHEN schedules.cron = EXCLUDED.cron AND schedules.timezone = EXCLUDED.timezone AND schedules.missed_fires = EXCLUDED.missed_fires
                           THEN schedules.last_error ELSE NULL END,
         cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, missed_fires = EXCLUDED.missed_fires`,
      [workflowId, version, c.nodeId, c.cron, c.timezone, c.missedFires, c.nextFireAt, now],
    );
  } else await client.query(`DELETE FROM schedules WHERE workflow_id = $1`, [workflowId]);
  await client.query(`DELETE FROM webhooks WHERE workflow_id = $1`, [workflowId]);
  if (plan.webhook) {
    const ins = await client.query(`INSERT INTO webhooks (token, workflow_id, version, node_id, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token) DO NOTHING`, [
      plan.webhook.token,
      workflowId,
      version,
      plan.webhook.nodeId,
      now,
    ]);
    if (ins.rowCount !== 1) {
      const holder = await client.query<{ name: string }>(`SELECT w.name FROM webhooks AS h JOIN workflows AS w ON w.id = h.workflow_id WHERE h.token = $1`, [plan.webhook.token]);
      plan.webhook.refuseTaken(holder.rows[0]?.name ?? 'another workflow');
    }
  }
}

/** Removes every registration of a workflow (on its delete transaction). */
export async function unregisterTriggersPg(client: pg.PoolClient, workflowId: string): Promise<void> {
  await client.query(`DELETE FROM schedules WHERE workflow_id = $1`, [workflowId]);
  await client.query(`DELETE FROM webhooks WHERE workflow_id = $1`, [workflowId]);
}

/** Carries a held receipt out of a rolled-back transaction. */
class Held extends Error {
  constructor(readonly receipt: Receipt) {
    super('receipt held');
  }
}

export class PgTriggerStore implements TriggerStorePort {
  constructor(readonly pool: pg.Pool) {}

  async schedule(workflowId: string): Promise<ScheduleRow | null> {
    const r = await this.pool.query<ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE workflow_id = $1`, [workflowId]);
    return r.rows[0] ?? null;
  }

  async webhook(token: string): Promise<WebhookRegistration | null> {
    const r = await this.pool.query<WebhookRegistration>(`SELECT workflow_id AS "workflowId", version, node_id AS "nodeId" FROM webhooks WHERE token = $1`, [token]);
    return r.rows[0] ?? null;
  }

  async nextDueAt(): Promise<number | null> {
    const r = await this.pool.query<{ at: number }>(`SELECT next_fire_at AS at FROM schedules WHERE next_fire_at IS NOT NULL ORDER BY next_fire_at LIMIT 1`);
    return r.rows[0]?.at ?? null;
  }

  async dueSchedules(now: number, limit: number): Promise<ScheduleRow[]> {
    const r = await this.pool.query<ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE next_fire_at IS NOT NULL AND next_fire_at <= $1 ORDER BY next_fire_at LIMIT $2`, [now, limit]);
    return r.rows;
  }

  async claimSchedule(claim: ScheduleClaim): Promise<boolean> {
    return runClaim(this.pool, claim, null);
  }

  async findReceipt(scope: ReceiptScope, kind: ReceiptKind, key: string, now: number): Promise<Receipt | null> {
    return findReceipt(this.pool, scope, kind, key, now);
  }

  async recordReceipts(scope: ReceiptScope, receipts: ReceiptDraft[], runId: string, now: number): Promise<Receipt | null> {
    try {
      return await pgTransaction(this.pool, async (client) => {
        const held = await recordReceipts(client, scope, receipts, runId, now);
        if (held) throw new Held(held);
        return null;
      });
    } catch (err) {
      if (err instanceof Held) return err.receipt;
      throw err;
    }
  }

  async purgeExpiredReceipts(now: number, limit: number): Promise<number> {
    return purgeReceipts(this.pool, now, limit);
  }
}
