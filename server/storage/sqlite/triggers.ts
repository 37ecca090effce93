/**
 * The SQLite implementation of `TriggerStorePort` (see `../ports/triggers.ts`): schedules,
 * webhook registrations and webhook receipts, plus what other operations run inside their
 * own transaction (registering a published version's triggers, the schedule-claim and
 * webhook-receipt commit guards). Prepared statements are made once per connection.
 */
import type Database from 'better-sqlite3';
import type { DbHandle } from '@/server/db/open';
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

const SCHEDULE_COLUMNS = `workflow_id AS workflowId, version, node_id AS nodeId, cron, timezone, missed_fires AS missedFires, next_fire_at AS nextFireAt,
  last_fired_at AS lastFiredAt, last_run_id AS lastRunId, last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;

function statements(sqlite: Database.Database) {
  return {
    schedule: sqlite.prepare(`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE workflow_id = ?`),
    webhook: sqlite.prepare(`SELECT workflow_id AS workflowId, version, node_id AS nodeId FROM webhooks WHERE token = ?`),
    nextDue: sqlite.prepare(`SELECT next_fire_at AS at FROM schedules WHERE next_fire_at IS NOT NULL ORDER BY next_fire_at LIMIT 1`),
    due: sqlite.prepare(`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ?`),
    claim: sqlite.prepare(`UPDATE schedules SET next_fire_at = @nextFireAt, last_error = @lastError, updated_at = @updatedAt,
        last_fired_at = COALESCE(@lastFiredAt, last_fired_at), last_run_id = COALESCE(@runId, last_run_id)
      WHERE workflow_id = @workflowId AND version = @version AND next_fire_at = @dueAt`),
    findReceipt: sqlite.prepare(`SELECT kind, key, request_hash AS requestHash, run_id AS runId, created_at AS createdAt, expires_at AS expiresAt
      FROM webhook_receipts WHERE workflow_id = ? AND node_id = ? AND kind = ? AND key = ? AND expires_at > ?`),
    dropExpiredReceipt: sqlite.prepare(`DELETE FROM webhook_receipts WHERE workflow_id = ? AND node_id = ? AND kind = ? AND key = ? AND expires_at <= ?`),
    insertReceipt: sqlite.prepare(`INSERT INTO webhook_receipts (workflow_id, node_id, kind, key, request_hash, run_id, created_at, expires_at)
      VALUES (@workflowId, @nodeId, @kind, @key, @requestHash, @runId, @createdAt, @expiresAt)`),
    purgeReceipts: sqlite.prepare(`DELETE FROM webhook_receipts WHERE rowid IN (SELECT rowid FROM webhook_receipts WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`),
    oldSchedule: sqlite.prepare(`SELECT cron, timezone, missed_fires AS missedFires FROM schedules WHERE workflow_id = ?`),
    updateSchedule: sqlite.prepare(`UPDATE schedules SET version = @version, node_id = @nodeId, cron = @cron, timezone = @timezone, missed_fires = @missedFires, updated_at = @now,
        next_fire_at = CASE WHEN @keep THEN next_fire_at ELSE @nextFireAt END, last_error = CASE WHEN @keep THEN last_error ELSE NULL END
      WHERE workflow_id = @workflowId`),
    insertSchedule: sqlite.prepare(`INSERT INTO schedules (workflow_id, version, node_id, cron, timezone, missed_fires, next_fire_at, created_at, updated_at)
      VALUES (@workflowId, @version, @nodeId, @cron, @timezone, @missedFires, @nextFireAt, @now, @now)`),
    deleteSchedule: sqlite.prepare(`DELETE FROM schedules WHERE workflow_id = ?`),
    deleteWebhook: sqlite.prepare(`DELETE FROM webhooks WHERE workflow_id = ?`),
    tokenHolder: sqlite.prepare(`SELECT w.name AS name FROM webhooks AS h JOIN workflows AS w ON w.id = h.workflow_id WHERE h.token = ? AND h.workflow_id <> ?`),
    insertWebhook: sqlite.prepare(`INSERT INTO webhooks (token, workflow_id, version, node_id, created_at) VALUES (?, ?, ?, ?, ?)`),
  };
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Database.Database, Statements>();

/** The prepared statements of the triggers area on `sqlite` (made once per connection). */
function st(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) cache.set(sqlite, (s = statements(sqlite)));
  return s;
}

function runClaim(sqlite: Database.Database, c: ScheduleClaim, runId: string | null): boolean {
  return (
    st(sqlite).claim.run({ workflowId: c.workflowId, version: c.version, dueAt: c.dueAt, nextFireAt: c.set.nextFireAt, lastError: c.set.lastError, updatedAt: c.set.updatedAt, lastFiredAt: c.set.lastFiredAt ?? null, runId })
      .changes === 1
  );
}

function findReceipt(sqlite: Database.Database, scope: ReceiptScope, kind: ReceiptKind, key: string, now: number): Receipt | null {
  return (st(sqlite).findReceipt.get(scope.workflowId, scope.nodeId, kind, key, now) as Receipt | undefined) ?? null;
}

/** Records receipts of `runId` (call inside a transaction). @returns the live receipt already holding a key (nothing written), or null. */
function recordReceipts(sqlite: Database.Database, scope: ReceiptScope, receipts: readonly ReceiptDraft[], runId: string, now: number): Receipt | null {
  for (const r of receipts) {
    const held = findReceipt(sqlite, scope, r.kind, r.key, now);
    if (held) return held;
  }
  const s = st(sqlite);
  s.purgeReceipts.run(now, RECEIPT_PURGE_BATCH);
  for (const r of receipts) {
    s.dropExpiredReceipt.run(scope.workflowId, scope.nodeId, r.kind, r.key, now);
    s.insertReceipt.run({ ...scope, kind: r.kind, key: r.key, requestHash: r.requestHash, expiresAt: r.expiresAt, runId, createdAt: now });
  }
  return null;
}

/**
 * Applies a {@link ScheduleClaimGuard} for run `runId` inside its insert transaction.
 * @throws ScheduleClaimLost when the row no longer has the due time and version read.
 */
export function applyScheduleClaimGuardSqlite(sqlite: Database.Database, runId: string, g: ScheduleClaimGuard): void {
  if (!runClaim(sqlite, g, runId)) throw new ScheduleClaimLost(g.workflowId);
}

/**
 * Applies a {@link WebhookReceiptGuard} for run `runId` inside its insert transaction.
 * @throws ReceiptHeld with the live receipt that already holds one of the keys.
 */
export function applyWebhookReceiptGuardSqlite(sqlite: Database.Database, runId: string, g: WebhookReceiptGuard): void {
  const held = recordReceipts(sqlite, g.scope, g.receipts, runId, g.now);
  if (held) throw new ReceiptHeld(held);
}

/**
 * Replaces the trigger registrations of workflow `workflowId` by those of its just
 * published `version` (call inside the publish transaction). A schedule whose cron, zone
 * and policy did not change keeps its next fire time.
 * @throws what `plan.webhook.refuseTaken` throws when another workflow holds the token.
 */
export function registerTriggersSqlite(sqlite: Database.Database, workflowId: string, version: number, plan: TriggerPlan, now: number): void {
  const s = st(sqlite);
  if (plan.schedule) {
    const c = plan.schedule;
    const old = s.oldSchedule.get(workflowId) as { cron: string; timezone: string; missedFires: string } | undefined;
    const values = { workflowId, version, nodeId: c.nodeId, cron: c.cron, timezone: c.timezone, missedFires: c.missedFires, nextFireAt: c.nextFireAt, now };
    if (old) {
      const keep = old.cron === c.cron && old.timezone === c.timezone && old.missedFires === c.missedFires;
      s.updateSchedule.run({ ...values, keep: keep ? 1 : 0 });
    } else s.insertSchedule.run(values);
  } else s.deleteSchedule.run(workflowId);
  s.deleteWebhook.run(workflowId);
  if (plan.webhook) {
    const holder = s.tokenHolder.get(plan.webhook.token, workflowId) as { name: string } | undefined;
    if (holder) plan.webhook.refuseTaken(holder.name);
    s.insertWebhook.run(plan.webhook.token, workflowId, version, plan.webhook.nodeId, now);
  }
}

/** Removes every registration of a workflow (call inside its delete transaction). */
export function unregisterTriggersSqlite(sqlite: Database.Database, workflowId: string): void {
  const s = st(sqlite);
  s.deleteSchedule.run(workflowId);
  s.deleteWebhook.run(workflowId);
}

export class SqliteTriggerStore implements TriggerStorePort {
  private readonly sqlite: Database.Database;

  constructor(readonly h: DbHandle) {
    this.sqlite = h.sqlite;
  }

  async schedule(workflowId: string): Promise<ScheduleRow | null> {
    return (st(this.sqlite).schedule.get(workflowId) as ScheduleRow | undefined) ?? null;
  }

  async webhook(token: string): Promise<WebhookRegistration | null> {
    return (st(this.sqlite).webhook.get(token) as WebhookRegistration | undefined) ?? null;
  }

  async nextDueAt(): Promise<number | null> {
    return (st(this.sqlite).nextDue.get() as { at: number } | undefined)?.at ?? null;
  }

  async dueSchedules(now: number, limit: number): Promise<ScheduleRow[]> {
    return st(this.sqlite).due.all(now, limit) as ScheduleRow[];
  }

  async claimSchedule(claim: ScheduleClaim): Promise<boolean> {
    return runClaim(this.sqlite, claim, null);
  }

  async findReceipt(scope: ReceiptScope, kind: ReceiptKind, key: string, now: number): Promise<Receipt | null> {
    return findReceipt(this.sqlite, scope, kind, key, now);
  }

  async recordReceipts(scope: ReceiptScope, receipts: ReceiptDraft[], runId: string, now: number): Promise<Receipt | null> {
    return this.sqlite.transaction(() => recordReceipts(this.sqlite, scope, receipts, runId, now))();
  }

  async purgeExpiredReceipts(now: number, limit: number): Promise<number> {
    return st(this.sqlite).purgeReceipts.run(now, limit).changes;
  }
}
