/** Router statistics on SQLite (see `ports/routers.ts`). */
import type Database from 'better-sqlite3';
import type { DbHandle } from '@/server/db/open';
import type { CandidateHistory } from '@/lib/nodes/router/stats';
import { checkHistoryArgs, type RouterDecisionsGuard, type RouterStorePort } from '../ports/routers';

function statements(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      `INSERT INTO router_decisions (run_id, step_id, workflow_id, node_id, candidate, chosen_at)
       VALUES (@runId, @stepId, @workflowId, @nodeId, @candidate, @chosenAt) ON CONFLICT (run_id, step_id) DO NOTHING`,
    ),
    end: sqlite.prepare(
      `UPDATE router_decisions SET ok = @ok, duration_ms = @durationMs, ended_at = @endedAt WHERE run_id = @runId AND step_id = @stepId AND ended_at IS NULL`,
    ),
    recent: sqlite.prepare(
      `SELECT ok, duration_ms AS durationMs, ended_at AS endedAt FROM router_decisions
       WHERE workflow_id = ? AND node_id = ? AND candidate = ? AND ended_at IS NOT NULL ORDER BY ended_at DESC, chosen_at DESC LIMIT ?`,
    ),
    counts: sqlite.prepare(
      `SELECT count(*) AS chosen, max(CASE WHEN ended_at IS NULL THEN chosen_at END) AS pendingSince FROM router_decisions
       WHERE workflow_id = ? AND node_id = ? AND candidate = ?`,
    ),
  };
}
type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Database.Database, Statements>();
function st(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) cache.set(sqlite, (s = statements(sqlite)));
  return s;
}

/** Applies a {@link RouterDecisionsGuard} inside the transaction of its transition. */
export function applyRouterDecisionsGuardSqlite(sqlite: Database.Database, g: RouterDecisionsGuard): void {
  const s = st(sqlite);
  for (const c of g.chose) s.insert.run(c);
  for (const o of g.ended) s.end.run({ runId: o.runId, stepId: o.stepId, ok: o.ok ? 1 : 0, durationMs: Math.max(0, Math.round(o.durationMs)), endedAt: o.endedAt });
}

export class SqliteRouterStore implements RouterStorePort {
  constructor(private readonly h: DbHandle) {}

  async history(workflowId: string, nodeId: string, candidates: string[], window: number): Promise<Record<string, CandidateHistory>> {
    checkHistoryArgs(candidates, window);
    const s = st(this.h.sqlite);
    const out: Record<string, CandidateHistory> = {};
    for (const c of candidates) {
      const rows = s.recent.all(workflowId, nodeId, c, window) as Array<{ ok: number; durationMs: number; endedAt: number }>;
      const n = s.counts.get(workflowId, nodeId, c) as { chosen: number; pendingSince: number | null };
      out[c] = { recent: rows.map((r) => ({ ok: r.ok === 1, durationMs: r.durationMs, endedAt: r.endedAt })), chosen: n.chosen, pendingSince: n.pendingSince ?? null };
    }
    return out;
  }
}
