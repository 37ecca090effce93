/**
 * Applies commit guards (`ports/guards.ts`) on PostgreSQL, inside the transaction of the
 * transition they go with. Each area applies its own guard kind.
 */
import type pg from 'pg';
import type { CommitGuard } from '../ports/guards';
import { insertAuditRowsPg } from './audit-row';
import { applyScheduleClaimGuardPg, applyWebhookReceiptGuardPg } from './triggers';
import { applyTaskDecisionGuardPg } from './tasks';
import { applyRouterDecisionsGuardPg } from './routers';

/**
 * Applies `guards` in order for the run `runId` on the transaction open on `client`.
 * @throws whatever a guard throws to refuse (the caller then rolls back).
 */
export async function applyGuardsPg(client: pg.PoolClient, runId: string, guards: readonly CommitGuard[]): Promise<void> {
  for (const g of guards) {
    switch (g.type) {
      case 'audit':
        await insertAuditRowsPg(client, g.entries);
        break;
      case 'scheduleClaim':
        await applyScheduleClaimGuardPg(client, runId, g);
        break;
      case 'webhookReceipts':
        await applyWebhookReceiptGuardPg(client, runId, g);
        break;
      case 'taskDecision':
        await applyTaskDecisionGuardPg(client, runId, g);
        break;
      case 'routerDecisions':
        await applyRouterDecisionsGuardPg(client, g);
        break;
      default: {
        const unknown: never = g;
        throw new Error(`commit guard "${(unknown as { type: string }).type}" is not supported on PostgreSQL (run ${runId})`);
      }
    }
  }
}
