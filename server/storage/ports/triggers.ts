/** Schedules, webhook registrations and webhook receipts. */
import type { AuditInput } from './audit';

/**
 * Claims a schedule's fire inside the transaction that starts its run, so that however
 * many processes run the scheduler, one fire starts one run. Field set by the triggers area.
 */
export interface ScheduleClaimGuard {
  type: 'scheduleClaim';
}

/** Records webhook receipts (idempotency keys, used signatures) with the run they started; refuses a repeat. */
export interface WebhookReceiptGuard {
  type: 'webhookReceipts';
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TriggerStorePort {}
export type { AuditInput };
