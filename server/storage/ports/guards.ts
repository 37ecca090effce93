/**
 * Conditions and extra writes that commit with a run's transition (or its insert), in
 * the same transaction: when one refuses (throws), nothing of the transition is written.
 * Each area defines its own guard; the run store applies them (`sqlite/guards.ts`,
 * `pg/guards.ts`) before the transition's writes.
 */
import type { AuditInput } from './audit';
import type { TaskDecisionGuard } from './tasks';
import type { ScheduleClaimGuard, WebhookReceiptGuard } from './triggers';
import type { RouterDecisionsGuard } from './routers';

/** Audit entries written with the transition. */
export interface AuditGuard {
  type: 'audit';
  entries: AuditInput[];
}

export type CommitGuard = AuditGuard | TaskDecisionGuard | ScheduleClaimGuard | WebhookReceiptGuard | RouterDecisionsGuard;
