/** Router statistics (PostgreSQL twin of `../schema-routers.ts`; see there). */
import { pgTable, text, integer, primaryKey, index } from 'drizzle-orm/pg-core';
import { ms } from './columns';

export const routerDecisions = pgTable(
  'router_decisions',
  {
    runId: text('run_id').notNull(),
    stepId: text('step_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    nodeId: text('node_id').notNull(),
    candidate: text('candidate').notNull(),
    chosenAt: ms('chosen_at').notNull(),
    ok: integer('ok'),
    durationMs: ms('duration_ms'),
    endedAt: ms('ended_at'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stepId] }),
    index('router_decisions_candidate_ended_idx').on(t.workflowId, t.nodeId, t.candidate, t.endedAt),
    index('router_decisions_candidate_chosen_idx').on(t.workflowId, t.nodeId, t.candidate, t.chosenAt),
  ],
);
