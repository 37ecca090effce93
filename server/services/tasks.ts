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
 * `runner.applyEvent` with a `taskDecision` commit guard that re-validates the task
 * inside the commit transaction (PostgreSQL: the task row locked) and records the
 * deciding approval there, so two racing deciders end with one completion and one
 * `conflict`.
 *
 * Escalation: when a task's due date passes, the runner's durable due-date timer
 * (see `lib/engine/timers.ts`) marks the row escalated and, for `reassign` or a
 * reminder with a group, hands it to that group in the same transaction
 * (the run store's `escalateTask` effect, audited as `task.escalated`). Unread: `task_views` records when each
 * person last opened a task; see {@link TaskService.unreadCount}.
 *
 * Data: the storage port's `tasks` (`storage/ports/tasks.ts`); every write that depends
 * on the stored task passes a pure `decide` to it, built here from the rules below.
 *
 * Errors: AppError `not_found`, `forbidden` (not a potential owner, the run's
 * starter, claimed by someone else), `conflict` (closed, already claimed, already
 * approved by this person), `invalid` (unknown outcome, form errors by field).
 */
import 'server-only';
import type { Storage } from '../storage/port';
import { taskSortKeys, type TaskDecisionGuard, type TaskListQuery, type TaskOrder, type TaskStorePort } from '../storage/ports/tasks';
import type { Runner } from '../runner/runner';
import { AppError } from '../errors';
import type { Json } from '@/lib/engine/types';
import { parseRoles } from '@/lib/auth/roles';
import { validateFormData } from '@/lib/forms/validate';
import { bus, channels } from '../events/bus';
import { canSeeAllTasks, type Actor } from './actor';
import { describeAssignment, isPotentialOwner } from './task-access';
import { historySteps } from './task-rows';
import { decodeCursor, encodeCursor } from './task-query';
import { decideClaim, decideCompletion, decideDelegate, decidePartialApproval, decideUnclaim, found, refuseIfDecided, refuseUnlessMayAct, refuseUnlessOpen, type Decision } from './task-rules';
import { DEFAULT_TASK_PAGE, MAX_TASK_PAGE, type DecisionResult, type TaskApproval, type TaskHistoryStep, type TaskListFilter, type TaskPage, type TaskView } from './task-types';

export * from './task-types';

/** Unread: never opened by this person, or opened before the task was escalated. */
function isUnread(t: Pick<TaskView, 'escalation'>, viewedAt: number | undefined): boolean {
  return viewedAt === undefined || (t.escalation.escalatedAt !== null && viewedAt < t.escalation.escalatedAt);
}

/** True for the run store's "task no longer open" refusal of a decision's transition. */
function isTaskClosedError(err: unknown): boolean {
  return err instanceof Error && err.name === 'TaskClosedError';
}

export class TaskService {
  private readonly tasks: TaskStorePort;

  /** `storage`: its `tasks` port; `runner` applies decisions to runs; `clock`: epoch ms. */
  constructor(
    storage: Storage,
    private readonly runner: Runner,
    private readonly clock: () => number,
  ) {
    this.tasks = storage.tasks;
  }

  /** The acting person for `userId`, with their groups and roles (an unknown id gets no role). */
  async actor(userId: string): Promise<Actor> {
    const r = await this.tasks.actorOf(userId);
    return { id: userId, groups: r.groups, roles: parseRoles(r.roles) };
  }

  /**
   * Tasks for a list or an inbox tab (the first page; see {@link page}).
   * @throws as {@link page}.
   */
  async list(filter: TaskListFilter = {}): Promise<TaskView[]> {
    return (await this.page(filter)).tasks;
  }

  /**
   * One page of tasks for a list or an inbox tab. Without `view`, by status and run
   * (open: oldest first; others newest first); `sort` due or priority. `view: 'all'`
   * needs {@link canSeeAllTasks}; with an `actor` and no view, only the tasks the actor
   * may read (`maySeeTask`). Every filter, the visibility rule included, is part of the
   * query, so a page holds the first `limit` matching tasks however many others exist;
   * `nextCursor` continues after its last task.
   * @throws AppError('forbidden') for `all` without the right; AppError('bad_request') for a view without an actor or a malformed cursor.
   */
  async page(filter: TaskListFilter = {}): Promise<TaskPage> {
    const status = filter.status ?? (filter.view && filter.view !== 'all' ? 'open' : undefined);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_TASK_PAGE), 1), MAX_TASK_PAGE);
    const actor = filter.actor;
    let scope: TaskListQuery['scope'];
    if (filter.view) {
      if (!actor) throw new AppError('bad_request', 'an inbox view needs the acting person');
      if (filter.view === 'all') {
        if (!canSeeAllTasks(actor)) throw new AppError('forbidden', 'only administrators may list every task');
      } else scope = { kind: filter.view, userId: actor.id, groups: actor.groups };
    } else if (actor && !canSeeAllTasks(actor)) scope = { kind: 'visible', userId: actor.id, groups: actor.groups };
    const search = filter.search?.trim() || undefined;
    const order: TaskOrder = filter.sort === 'due' ? 'due' : filter.sort === 'priority' ? 'priority' : status === 'open' ? 'created_asc' : 'created_desc';
    const after = filter.cursor ? decodeCursor(filter.cursor, order) : undefined;
    let rows = await this.tasks.list({ status, runId: filter.runId, priority: filter.priority, scope, search, order, after, limit: limit + 1 });
    const more = rows.length > limit;
    if (more) rows = rows.slice(0, limit);
    if (actor && filter.view) {
      const seen = await this.tasks.viewedAt(actor.id);
      rows = rows.map((t) => ({ ...t, unread: t.status === 'open' && isUnread(t, seen.get(t.id)) }));
    }
    return { tasks: rows, nextCursor: more ? encodeCursor(order, taskSortKeys(order, rows[rows.length - 1])) : null };
  }

  /**
   * One task. With `actor`, refused unless the actor is a potential owner, the
   * claimer, the decider, or may see all tasks.
   * @throws AppError('not_found' | 'forbidden')
   */
  async get(taskId: string, actor?: Actor): Promise<TaskView> {
    const t = await this.tasks.get(taskId);
    if (!t) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
    if (actor && !canSeeAllTasks(actor) && !isPotentialOwner(t, actor) && t.claimedBy !== actor.id && t.completedBy !== actor.id)
      throw new AppError('forbidden', `task "${taskId}" is for ${describeAssignment(t)}`);
    return t;
  }

  /** The decisions recorded on a task, oldest first. */
  async approvals(taskId: string): Promise<TaskApproval[]> {
    return this.tasks.approvals(taskId);
  }

  /**
   * Records that `actor` opened the task now (the unread mark goes away). Only for
   * people who may see the task.
   * @throws AppError('not_found' | 'forbidden') as {@link get}.
   */
  async markViewed(taskId: string, actor: Actor): Promise<{ taskId: string; viewedAt: number }> {
    await this.get(taskId, actor);
    const at = this.clock();
    await this.tasks.markViewed(taskId, actor.id, at);
    return { taskId, viewedAt: at };
  }

  /**
   * How many open tasks `actor` may act on (the "mine" and "groups" inbox tabs) they
   * have not opened yet, or not since the task was escalated.
   */
  async unreadCount(actor: Actor): Promise<number> {
    return this.tasks.unreadCount(actor.id, actor.groups);
  }

  /**
   * The run's steps so far, in activation order (at most the last 500), with node
   * labels from the run's version, who decided earlier user tasks and escalations —
   * for the task page. Only for people who may see the task.
   * @throws AppError('not_found' | 'forbidden') as {@link get}.
   */
  async history(taskId: string, actor: Actor): Promise<TaskHistoryStep[]> {
    const task = await this.get(taskId, actor);
    const h = await this.tasks.history(task.runId);
    const doc = h.document as { nodes?: { id: string; type: string; label?: string }[] } | null;
    const nodes = new Map((doc?.nodes ?? []).map((n) => [n.id, n]));
    const byStep = new Map(h.tasks.map((t) => [t.stepId, t]));
    return historySteps(h.steps, byStep, nodes, task.stepId);
  }

  private signal(runId: string | null): void {
    if (runId) bus().emit(channels.tasks, runId);
  }

  /**
   * Claims the task: from now on only `actor` may decide it.
   * @throws AppError: not_found; forbidden (not a potential owner, run starter); conflict (closed, claimed by someone else, already approved by the actor).
   */
  async claim(taskId: string, actor: Actor): Promise<TaskView> {
    const at = this.clock();
    this.signal(await this.tasks.assign(taskId, actor.id, (s) => decideClaim(s, taskId, actor, at)));
    return this.get(taskId);
  }

  /**
   * Releases the actor's claim; the task returns to its potential owners.
   * @throws AppError: not_found; conflict (closed, not claimed); forbidden (claimed by someone else).
   */
  async unclaim(taskId: string, actor: Actor): Promise<TaskView> {
    const at = this.clock();
    this.signal(await this.tasks.assign(taskId, actor.id, (s) => decideUnclaim(s, taskId, actor, at)));
    return this.get(taskId);
  }

  /**
   * Hands the task to another person with a reason: they become its assignee and hold
   * its claim. The reason and the previous assignee are recorded in the audit log. An
   * admin (`task.see_all`) may reassign any open task, even one claimed by someone else.
   * @throws AppError: not_found; invalid (empty reason, unknown user, delegating to the run's starter under four-eyes, to oneself); forbidden / conflict as for {@link claim}.
   */
  async delegate(taskId: string, actor: Actor, to: { userId: string; reason: string }): Promise<TaskView> {
    const reason = to.reason.trim();
    if (!reason) throw new AppError('invalid', 'a reason is required to delegate a task', [{ path: ['reason'], message: 'required' }]);
    if (reason.length > 1000) throw new AppError('invalid', 'the reason is longer than 1000 characters', [{ path: ['reason'], message: 'too long' }]);
    const at = this.clock();
    this.signal(await this.tasks.assign(taskId, actor.id, (s) => decideDelegate(s, taskId, actor, { userId: to.userId, reason }, at), to.userId));
    return this.get(taskId);
  }

  /**
   * Records a person's decision; completes the task and resumes the run when it
   * decides (see the module comment for four-eyes).
   * @throws AppError: not_found; forbidden; conflict (closed, decided twice, lost a race); invalid (unknown outcome, form errors by field).
   */
  async complete(taskId: string, decision: { outcome: string; data?: unknown; by: string }): Promise<DecisionResult> {
    const actor = await this.actor(decision.by);
    const preSnap = await this.tasks.snapshot(taskId, actor.id);
    const pre = found(preSnap, taskId);
    refuseUnlessMayAct(pre, actor, 'decide');
    if (!pre.outcomes.some((o) => o.id === decision.outcome))
      throw new AppError('invalid', `outcome "${decision.outcome}" is not one of: ${pre.outcomes.map((o) => o.id).join(', ')}`, [
        { path: ['outcome'], message: `must be one of ${pre.outcomes.map((o) => o.id).join(', ')}` },
      ]);
    const { errors, value } = validateFormData(pre.form, decision.data ?? {});
    if (errors.length) throw new AppError('invalid', `form is not valid: ${errors[0].message}`, errors.map((e) => ({ path: ['data', e.field], message: e.message })));
    refuseIfDecided(preSnap, taskId, actor);
    const d: Decision = { taskId, actor, outcome: decision.outcome, data: JSON.stringify(value), at: this.clock(), approving: pre.outcomes[0]?.id === decision.outcome };

    if (d.approving && pre.requiredApprovals > 1) {
      // An approval that does not yet reach N is recorded on its own; the N-th goes through the engine below.
      const partial = await this.tasks.recordApproval(taskId, actor.id, d.outcome, (s) => decidePartialApproval(s, d));
      if (partial !== null) {
        this.signal(pre.runId);
        return { runId: pre.runId, completed: false, approvals: partial.approvals, requiredApprovals: partial.requiredApprovals };
      }
    }

    let approvals = 0;
    const guard: TaskDecisionGuard = {
      type: 'taskDecision',
      taskId,
      by: actor.id,
      outcome: d.outcome,
      decide: (s) => {
        const w = decideCompletion(s, d);
        approvals = w.approvals;
        return w;
      },
    };
    let applied: boolean;
    try {
      applied = await this.runner.applyEvent(
        pre.runId,
        { type: 'task.completed', stepId: pre.stepId, taskId, outcome: d.outcome, data: value as Record<string, Json>, by: actor.id, at: d.at },
        { guards: [guard] },
      );
    } catch (err) {
      if (isTaskClosedError(err)) await this.refuseIfClosed(taskId, actor.id);
      throw err;
    }
    if (!applied) {
      const run = await this.refuseIfClosed(taskId, actor.id);
      throw new AppError('conflict', `task "${taskId}" can no longer be completed (run is ${run})`);
    }
    return { runId: pre.runId, completed: true, approvals, requiredApprovals: pre.requiredApprovals };
  }

  /**
   * @returns the status of the task's run when the task is still open.
   * @throws AppError('conflict') when the task is closed; AppError('not_found') when it is gone.
   */
  private async refuseIfClosed(taskId: string, by: string): Promise<string> {
    const t = found(await this.tasks.snapshot(taskId, by), taskId);
    refuseUnlessOpen(t);
    return t.runStatus;
  }
}
