/**
 * Applies commit guards (`ports/guards.ts`) on SQLite, inside the transaction of the
 * transition they go with. Each area applies its own guard kind.
 */
import type Database from 'better-sqlite3';
import type { CommitGuard } from '../ports/guards';
import { insertAuditRowSqlite } from './audit-row';
import { applyScheduleClaimGuardSqlite, applyWebhookReceiptGuardSqlite } from './triggers';
import { applyTaskDecisionGuardSqlite } from './tasks';
import { applyRouterDecisionsGuardSqlite } from './routers';

/**
 * Applies `guards` in order for the run `runId`.
 * @throws whatever a guard throws to refuse (the caller's transaction then writes nothing).
 */
export function applyGuardsSqlite(sqlite: Database.Database, runId: string, guards: readonly CommitGuard[]): void {
  for (const g of guards) {
    switch (g.type) {
      case 'audit':
        for (const e of g.entries) insertAuditRowSqlite(sqlite, e);
        break;
      case 'scheduleClaim':
        applyScheduleClaimGuardSqlite(sqlite, runId, g);
        break;
      case 'webhookReceipts':
        applyWebhookReceiptGuardSqlite(sqlite, runId, g);
        break;
      case 'taskDecision':
        applyTaskDecisionGuardSqlite(sqlite, runId, g);
        break;
      case 'routerDecisions':
        applyRouterDecisionsGuardSqlite(sqlite, g);
        break;
      default: {
        const unknown: never = g;
        throw new Error(`commit guard "${(unknown as { type: string }).type}" is not supported on SQLite (run ${runId})`);
      }
    }
  }
}
