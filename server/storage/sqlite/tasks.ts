/**
 * The SQLite implementation of `TaskStorePort` (see `../ports/tasks.ts`) and of the
 * `taskDecision` commit guard. Synchronous underneath (better-sqlite3): fixed statements
 * are prepared once per connection, list statements once per query shape; writes run in
 * `BEGIN IMMEDIATE` transactions, so the snapshot a `decide` sees cannot change before
 * its writes.
 */
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { DbHandle } from '@/server/db/open';
import type { TaskApprovalWrite, TaskAssignmentChange, TaskDecisionGuard, TaskSnapshot, TaskStorePort, TaskRunHistory, TaskView, TaskApproval, TaskListQuery, HistoryStepRow, HistoryTaskRow } from '../ports/tasks';
import { ACCESS_COLUMNS, getSql, listSql, unreadCountSql, type BuiltSql } from '../task-sql';
import { toApproval, toSnapshot, toTaskView } from '../task-rows';
import { insertAuditRowSqlite } from './audit-row';
import { readBatch } from './read-batch';

type Names =
  | 'roles'
  | 'groupsOf'
  | 'access'
  | 'insertApproval'
  | 'approvals'
  | 'claim'
  | 'unclaim'
  | 'delegate'
  | 'userExists'
  | 'markViewed'
  | 'viewsOf'
  | 'runSteps'
  | 'runTasks'
  | 'runDocument';

function prepare(sqlite: Database.Database): Record<Names, Statement> {
  const p = (sql: string) => sqlite.prepare(sql);
  return {
    roles: p(`SELECT roles FROM users WHERE id = ?`),
    groupsOf: p(`SELECT group_id AS g FROM group_members WHERE user_id = ? ORDER BY group_id`),
    // The task, the acting person's earlier decision and the count of one outcome, in one statement.
    access: p(`SELECT (SELECT a.outcome FROM task_approvals a WHERE a.task_id = t.id AND a."by" = ?) AS "priorOutcome",
      (SELECT COUNT(*) FROM task_approvals a WHERE a.task_id = t.id AND a.outcome = ?) AS "approvalCount", ${ACCESS_COLUMNS} WHERE t.id = ?`),
    insertApproval: p(`INSERT INTO task_approvals (task_id, "by", outcome, data, at) VALUES (?, ?, ?, ?, ?)`),
    approvals: p(`SELECT "by", outcome, data, at FROM task_approvals WHERE task_id = ? ORDER BY at, rowid`),
    claim: p(`UPDATE tasks SET claimed_by = ?, claimed_at = ? WHERE id = ? AND status = 'open'`),
    unclaim: p(`UPDATE tasks SET claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'open'`),
    delegate: p(`UPDATE tasks SET assignee = ?, claimed_by = ?, claimed_at = ? WHERE id = ? AND status = 'open'`),
    userExists: p(`SELECT 1 FROM users WHERE id = ?`),
    markViewed: p(`INSERT INTO task_views (task_id, user_id, viewed_at) VALUES (?, ?, ?)
      ON CONFLICT (task_id, user_id) DO UPDATE SET viewed_at = MAX(viewed_at, excluded.viewed_at)`),
    viewsOf: p(`SELECT v.task_id AS taskId, v.viewed_at AS viewedAt FROM task_views v JOIN tasks t ON t.id = v.task_id WHERE v.user_id = ? AND t.status = 'open'`),
    runSteps: p(`SELECT step_id AS stepId, node_id AS nodeId, status, attempts, started_at AS startedAt, ended_at AS endedAt
      FROM steps WHERE run_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 500`),
    runTasks: p(`SELECT step_id AS stepId, status, outcome, outcomes, completed_by AS completedBy, escalation, escalation_group AS escalationGroup, escalated_at AS escalatedAt
      FROM tasks WHERE run_id = ?`),
    runDocument: p(`SELECT CASE WHEN r.version IS NULL THEN (SELECT d.document FROM run_drafts d WHERE d.run_id = r.id)
      ELSE (SELECT v.document FROM workflow_versions v WHERE v.workflow_id = r.workflow_id AND v.version = r.version) END AS document
      FROM runs r WHERE r.id = ?`),
  };
}

/** Statements per connection (the guard is applied on the run store's connection, which is the same one). */
const byConnection = new WeakMap<Database.Database, Record<Names, Statement>>();

function statements(sqlite: Database.Database): Record<Names, Statement> {
  let s = byConnection.get(sqlite);
  if (!s) byConnection.set(sqlite, (s = prepare(sqlite)));
  return s;
}

/** The snapshot of `taskId` for `by` (and `outcome`) as stored now. */
function readSnapshot(sqlite: Database.Database, taskId: string, by: string, outcome: string | undefined): TaskSnapshot {
  const s = statements(sqlite);
  // No outcome: `outcome = NULL` matches no row, so the count is 0.
  const row = s.access.get(by, outcome ?? null, taskId) as (Record<string, unknown> & { priorOutcome: string | null; approvalCount: number }) | undefined;
  if (!row) return toSnapshot(undefined, undefined, 0);
  const { priorOutcome, approvalCount, ...task } = row;
  return toSnapshot(task, priorOutcome === null ? undefined : { outcome: priorOutcome }, approvalCount);
}

/**
 * Applies a `taskDecision` guard inside the transaction of the run `runId`'s transition
 * (see `TaskDecisionGuard`): snapshot, `decide`, approval row, audit entries.
 * @throws what `decide` throws; Error when the task belongs to another run.
 */
export function applyTaskDecisionGuardSqlite(sqlite: Database.Database, runId: string, g: TaskDecisionGuard): void {
  const snap = readSnapshot(sqlite, g.taskId, g.by, g.outcome);
  if (snap.task && snap.task.runId !== runId) throw new Error(`task ${g.taskId} belongs to run ${snap.task.runId}, not ${runId}`);
  const w = g.decide(snap);
  statements(sqlite).insertApproval.run(g.taskId, g.by, g.outcome, w.data, w.at);
  for (const e of w.audit) insertAuditRowSqlite(sqlite, e);
}

export class SqliteTaskStore implements TaskStorePort {
  private readonly lists = new Map<string, Statement>();

  constructor(readonly h: DbHandle) {}

  private get s(): Record<Names, Statement> {
    return statements(this.h.sqlite);
  }

  /** A list-shaped statement, prepared once per shape. */
  private run(b: BuiltSql): Statement {
    let st = this.lists.get(b.text);
    if (!st) {
      st = this.h.sqlite.prepare(b.text);
      if (this.lists.size > 500) this.lists.clear();
      this.lists.set(b.text, st);
    }
    return st;
  }

  actorOf(userId: string): Promise<{ roles: string | null; groups: string[] }> {
    return readBatch(this.h.sqlite).read(() => {
      const row = this.s.roles.get(userId) as { roles: string } | undefined;
      const groups = (this.s.groupsOf.all(userId) as { g: string }[]).map((r) => r.g);
      return { roles: row?.roles ?? null, groups };
    });
  }

  async list(q: TaskListQuery): Promise<TaskView[]> {
    const b = listSql('sqlite', q);
    return (this.run(b).all(b.named) as Record<string, unknown>[]).map(toTaskView);
  }

  async get(taskId: string): Promise<TaskView | null> {
    const b = getSql('sqlite', taskId);
    const r = this.run(b).get(b.named) as Record<string, unknown> | undefined;
    return r ? toTaskView(r) : null;
  }

  snapshot(taskId: string, by: string, outcome?: string): Promise<TaskSnapshot> {
    return readBatch(this.h.sqlite).read(() => readSnapshot(this.h.sqlite, taskId, by, outcome));
  }

  async approvals(taskId: string): Promise<TaskApproval[]> {
    return (this.s.approvals.all(taskId) as { by: string; outcome: string; data: string | null; at: number }[]).map(toApproval);
  }

  async markViewed(taskId: string, userId: string, at: number): Promise<void> {
    this.s.markViewed.run(taskId, userId, at);
  }

  async viewedAt(userId: string): Promise<Map<string, number>> {
    const rows = this.s.viewsOf.all(userId) as { taskId: string; viewedAt: number }[];
    return new Map(rows.map((r) => [r.taskId, r.viewedAt]));
  }

  async unreadCount(userId: string, groups: string[]): Promise<number> {
    const b = unreadCountSql('sqlite', userId, groups);
    return Number((this.run(b).get(b.named) as { n: number } | undefined)?.n ?? 0);
  }

  async history(runId: string): Promise<TaskRunHistory> {
    const steps = (this.s.runSteps.all(runId) as HistoryStepRow[]).reverse();
    const tasks = this.s.runTasks.all(runId) as HistoryTaskRow[];
    const doc = this.s.runDocument.get(runId) as { document: string | null } | undefined;
    return { steps, tasks, document: doc?.document ? JSON.parse(doc.document) : null };
  }

  async userExists(userId: string): Promise<boolean> {
    return this.s.userExists.get(userId) !== undefined;
  }

  async assign(taskId: string, by: string, decide: (s: TaskSnapshot & { delegateExists: boolean }) => TaskAssignmentChange | null, delegateTo?: string): Promise<string | null> {
    const sqlite = this.h.sqlite;
    return sqlite
      .transaction(() => {
        const snap = readSnapshot(sqlite, taskId, by, undefined);
        const delegateExists = delegateTo !== undefined && this.s.userExists.get(delegateTo) !== undefined;
        const change = decide({ ...snap, delegateExists });
        if (change) {
          if (change.kind === 'claim') this.s.claim.run(change.userId, change.at, taskId);
          else if (change.kind === 'unclaim') this.s.unclaim.run(taskId);
          else this.s.delegate.run(change.to, change.to, change.at, taskId);
          for (const e of change.audit) insertAuditRowSqlite(sqlite, e);
        }
        return snap.task?.runId ?? null;
      })
      .immediate();
  }

  async recordApproval<W extends TaskApprovalWrite>(taskId: string, by: string, outcome: string, decide: (s: TaskSnapshot) => W | null): Promise<W | null> {
    const sqlite = this.h.sqlite;
    return sqlite
      .transaction(() => {
        const w = decide(readSnapshot(sqlite, taskId, by, outcome));
        if (!w) return null;
        this.s.insertApproval.run(taskId, by, outcome, w.data, w.at);
        if (w.unclaim) this.s.unclaim.run(taskId);
        for (const e of w.audit) insertAuditRowSqlite(sqlite, e);
        return w;
      })
      .immediate();
  }
}
