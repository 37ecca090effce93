/**
 * Trigger registrations: what publishing a workflow version sets up outside the run
 * engine. A version whose trigger is a schedule gets a `schedules` row; one whose
 * trigger is a webhook gets a `webhooks` row (its token). Publishing the next version
 * replaces the registration; a version with another trigger, or deleting the
 * workflow, removes it. The writes happen in the publish and delete operations of the
 * workflow store (`storage/ports/workflows.ts`), from the plan {@link triggerPlan} makes.
 */
import 'server-only';
import { AppError } from '../errors';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { scheduleTriggerConfig } from '@/lib/nodes/schedule-trigger/definition';
import { webhookTriggerConfig } from '@/lib/nodes/webhook-trigger/definition';
import { nextFireTime } from '@/lib/nodes/schedule-trigger/cron';
import type { ScheduleRow, TriggerPlan, TriggerStorePort, WebhookRegistration } from '../storage/ports/triggers';

/**
 * The registrations of a version about to be published with document `doc`: its
 * schedule (next firing after `now`, epoch ms, unless the stored schedule is unchanged)
 * and its webhook token.
 * @throws ZodError when a trigger's configuration does not parse (publishing validated it first).
 */
export function triggerPlan(doc: WorkflowDocument, now: number): TriggerPlan {
  const scheduleNode = doc.nodes.find((n) => n.type === 'scheduleTrigger');
  const webhookNode = doc.nodes.find((n) => n.type === 'webhookTrigger');
  let schedule: TriggerPlan['schedule'] = null;
  if (scheduleNode) {
    const c = scheduleTriggerConfig.parse(scheduleNode.config ?? {});
    schedule = { nodeId: scheduleNode.id, cron: c.cron, timezone: c.timezone, missedFires: c.missedFires, nextFireAt: nextFireTime(c.cron, c.timezone, now) };
  }
  let webhook: TriggerPlan['webhook'] = null;
  if (webhookNode) {
    const c = webhookTriggerConfig.parse(webhookNode.config ?? {});
    webhook = {
      token: c.token,
      nodeId: webhookNode.id,
      refuseTaken: (holder) => {
        throw new AppError('conflict', `the webhook URL of "${webhookNode.label || webhookNode.id}" is already used by workflow "${holder}": generate a new URL for this one`, [
          { path: ['nodes', webhookNode.id, 'token'], message: 'already used by another workflow' },
        ]);
      },
    };
  }
  return { schedule, webhook };
}

/** Reads of the registrations (the webhook intake, the designer, tests). */
export class TriggerRegistrations {
  constructor(private readonly store: TriggerStorePort) {}

  /** The webhook registered under `token`, or null. */
  webhook(token: string): Promise<WebhookRegistration | null> {
    return this.store.webhook(token);
  }

  /** The schedule registered for a workflow, or null. */
  schedule(workflowId: string): Promise<ScheduleRow | null> {
    return this.store.schedule(workflowId);
  }
}
