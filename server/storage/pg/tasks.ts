/**
 * The PostgreSQL implementation of `TaskStorePort` (see `../ports/tasks.ts`) and of the
 * `taskDecision` commit guard. Writes that decide on the stored task run in one
 * transaction (`pgTransaction`) that reads the task row `FOR UPDATE`: a second writer on
 * the same task waits, then sees the first one's result. Reads use the pool directly.
 */
import type pg from 'pg';
import type { HistoryStepRow, HistoryTaskRow, TaskApproval, TaskApprovalWrite, TaskAssignmentChange, TaskDecisionGuard, TaskListQuery, TaskRunHistory, TaskSnapshot, TaskStorePort, TaskView } from '../ports/tasks';
import { ACCESS_COLUMNS, getSql, listSql, unreadCountSql } from '../task-sql';
import { toApproval, toSnapshot, toTaskView } from '../task-rows';
import { insertAuditRowsPg } from './audit-row';
import { pgTransaction, type PgQueryable } from './tx';

/**
 * The snapshot of `taskId` for `by` (and `outcome`); with `lock`, the task row is
 * locked `FOR UPDATE` until the transaction open on `q` ends.
 */
async function readSnapshot(q: PgQueryable, taskId: string, by: string, outcome: string | undefined, lock: boolean): Promise<TaskSnapshot> {
  const task = (await q.query(`SELECT ${ACCESS_COLUMNS} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [taskId])).rows[0] as Record<string, unknown> | undefined;
  if (!task) return toSnapshot(undefined, undefined, 0);
  const prior = (await q.query(`SELECT outcome FROM task_approvals WHERE task_id = $1 AND "by" = $2`, [taskId, by])).rows[0] as { outcome: string } | undefined;
  const n = outcome === undefined ? 0 : Number((await q.query(`SELECT COUNT(*) AS n FROM task_approvals WHERE task_id = $1 AND outcome = $2`, [taskId, outcome])).rows[0].n);
  return toSnapshot(task, prior, n);
}

async function insertApproval(q: PgQueryable, taskId: string, by: string, outcome: string, data: string, at: number): Promise<void> {
  await q.query(`INSERT INTO task_approvals (task_id, "by", outcome, data, at) VALUES ($1, $2, $3, $4, $5)`, [taskId, by, outcome, data, at]);
}

/**
 * Applies a `taskDecision` guard inside the transaction of the run `runId`'s transition,
 * open on `client` (see `TaskDecisionGuard`): locked snapshot, `decide`, approval row,
 * audit entries.
 * @throws what `decide` throws; Error when the task belongs to another run.
 */
export async function applyTaskDecisionGuardPg(client: pg.PoolClient, runId: string, g: TaskDecisionGuard): Promise<void> {
  const snap = await readSnapshot(client, g.taskId, g.by, g.outcome, true);
  if (snap.task && snap.task.runId !== runId) throw new Error(`task ${g.taskId} belongs to run ${snap.task.runId}, not ${runId}`);
  const w = g.decide(snap);
  await insertApproval(client, g.taskId, g.by, g.outcome, w.data, w.at);
  await insertAuditRowsPg(client, w.audit);
}

export class PgTaskStore implements TaskStorePort {
  constructor(readonly pool: pg.Pool) {}

  async actorOf(userId: string): Promise<{ roles: string | null; groups: string[] }> {
    const [roles, groups] = await Promise.all([
      this.pool.query<{ roles: string }>(`SELECT roles FROM users WHERE id = $1`, [userId]),
      this.pool.query<{ g: string }>(`SELECT group_id AS g FROM group_members WHERE user_id = $1 ORDER BY group_id COLLATE "C"`, [userId]),
    ]);
    return { roles: roles.rows[0]?.roles ?? null, groups: groups.rows.map((r) => r.g) };
  }

  async list(q: TaskListQuery): Promise<TaskView[]> {
    const b = listSql('postgres', q);
    return (await this.pool.query(b.text, b.params)).rows.map(toTaskView);
  }

  async get(taskId: string): Promise<TaskView | null> {
    const b = getSql('postgres', taskId);
    const r = (await this.pool.query(b.text, b.params)).rows[0] as Record<string, unknown> | undefined;
    return r ? toTaskView(r) : null;
  }

  async snapshot(taskId: string, by: string, outcome?: string): Promise<TaskSnapshot> {
    return readSnapshot(this.pool, taskId, by, outcome, false);
  }

  async approvals(taskId: string): Promise<TaskApproval[]> {
    const r = await this.pool.query(`SELECT "by", outcome, data, at FROM task_approvals WHERE task_id = $1 ORDER BY at, rowid`, [taskId]);
    return r.rows.map(toApproval);
  }

  async markViewed(taskId: string, userId: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO task_views (task_id, user_id, viewed_at) VALUES ($1, $2, $3)
       ON CONFLICT (task_id, user_id) DO UPDATE SET viewed_at = GREATEST(task_views.viewed_at, excluded.viewed_at)`,
      [taskId, userId, at],
    );
  }

  async viewedAt(userId: string): Promise<Map<string, number>> {
    const r = await this.pool.query<{ taskId: string; viewedAt: number }>(
      `SELECT v.task_id AS "taskId", v.viewed_at AS "viewedAt" FROM task_views v JOIN tasks t ON t.id = v.task_id WHERE v.user_id = $1 AND t.status = 'open'`,
      [userId],
    );
    return new Map(r.rows.map((x) => [x.taskId, Number(x.viewedAt)]));
  }

  async unreadCount(userId: string, groups: string[]): Promise<number> {
    const b = unreadCountSql('postgres', userId, groups);
    return Number((await this.pool.query(b.text, b.params)).rows[0]?.n ?? 0);
  }

  async history(runId: string): Promise<TaskRunHistory> {
    const [steps, tasks, doc] = await Promise.all([
      this.pool.query<HistoryStepRow>(
        `SELECT step_id AS "stepId", node_id AS "nodeId", status, attempts, started_at AS "startedAt", ended_at AS "endedAt"
         FROM steps WHERE run_id = $1 ORDER BY started_at DESC, rowid DESC LIMIT 500`,
        [runId],
      ),
      this.pool.query<HistoryTaskRow>(
        `SELECT step_id AS "stepId", status, outcome, outcomes, completed_by AS "completedBy", escalation, escalation_group AS "escalationGroup", escalated_at AS "escalatedAt"
         FROM tasks WHERE run_id = $1`,
        [runId],
      ),
      this.pool.query<{ document: string | null }>(
        `SELECT CASE WHEN r.version IS NULL THEN (SELECT d.document FROM run_drafts d WHERE d.run_id = r.id)
         ELSE (SELECT v.document FROM workflow_versions v WHERE v.workflow_id = r.workflow_id AND v.version = r.version) END AS document
         FROM runs r WHERE r.id = $1`,
        [runId],
      ),
    ]);
    const document = doc.rows[0]?.document;
    return { steps: steps.rows.reverse(), tasks: tasks.rows, document: document ? JSON.parse(document) : null };
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.pool.query(`SELECT 1 FROM users WHERE id = $1`, [userId])).rowCount! > 0;
  }

  async assign(taskId: string, by: string, decide: (s: TaskSnapshot & { delegateExists: boolean }) => TaskAssignmentChange | null, delegateTo?: string): Promise<string | null> {
    return pgTransaction(this.pool, async (c) => {
      const snap = await readSnapshot(c, taskId, by, undefined, true);
      const delegateExists = delegateTo !== undefined && ((await c.query(`SELECT 1 FROM users WHERE id = $1`, [delegateTo])).rowCount ?? 0) > 0;
      const change = decide({ ...snap, delegateExists });
      if (change) {
        if (change.kind === 'claim') await c.query(`UPDATE tasks SET claimed_by = $1, claimed_at = $2 WHERE id = $3 AND status = 'open'`, [change.userId, change.at, taskId]);
        else if (change.kind === 'unclaim') await c.query(`UPDATE tasks SET claimed_by = NULL, claimed_at = NULL WHERE id = $1 AND status = 'open'`, [taskId]);
        else await c.query(`UPDATE tasks SET assignee = $1, claimed_by = $1, claimed_at = $2 WHERE id = $3 AND status = 'open'`, [change.to, change.at, taskId]);
        await insertAuditRowsPg(c, change.audit);
      }
      return snap.task?.runId ?? null;
    });
  }

  async recordApproval<W extends TaskApprovalWrite>(taskId: string, by: string, outcome: string, decide: (s: TaskSnapshot) => W | null): Promise<W | null> {
    return pgTransaction(this.pool, async (c) => {
      const w = decide(await readSnapshot(c, taskId, by, outcome, true));
      if (!w) return null;
      await insertApproval(c, taskId, by, outcome, w.data, w.at);
      if (w.unclaim) await c.query(`UPDATE tasks SET claimed_by = NULL, claimed_at = NULL WHERE id = $1 AND status = 'open'`, [taskId]);
      await insertAuditRowsPg(c, w.audit);
      return w;
    });
  }
}
