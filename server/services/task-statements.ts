/**
 * The inbox's prepared statements (data access of `TaskService`): a task's access row,
 * four-eyes approvals, claim / release / delegate, views (unread marks) and the run
 * history shown on the task page. Prepared once per connection.
 */
import 'server-only';
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

export type TaskStatements = Record<
  'access' | 'count' | 'approvedBy' | 'insertApproval' | 'approvals' | 'claim' | 'unclaim' | 'delegate' | 'userExists' | 'markViewed' | 'viewsOf' | 'runSteps' | 'runTasks',
  Statement
>;

/** Prepares the statements on `sqlite`. */
export function taskStatements(sqlite: Database.Database): TaskStatements {
  const p = (sql: string) => sqlite.prepare(sql);
  return {
    access: p(`SELECT t.id, t.run_id AS runId, t.step_id AS stepId, t.status, t.completed_by AS completedBy, t.outcomes, t.form, t.assignee,
      t.candidate_users AS candidateUsers, t.candidate_groups AS candidateGroups, t.required_approvals AS requiredApprovals,
      t.starter_may_not_approve AS starterMayNotApprove, t.claimed_by AS claimedBy, r.started_by AS startedBy
      FROM tasks t JOIN runs r ON r.id = t.run_id WHERE t.id = ?`),
    count: p(`SELECT COUNT(*) AS n FROM task_approvals WHERE task_id = ? AND outcome = ?`),
    approvedBy: p(`SELECT outcome FROM task_approvals WHERE task_id = ? AND by = ?`),
    insertApproval: p(`INSERT INTO task_approvals (task_id, by, outcome, data, at) VALUES (?, ?, ?, ?, ?)`),
    approvals: p(`SELECT by, outcome, data, at FROM task_approvals WHERE task_id = ? ORDER BY at, rowid`),
    claim: p(`UPDATE tasks SET claimed_by = ?, claimed_at = ? WHERE id = ? AND status = 'open' AND (claimed_by IS NULL OR claimed_by = ?)`),
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
  };
}
