/**
 * The inbox: user tasks (BPMN 2.0 §10.3.3), who may see and act on them, and their
 * decisions.
 *
 * Potential owners: the assignee, candidate users and members of candidate groups
 * (resolved when the task was created); a task naming none is open to anyone. A
 * claimed task is decided only by its claimer. With `starterMayNotApprove`, the
 * person who started the run may neither claim nor decide it.
 *
 * Four-eyes: the task's first outcome is the approving one. With
 * `requiredApprovals` N > 1, each approval by a different person is recorded in
 * `task_approvals`; the N-th completes the task. Any other outcome decides at once.
 * Either way the engine's `task.completed` is applied exactly once, through
 * `runner.applyEvent` whose `check` re-validates the task inside the commit
 * transaction and records the deciding approval there, so two racing deciders end
 * with one completion and one `conflict`.
 *
 * Escalation: when a task's due date passes, the runner's durable due-date timer
 * (see `lib/engine/timers.ts`) marks the row escalated and, for `reassign` or a
 * reminder with a group, hands it to that group in the same transaction
 * (`RunStore`, audited as `task.escalated`). Unread: `task_views` records when each
 * person last opened a task; see {@link TaskService.unreadCount}.
 *
 * Errors: AppError `not_found`, `forbidden` (not a potential owner, the run's
 * starter, claimed by someone else), `conflict` (closed, already claimed, already
 * approved by this person), `invalid` (unknown outcome, form errors by field).
 */
import 'server-only';
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { runs, tasks, taskViews } from '../db/schema';
import { TaskClosedError, type RunStore } from '../storage/run-store';
import type { Runner } from '../runner/runner';
import { AppError } from '../errors';
import type { Json } from '@/lib/engine/types';
import { fromJson } from '../storage/json';
import { validateFormData } from '@/lib/forms/validate';
import { bus, channels } from '../events/bus';
import { canSeeAllTasks, type Actor } from './actor';
import { recordAudit, type AuditAction } from './audit';
import { parseRoles } from '@/lib/auth/roles';
import { describeAssignment, isPotentialOwner } from './task-access';
import { taskStatements, type TaskStatements } from './task-statements';
import { historySteps, selectTasks, toAccessRow, toTaskView, type HistoryStepRow, type HistoryTaskRow } from './task-rows';
import { after, decodeCursor, encodeCursor, inboxView, keysOf, matchesSearch, orderBy, visibleTo, type TaskOrder } from './task-query';
import { DEFAULT_TASK_PAGE, MAX_TASK_PAGE, type AccessRow, type DecisionResult, type TaskApproval, type TaskHistoryStep, type TaskListFilter, type TaskPage, type TaskView } from './task-types';

export * from './task-types';

/** Unread: never opened by this person, or opened before the task was escalated. */
function isUnread(t: Pick<TaskView, 'escalation'>, viewedAt: number | undefined): boolean {
  return viewedAt === undefined || (t.escalation.escalatedAt !== null && viewedAt < t.escalation.escalatedAt);
}

export class TaskService {
  private stmts: TaskStatements | undefined;

  constructor(
    private readonly h: DbHandle,
    private readonly store: RunStore,
    private readonly runner: Runner,
    private readonly clock: () => number,
  ) {}

  /** The acting person for `userId`, with their roles and groups (`GroupService.actor` reads the same through the storage port). */
  actor(userId: string): Actor {
    const row = this.h.sqlite.prepare(`SELECT roles FROM users WHERE id = ?`).get(userId) as { roles: string } | undefined;
    const groups = (this.h.sqlite.prepare(`SELECT group_id AS g FROM group_members WHERE user_id = ? ORDER BY group_id`).all(userId) as { g: string }[]).map((r) => r.g);
    return { id: userId, groups, roles: parseRoles(row?.roles) };
  }

  private s(): TaskStatements {
    return (this.stmts ??= taskStatements(this.h.sqlite));
  }

  private query(where: SQL | undefined) {
    return selectTasks(this.h.db, where);
  }

  /**
   * Tasks for a list or an inbox tab (the first page; see {@link page}).
   * @throws as {@link page}.
   */
  list(filter: TaskListFilter = {}): TaskView[] {
    return this.page(filter).tasks;
  }

  /**
   * One page of tasks for a list or an inbox tab. Without `view`, by status and run
   * (open: oldest first; others newest first); `sort` due or priority. `view: 'all'`
   * needs {@link canSeeAllTasks}; with an `actor` and no view, only the tasks the actor
   * may read (`maySeeTask`). Every filter, the visibility rule included, is part of the
   * query (`task-query.ts`), so a page holds the first `limit` matching tasks however
   * many others exist; `nextCursor` continues after its last task.
   * @throws AppError('forbidden') for `all` without the right; AppError('bad_request') for a view without an actor or a malformed cursor.
   */
  page(filter: TaskListFilter = {}): TaskPage {
    const where: SQL[] = [];
    const status = filter.status ?? (filter.view && filter.view !== 'all' ? 'open' : undefined);
    if (status) where.push(eq(tasks.status, status));
    if (filter.runId) where.push(eq(tasks.runId, filter.runId));
    if (filter.priority) where.push(eq(tasks.priority, filter.priority));
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_TASK_PAGE), 1), MAX_TASK_PAGE);
    const actor = filter.actor;
    if (filter.view) {
      if (!actor) throw new AppError('bad_request', 'an inbox view needs the acting person');
      if (filter.view === 'all') {
        if (!canSeeAllTasks(actor)) throw new AppError('forbidden', 'only administrators may list every task');
      } else where.push(inboxView(filter.view, actor));
    } else if (actor && !canSeeAllTasks(actor)) where.push(visibleTo(actor));
    const q = filter.search?.trim();
    if (q) where.push(matchesSearch(q));
    const order: TaskOrder = filter.sort === 'due' ? 'due' : filter.sort === 'priority' ? 'priority' : status === 'open' ? 'created_asc' : 'created_desc';
    if (filter.cursor) where.push(after(order, decodeCursor(filter.cursor, order)));
    let rows = this.query(where.length ? and(...where) : undefined)
      .orderBy(...orderBy(order))
      .limit(limit + 1)
      .all()
      .map(toTaskView);
    const more = rows.length > limit;
    if (more) rows = rows.slice(0, limit);
    if (actor && filter.view) {
      const seen = this.viewedAt(actor.id);
      rows = rows.map((t) => ({ ...t, unread: t.status === 'open' && isUnread(t, seen.get(t.id)) }));
    }
    return { tasks: rows, nextCursor: more ? encodeCursor(order, keysOf(order, rows[rows.length - 1])) : null };
  }

  /**
   * One task. With `actor`, refused unless the actor is a potential owner, the
   * claimer, the decider, or may see all tasks.
   * @throws AppError('not_found' | 'forbidden')
   */
  get(taskId: string, actor?: Actor): TaskView {
    const r = this.query(eq(tasks.id, taskId)).get();
    if (!r) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
    const t = toTaskView(r);
    if (actor && !canSeeAllTasks(actor) && !isPotentialOwner(t, actor) && t.claimedBy !== actor.id && t.completedBy !== actor.id)
      throw new AppError('forbidden', `task "${taskId}" is for ${describeAssignment(t)}`);
    return t;
  }

  /** The decisions recorded on a task, oldest first. */
  approvals(taskId: string): TaskApproval[] {
    return (this.s().approvals.all(taskId) as { by: string; outcome: string; data: string | null; at: number }[]).map((a) => ({ ...a, data: fromJson<Json>(a.data) }));
  }

  /**
   * Records that `actor` opened the task now (the unread mark goes away). Only for
   * people who may see the task.
   * @throws AppError('not_found' | 'forbidden') as {@link get}.
   */
  markViewed(taskId: string, actor: Actor): { taskId: string; viewedAt: number } {
    this.get(taskId, actor);
    const at = this.clock();
    this.s().markViewed.run(taskId, actor.id, at);
    return { taskId, viewedAt: at };
  }

  /**
   * How many open tasks `actor` may act on (the "mine" and "groups" inbox tabs) they
   * have not opened yet, or not since the task was escalated.
   */
  unreadCount(actor: Actor): number {
    const row = this.h.db
      .select({ n: sql<number>`COUNT(*)` })
      .from(tasks)
      .innerJoin(runs, eq(runs.id, tasks.runId))
      .leftJoin(taskViews, and(eq(taskViews.taskId, tasks.id), eq(taskViews.userId, actor.id)))
      .where(
        and(
          eq(tasks.status, 'open'),
          or(inboxView('mine', actor), inboxView('groups', actor)),
          // isUnread: never opened, or opened before the task was escalated.
          sql`(${taskViews.viewedAt} IS NULL OR (${tasks.escalatedAt} IS NOT NULL AND ${taskViews.viewedAt} < ${tasks.escalatedAt}))`,
        ),
      )
      .get();
    return Number(row?.n ?? 0);
  }

  /** When `userId` last opened each open task, by task id (epoch ms). */
  private viewedAt(userId: string): Map<string, number> {
    const rows = this.s().viewsOf.all(userId) as { taskId: string; viewedAt: number }[];
    return new Map(rows.map((r) => [r.taskId, r.viewedAt]));
  }

  /**
   * The run's steps so far, in activation order (at most the last 500), with node
   * labels from the run's version, who decided earlier user tasks and escalations —
   * for the task page. Only for people who may see the task.
   * @throws AppError('not_found' | 'forbidden') as {@link get}.
   */
  history(taskId: string, actor: Actor): TaskHistoryStep[] {
    const task = this.get(taskId, actor);
    const doc = (task.version === null ? this.store.draftDocument(task.runId) : this.store.versionDocument(task.workflowId, task.version)) as { nodes?: { id: string; type: string; label?: string }[] } | null;
    const nodes = new Map((doc?.nodes ?? []).map((n) => [n.id, n]));
    const byStep = new Map((this.s().runTasks.all(task.runId) as HistoryTaskRow[]).map((t) => [t.stepId, t]));
    const rows = (this.s().runSteps.all(task.runId) as HistoryStepRow[]).reverse();
    return historySteps(rows, byStep, nodes, task.stepId);
  }

  private row(taskId: string): AccessRow {
    const r = this.s().access.get(taskId) as Record<string, unknown> | undefined;
    if (!r) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
    return toAccessRow(r);
  }

  /** Refuses unless `actor` may act on the open task now (see the module comment). */
  private refuseUnlessMayAct(t: AccessRow, actor: Actor, verb: string, opts: { ignoreClaim?: boolean } = {}): void {
    if (t.status !== 'open') throw new AppError('conflict', `task "${t.id}" is already ${t.status}${t.completedBy ? ` by ${t.completedBy}` : ''}`);
    if (!isPotentialOwner(t, actor) && t.claimedBy !== actor.id)
      throw new AppError('forbidden', `${actor.id} may not ${verb} task "${t.id}": it is for ${describeAssignment(t)}`);
    if (t.starterMayNotApprove && t.startedBy === actor.id)
      throw new AppError('forbidden', `${actor.id} started this run and may not ${verb} its task "${t.id}" (four-eyes rule)`);
    if (!opts.ignoreClaim && t.claimedBy && t.claimedBy !== actor.id)
      throw new AppError('forbidden', `task "${t.id}" is claimed by ${t.claimedBy}; only they may ${verb} it`);
  }

  private refuseIfDecided(taskId: string, actor: Actor): void {
    const prior = this.s().approvedBy.get(taskId, actor.id) as { outcome: string } | undefined;
    if (prior) throw new AppError('conflict', `${actor.id} has already decided task "${taskId}" (${prior.outcome}); another person must approve`);
  }

  private signal(runId: string): void {
    bus().emit(channels.tasks, runId);
  }

  /**
   * Claims the task: from now on only `actor` may decide it.
   * @throws AppError: not_found; forbidden (not a potential owner, run starter); conflict (closed, claimed by someone else, already approved by the actor).
   */
  claim(taskId: string, actor: Actor): TaskView {
    const runId = this.h.sqlite
      .transaction(() => {
        const t = this.row(taskId);
        this.refuseUnlessMayAct(t, actor, 'claim', { ignoreClaim: true });
        if (t.claimedBy && t.claimedBy !== actor.id) throw new AppError('conflict', `task "${taskId}" is already claimed by ${t.claimedBy}`);
        this.refuseIfDecided(taskId, actor);
        if (t.claimedBy === actor.id) return t.runId;
        const at = this.clock();
        if (this.s().claim.run(actor.id, at, taskId, actor.id).changes !== 1) throw new AppError('conflict', `task "${taskId}" could not be claimed`);
        recordAudit(this.h.sqlite, { actor: actor.id, action: 'task.claim', targetType: 'task', targetId: taskId, details: { runId: t.runId }, at });
        return t.runId;
      })
      .immediate();
    this.signal(runId);
    return this.get(taskId);
  }

  /**
   * Releases the actor's claim; the task returns to its potential owners.
   * @throws AppError: not_found; conflict (closed, not claimed); forbidden (claimed by someone else).
   */
  unclaim(taskId: string, actor: Actor): TaskView {
    const runId = this.h.sqlite
      .transaction(() => {
        const t = this.row(taskId);
        if (t.status !== 'open') throw new AppError('conflict', `task "${taskId}" is already ${t.status}`);
        if (!t.claimedBy) throw new AppError('conflict', `task "${taskId}" is not claimed`);
        if (t.claimedBy !== actor.id) throw new AppError('forbidden', `task "${taskId}" is claimed by ${t.claimedBy}; only they may release it`);
        const at = this.clock();
        this.s().unclaim.run(taskId);
        recordAudit(this.h.sqlite, { actor: actor.id, action: 'task.unclaim', targetType: 'task', targetId: taskId, details: { runId: t.runId }, at });
        return t.runId;
      })
      .immediate();
    this.signal(runId);
    return this.get(taskId);
  }

  /**
   * Hands the task to another person with a reason: they become its assignee and hold
   * its claim. The reason and the previous assignee are recorded in the audit log. An
   * admin (`task.see_all`) may reassign any open task, even one claimed by someone else.
   * @throws AppError: not_found; invalid (empty reason, unknown user, delegating to the run's starter under four-eyes, to oneself); forbidden / conflict as for {@link claim}.
   */
  delegate(taskId: string, actor: Actor, to: { userId: string; reason: string }): TaskView {
    const reason = to.reason.trim();
    if (!reason) throw new AppError('invalid', 'a reason is required to delegate a task', [{ path: ['reason'], message: 'required' }]);
    if (reason.length > 1000) throw new AppError('invalid', 'the reason is longer than 1000 characters', [{ path: ['reason'], message: 'too long' }]);
    const runId = this.h.sqlite
      .transaction(() => {
        const t = this.row(taskId);
        // Admins reassign any open task (claimed or not); everyone else delegates only what they may act on.
        const reassigning = canSeeAllTasks(actor) && !isPotentialOwner(t, actor) && t.claimedBy !== actor.id;
        if (reassigning) {
          if (t.status !== 'open') throw new AppError('conflict', `task "${t.id}" is already ${t.status}`);
        } else this.refuseUnlessMayAct(t, actor, 'delegate');
        if (!this.s().userExists.get(to.userId)) throw new AppError('invalid', `unknown user "${to.userId}"`, [{ path: ['userId'], message: 'no such user' }]);
        if (to.userId === actor.id) throw new AppError('invalid', 'a task cannot be delegated to yourself; claim it instead', [{ path: ['userId'], message: 'is you' }]);
        if (t.starterMayNotApprove && t.startedBy === to.userId)
          throw new AppError('invalid', `${to.userId} started this run and may not act on its task (four-eyes rule)`, [{ path: ['userId'], message: 'run starter' }]);
        const at = this.clock();
        this.s().delegate.run(to.userId, to.userId, at, taskId);
        recordAudit(this.h.sqlite, { actor: actor.id, action: 'task.delegate', targetType: 'task', targetId: taskId, details: { runId: t.runId, from: t.assignee || null, to: to.userId, reason, ...(reassigning ? { reassignedByAdmin: true } : {}) }, at });
        return t.runId;
      })
      .immediate();
    this.signal(runId);
    return this.get(taskId);
  }

  /**
   * Records a person's decision; completes the task and resumes the run when it
   * decides (see the module comment for four-eyes).
   * @throws AppError: not_found; forbidden; conflict (closed, decided twice, lost a race); invalid (unknown outcome, form errors by field).
   */
  async complete(taskId: string, decision: { outcome: string; data?: unknown; by: string }): Promise<DecisionResult> {
    const actor = this.actor(decision.by);
    const pre = this.row(taskId);
    this.refuseUnlessMayAct(pre, actor, 'decide');
    if (!pre.outcomes.some((o) => o.id === decision.outcome))
      throw new AppError('invalid', `outcome "${decision.outcome}" is not one of: ${pre.outcomes.map((o) => o.id).join(', ')}`, [
        { path: ['outcome'], message: `must be one of ${pre.outcomes.map((o) => o.id).join(', ')}` },
      ]);
    const { errors, value } = validateFormData(pre.form, decision.data ?? {});
    if (errors.length) throw new AppError('invalid', `form is not valid: ${errors[0].message}`, errors.map((e) => ({ path: ['data', e.field], message: e.message })));
    this.refuseIfDecided(taskId, actor);
    const approving = pre.outcomes[0]?.id === decision.outcome;
    const dataJson = JSON.stringify(value);
    const audit = (action: AuditAction, details: Record<string, Json>, at: number) =>
      recordAudit(this.h.sqlite, { actor: actor.id, action, targetType: 'task', targetId: taskId, details: { runId: pre.runId, outcome: decision.outcome, ...details }, at });

    if (approving && pre.requiredApprovals > 1) {
      // An approval that does not yet reach N is recorded on its own; the N-th goes through the engine below.
      const partial = this.h.sqlite
        .transaction((): number | null => {
          const t = this.row(taskId);
          this.refuseUnlessMayAct(t, actor, 'decide');
          this.refuseIfDecided(taskId, actor);
          const n = (this.s().count.get(taskId, decision.outcome) as { n: number }).n;
          if (n + 1 >= t.requiredApprovals) return null;
          const at = this.clock();
          this.s().insertApproval.run(taskId, actor.id, decision.outcome, dataJson, at);
          // The next approver must be able to claim it.
          if (t.claimedBy === actor.id) this.s().unclaim.run(taskId);
          audit('task.approve', { approvals: n + 1, requiredApprovals: t.requiredApprovals }, at);
          return n + 1;
        })
        .immediate();
      if (partial !== null) {
        this.signal(pre.runId);
        return { runId: pre.runId, completed: false, approvals: partial, requiredApprovals: pre.requiredApprovals };
      }
    }

    const at = this.clock();
    let approvals = 0;
    const check = () => {
      // Inside the commit transaction: the task is still open and this person may still decide.
      const t = this.row(taskId);
      this.refuseUnlessMayAct(t, actor, 'decide');
      this.refuseIfDecided(taskId, actor);
      const n = approving ? (this.s().count.get(taskId, decision.outcome) as { n: number }).n : 0;
      this.s().insertApproval.run(taskId, actor.id, decision.outcome, dataJson, at);
      approvals = approving ? n + 1 : n;
      if (approving && t.requiredApprovals > 1) audit('task.approve', { approvals, requiredApprovals: t.requiredApprovals }, at);
      audit('task.complete', { approvals, requiredApprovals: t.requiredApprovals }, at);
    };
    let applied: boolean;
    try {
      applied = await this.runner.applyEvent(
        pre.runId,
        { type: 'task.completed', stepId: pre.stepId, taskId, outcome: decision.outcome, data: value as Record<string, Json>, by: actor.id, at },
        { check },
      );
    } catch (err) {
      if (err instanceof TaskClosedError) this.refuseIfClosed(taskId);
      throw err;
    }
    if (!applied) {
      this.refuseIfClosed(taskId);
      throw new AppError('conflict', `task "${taskId}" can no longer be completed (run is ${this.store.getRun(pre.runId)?.status ?? 'gone'})`);
    }
    return { runId: pre.runId, completed: true, approvals, requiredApprovals: pre.requiredApprovals };
  }

  private refuseIfClosed(taskId: string): void {
    const t = this.row(taskId);
    if (t.status !== 'open') throw new AppError('conflict', `task "${taskId}" is already ${t.status}${t.completedBy ? ` by ${t.completedBy}` : ''}`);
  }
}
