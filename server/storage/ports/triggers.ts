/**
 * Schedules, webhook registrations and webhook receipts: the port of the triggers area.
 *
 * Registrations are written by the workflow operations that cause them (publish
 * replaces them, delete removes them; see `ports/workflows.ts`), in their transaction.
 * A schedule's fire is claimed by a {@link ScheduleClaimGuard} committed with the run it
 * starts; a webhook's receipts by a {@link WebhookReceiptGuard} committed likewise.
 * Times are epoch ms.
 */
import type { AuditInput } from './audit';

/** A registered schedule (the `schedules` row of a workflow whose latest version starts with a schedule trigger). */
export interface ScheduleRow {
  workflowId: string;
  version: number;
  nodeId: string;
  cron: string;
  timezone: string;
  /** `fireOnce` | `skip` (see the schedule trigger's definition). */
  missedFires: string;
  /** Null when the schedule stopped (its pattern cannot be computed any more). */
  nextFireAt: number | null;
  lastFiredAt: number | null;
  lastRunId: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A registered webhook: the token's workflow, version and trigger node. */
export interface WebhookRegistration {
  workflowId: string;
  version: number;
  nodeId: string;
}

/**
 * What publishing a version registers (computed by the service from the document):
 * at most one schedule and one webhook. Whatever the plan does not name is removed.
 */
export interface TriggerPlan {
  schedule: {
    nodeId: string;
    cron: string;
    timezone: string;
    missedFires: string;
    /** Next fire time for a new schedule or one whose cron, zone or policy changed; an unchanged one keeps its own. */
    nextFireAt: number | null;
  } | null;
  webhook: {
    token: string;
    nodeId: string;
    /**
     * Called inside the publish transaction when another workflow holds the token, with
     * that workflow's name; throws to refuse the publish (nothing is written).
     */
    refuseTaken: (holderName: string) => never;
  } | null;
}

/** The fields a schedule claim sets when it wins. */
export interface ScheduleClaimSet {
  nextFireAt: number | null;
  lastError: string | null;
  updatedAt: number;
  /** Set when the claim starts a run (the fire time handled). */
  lastFiredAt?: number;
}

/**
 * A compare-and-set of a schedule row: it wins when the row still has the version and
 * the next fire time it was read with.
 */
export interface ScheduleClaim {
  workflowId: string;
  version: number;
  /** The `nextFireAt` read (the due time being handled). */
  dueAt: number;
  set: ScheduleClaimSet;
}

/**
 * Claims a schedule's fire inside the transaction that starts its run, so that however
 * many processes run the scheduler, one fire starts one run: the claim's UPDATE must
 * change the row (and records the run's id as `last_run_id`), else the run's insert is
 * refused with a `ScheduleClaimLost` (`trigger-errors.ts`).
 */
export interface ScheduleClaimGuard extends ScheduleClaim {
  type: 'scheduleClaim';
  set: ScheduleClaimSet & { lastFiredAt: number };
}

/** `key`: a caller's Idempotency-Key; `signature`: the hex HMAC of a signed request. */
export type ReceiptKind = 'key' | 'signature';

/** Which trigger a receipt belongs to. */
export interface ReceiptScope {
  workflowId: string;
  nodeId: string;
}

/** What a webhook trigger remembers about a request that started a run. */
export interface Receipt {
  kind: ReceiptKind;
  key: string;
  /** Hex SHA-256 of the request (query string and body) for kind `key`; '' otherwise. */
  requestHash: string;
  runId: string;
  createdAt: number;
  expiresAt: number;
}

/** A receipt to record, before the run's id is known. */
export type ReceiptDraft = Omit<Receipt, 'createdAt' | 'runId'>;

/**
 * Records webhook receipts (idempotency keys, used signatures) with the run they start,
 * in the run's insert transaction; refuses the insert with a `ReceiptHeld`
 * (`trigger-errors.ts`) carrying the live receipt that already holds one of the keys.
 */
export interface WebhookReceiptGuard {
  type: 'webhookReceipts';
  scope: ReceiptScope;
  receipts: ReceiptDraft[];
  /** The request's time: receipts expired by then do not count. */
  now: number;
}

/** Expired receipts deleted per recording: cleaning up stays a bounded cost of each write. */
export const RECEIPT_PURGE_BATCH = 100;

export interface TriggerStorePort {
  /** The schedule registered for a workflow, or null. */
  schedule(workflowId: string): Promise<ScheduleRow | null>;
  /** The webhook registered under `token`, or null. */
  webhook(token: string): Promise<WebhookRegistration | null>;
  /** The earliest next fire time of any schedule, or null. */
  nextDueAt(): Promise<number | null>;
  /** Schedules due at `now` (next fire time ≤ now), earliest first, at most `limit`. */
  dueSchedules(now: number, limit: number): Promise<ScheduleRow[]>;
  /**
   * A claim without a run (a skipped or failed fire): compare-and-set of the row.
   * @returns whether this caller won (false: another scheduler handled the fire, or the schedule changed).
   */
  claimSchedule(claim: ScheduleClaim): Promise<boolean>;
  /** The live (not expired at `now`) receipt of `kind`/`key` for the trigger, or null. */
  findReceipt(scope: ReceiptScope, kind: ReceiptKind, key: string, now: number): Promise<Receipt | null>;
  /**
   * Records receipts of run `runId` in one transaction (what the guard does inside a run's
   * insert), deleting up to {@link RECEIPT_PURGE_BATCH} expired receipts of any trigger.
   * @returns null when all were recorded; else the live receipt holding one of the keys (checked in order), and nothing is written.
   */
  recordReceipts(scope: ReceiptScope, receipts: ReceiptDraft[], runId: string, now: number): Promise<Receipt | null>;
  /** Deletes up to `limit` receipts expired at `now`. @returns how many. */
  purgeExpiredReceipts(now: number, limit: number): Promise<number>;
}
export type { AuditInput };
