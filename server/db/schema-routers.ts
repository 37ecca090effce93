/**
 * Router statistics (SQLite): one row per router choice, shared by every process on the
 * database. The row is inserted with the transition that made the choice and its outcome
 * is filled in by the transition that ended the chosen branch (both through the run
 * store's `routerDecisions` commit guard), so a crash neither loses nor double-counts an
 * outcome. PostgreSQL twin: `pg/schema-routers.ts`.
 */
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

export const routerDecisions = sqliteTable(
  'router_decisions',
  {
    runId: text('run_id').notNull(),
    /** The router's step (`<nodeId>#<n>`). */
    stepId: text('step_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** The candidate (output port id) chosen. */
    candidate: text('candidate').notNull(),
    /** Epoch ms of the choice. */
    chosenAt: integer('chosen_at').notNull(),
    /** 1: the branch reached the next join, end or router; 0: it failed; null: not ended yet. */
    ok: integer('ok'),
    /** Branch duration, ms (null until it ended). */
    durationMs: integer('duration_ms'),
    /** Epoch ms the branch ended (null until then). */
    endedAt: integer('ended_at'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stepId] }),
    index('router_decisions_candidate_ended_idx').on(t.workflowId, t.nodeId, t.candidate, t.endedAt),
    index('router_decisions_candidate_chosen_idx').on(t.workflowId, t.nodeId, t.candidate, t.chosenAt),
  ],
);
