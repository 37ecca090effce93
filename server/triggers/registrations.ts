/**
 * Trigger registrations: what publishing a workflow version sets up outside the run
 * engine. A version whose trigger is a schedule gets a `schedules` row; one whose
 * trigger is a webhook gets a `webhooks` row (its token). Publishing the next version
 * replaces the registration; a version with another trigger, or deleting the
 * workflow, removes it. Every method runs inside the caller's transaction.
 */
import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { schedules, webhooks, workflows } from '../db/schema';
import { AppError } from '../errors';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { scheduleTriggerConfig } from '@/lib/nodes/schedule-trigger/definition';
import { webhookTriggerConfig } from '@/lib/nodes/webhook-trigger/definition';
import { nextFireTime } from '@/lib/nodes/schedule-trigger/cron';

export class TriggerRegistrations {
  constructor(private readonly h: DbHandle) {}

  /**
   * Registers the trigger of a just-published version (schedule or webhook) and drops
   * any registration of the other kind. A schedule whose cron, zone and policy did not
   * change keeps its next fire time, so re-publishing neither skips nor repeats a fire.
   * @param now epoch ms; a new or changed schedule next fires after it.
   * @throws AppError('conflict') when the webhook token is registered by another workflow (e.g. an imported copy).
   */
  register(workflowId: string, version: number, doc: WorkflowDocument, now: number): void {
    const db = this.h.db;
    const scheduleNode = doc.nodes.find((n) => n.type === 'scheduleTrigger');
    const webhookNode = doc.nodes.find((n) => n.type === 'webhookTrigger');

    if (scheduleNode) {
      const c = scheduleTriggerConfig.parse(scheduleNode.config ?? {});
      const old = db.select().from(schedules).where(eq(schedules.workflowId, workflowId)).get();
      const same = old && old.cron === c.cron && old.timezone === c.timezone && old.missedFires === c.missedFires;
      const values = { version, nodeId: scheduleNode.id, cron: c.cron, timezone: c.timezone, missedFires: c.missedFires, updatedAt: now };
      if (old) {
        db.update(schedules)
          .set(same ? values : { ...values, nextFireAt: nextFireTime(c.cron, c.timezone, now), lastError: null })
          .where(eq(schedules.workflowId, workflowId))
          .run();
      } else {
        db.insert(schedules)
          .values({ workflowId, ...values, nextFireAt: nextFireTime(c.cron, c.timezone, now), createdAt: now })
          .run();
      }
    } else {
      db.delete(schedules).where(eq(schedules.workflowId, workflowId)).run();
    }

    db.delete(webhooks).where(eq(webhooks.workflowId, workflowId)).run();
    if (webhookNode) {
      const c = webhookTriggerConfig.parse(webhookNode.config ?? {});
      const taken = db
        .select({ workflowId: webhooks.workflowId, name: workflows.name })
        .from(webhooks)
        .innerJoin(workflows, eq(workflows.id, webhooks.workflowId))
        .where(and(eq(webhooks.token, c.token), ne(webhooks.workflowId, workflowId)))
        .get();
      if (taken)
        throw new AppError('conflict', `the webhook URL of "${webhookNode.label || webhookNode.id}" is already used by workflow "${taken.name}": generate a new URL for this one`, [
          { path: ['nodes', webhookNode.id, 'token'], message: 'already used by another workflow' },
        ]);
      db.insert(webhooks).values({ token: c.token, workflowId, version, nodeId: webhookNode.id, createdAt: now }).run();
    }
  }

  /** Removes every registration of a workflow (it was deleted). */
  unregister(workflowId: string): void {
    this.h.db.delete(schedules).where(eq(schedules.workflowId, workflowId)).run();
    this.h.db.delete(webhooks).where(eq(webhooks.workflowId, workflowId)).run();
  }

  /** The webhook registered under `token`, or null. */
  webhook(token: string): { workflowId: string; version: number; nodeId: string } | null {
    const r = this.h.db
      .select({ workflowId: webhooks.workflowId, version: webhooks.version, nodeId: webhooks.nodeId })
      .from(webhooks)
      .where(eq(webhooks.token, token))
      .get();
    return r ?? null;
  }

  /** The schedule registered for a workflow, or null (for the designer and tests). */
  schedule(workflowId: string) {
    return this.h.db.select().from(schedules).where(eq(schedules.workflowId, workflowId)).get() ?? null;
  }
}
