/** Router statistics on PostgreSQL (see `ports/routers.ts`). */
import type pg from 'pg';
import type { CandidateHistory } from '@/lib/nodes/router/stats';
import { checkHistoryArgs, type RouterDecisionsGuard, type RouterStorePort } from '../ports/routers';

/** Applies a {@link RouterDecisionsGuard} on the transaction open on `client`. */
export async function applyRouterDecisionsGuardPg(client: pg.PoolClient, g: RouterDecisionsGuard): Promise<void> {
  if (g.chose.length) {
    await client.query(
      `INSERT INTO router_decisions (run_id, step_id, workflow_id, node_id, candidate, chosen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) ON CONFLICT (run_id, step_id) DO NOTHING`,
      [g.chose.map((c) => c.runId), g.chose.map((c) => c.stepId), g.chose.map((c) => c.workflowId), g.chose.map((c) => c.nodeId), g.chose.map((c) => c.candidate), g.chose.map((c) => c.chosenAt)],
    );
  }
  for (const o of g.ended) {
    await client.query(`UPDATE router_decisions SET ok = $3, duration_ms = $4, ended_at = $5 WHERE run_id = $1 AND step_id = $2 AND ended_at IS NULL`, [
      o.runId,
      o.stepId,
      o.ok ? 1 : 0,
      Math.max(0, Math.round(o.durationMs)),
      o.endedAt,
    ]);
  }
}

export class PgRouterStore implements RouterStorePort {
  constructor(private readonly pool: pg.Pool) {}

  async history(workflowId: string, nodeId: string, candidates: string[], window: number): Promise<Record<string, CandidateHistory>> {
    checkHistoryArgs(candidates, window);
    if (candidates.length === 0) return {};
    // One round trip: the window of each candidate (LATERAL … LIMIT uses the index per candidate) and its counts.
    const { rows } = await this.pool.query<{ candidate: string; recent: Array<[number, number, number]> | null; chosen: number; pending_since: number | null }>(
      `SELECT c.candidate,
              (SELECT json_agg(json_build_array(r.ok, r.duration_ms, r.ended_at) ORDER BY r.ended_at DESC, r.chosen_at DESC)
                 FROM (SELECT ok, duration_ms, ended_at, chosen_at FROM router_decisions
                        WHERE workflow_id = $1 AND node_id = $2 AND candidate = c.candidate AND ended_at IS NOT NULL
                        ORDER BY ended_at DESC, chosen_at DESC LIMIT $4) r) AS recent,
              (SELECT count(*)::int FROM router_decisions WHERE workflow_id = $1 AND node_id = $2 AND candidate = c.candidate) AS chosen,
              (SELECT max(chosen_at) FROM router_decisions WHERE workflow_id = $1 AND node_id = $2 AND candidate = c.candidate AND ended_at IS NULL) AS pending_since
         FROM unnest($3::text[]) AS c(candidate)`,
      [workflowId, nodeId, candidates, window],
    );
    const out: Record<string, CandidateHistory> = {};
    for (const r of rows) {
      out[r.candidate] = {
        recent: (r.recent ?? []).map(([ok, durationMs, endedAt]) => ({ ok: ok === 1, durationMs: Number(durationMs), endedAt: Number(endedAt) })),
        chosen: r.chosen,
        pendingSince: r.pending_since === null ? null : Number(r.pending_since),
      };
    }
    return out;
  }
}
