/**
 * The inbox: open user tasks and their completion. Completing a task is one
 * transaction: the task row is checked (open, valid outcome, valid form data), the
 * engine applies `task.completed`, and the run's new state, log, closed task and next
 * jobs are committed together; the runner is woken so the run moves on at once.
 */
import 'server-only';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import type { Statement } from 'better-sqlite3';
import { runs, tasks, workflows } from '../db/schema';
import { TaskClosedError, type RunStore } from '../storage/run-store';
import type { Runner } from '../runner/runner';
import { AppError } from '../errors';
import type { Json } from '@/lib/engine/types';
import { fromJson } from '../storage/json';
import { validateFormData } from '@/lib/forms/validate';
import type { FormField } from '@/lib/nodes/fields';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface TaskView {
  id: string;
  runId: string;
  stepId: string;
  nodeId: string;
  workflowId: string;
  workflowName: string;
  version: number;
  title: string;
  description: string;
  assignee: string;
  form: FormField[];
  outcomes: { id: string; label: string }[];
  context: Json;
  status: TaskStatus;
  outcome: string | null;
  data: Json;
  completedBy: string | null;
  createdAt: number;
  completedAt: number | null;
}

export class TaskService {
  constructor(
    private readonly h: DbHandle,
    private readonly store: RunStore,
    private readonly runner: Runner,
    private readonly clock: () => number,
  ) {}

  private byId: ReturnType<ReturnType<TaskService['query']>['prepare']> | undefined;

  private query(where: SQL | undefined) {
    return this.h.db
      .select({
        id: tasks.id,
        runId: tasks.runId,
        stepId: tasks.stepId,
        nodeId: tasks.nodeId,
        workflowId: tasks.workflowId,
        workflowName: workflows.name,
        version: runs.version,
        title: tasks.title,
        description: tasks.description,
        assignee: tasks.assignee,
        form: tasks.form,
        outcomes: tasks.outcomes,
        context: tasks.context,
        status: tasks.status,
        outcome: tasks.outcome,
        data: tasks.data,
        completedBy: tasks.completedBy,
        createdAt: tasks.createdAt,
        completedAt: tasks.completedAt,
      })
      .from(tasks)
      .innerJoin(runs, eq(runs.id, tasks.runId))
      .innerJoin(workflows, eq(workflows.id, tasks.workflowId))
      .where(where);
  }

  private static view(r: Record<string, unknown>): TaskView {
    return {
      ...(r as unknown as TaskView),
      form: fromJson<FormField[]>(r.form as string) ?? [],
      outcomes: fromJson<{ id: string; label: string }[]>(r.outcomes as string) ?? [],
      context: fromJson<Json>(r.context as string | null),
      data: fromJson<Json>(r.data as string | null),
    };
  }

  /** Tasks by status (open: oldest first, so the longest-waiting is on top; others newest first). */
  list(filter: { status?: TaskStatus; runId?: string; limit?: number } = {}): TaskView[] {
    const where: SQL[] = [];
    if (filter.status) where.push(eq(tasks.status, filter.status));
    if (filter.runId) where.push(eq(tasks.runId, filter.runId));
    const order = filter.status === 'open' ? asc(tasks.createdAt) : desc(tasks.createdAt);
    return this.query(where.length ? and(...where) : undefined)
      .orderBy(order)
      .limit(Math.min(Math.max(filter.limit ?? 200, 1), 1000))
      .all()
      .map(TaskService.view);
  }

  /** @throws AppError('not_found') */
  get(taskId: string): TaskView {
    this.byId ??= this.query(eq(tasks.id, sql.placeholder('id'))).prepare();
    const r = this.byId.get({ id: taskId });
    if (!r) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
    return TaskService.view(r);
  }

  private byIdLean: Statement | undefined;

  /** What completing a task needs of its row, read without the joins of {@link get}. @throws AppError('not_found') */
  private decisionView(taskId: string): Pick<TaskView, 'runId' | 'stepId' | 'status' | 'completedBy' | 'outcomes' | 'form'> {
    this.byIdLean ??= this.h.sqlite.prepare(`SELECT run_id AS runId, step_id AS stepId, status, completed_by AS completedBy, outcomes, form FROM tasks WHERE id = ?`);
    const r = this.byIdLean.get(taskId) as { runId: string; stepId: string; status: TaskStatus; completedBy: string | null; outcomes: string; form: string } | undefined;
    if (!r) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
    return { ...r, outcomes: JSON.parse(r.outcomes) as TaskView['outcomes'], form: JSON.parse(r.form) as FormField[] };
  }

  /**
   * Records a person's decision and resumes the run.
   * @throws AppError: not_found; conflict (already completed or cancelled); invalid (unknown outcome, form errors by field).
   */
  async complete(taskId: string, decision: { outcome: string; data?: unknown; by: string }): Promise<{ runId: string }> {
    const task = this.decisionView(taskId);
    const refuseIfClosed = (t: Pick<TaskView, 'status' | 'completedBy'>) => {
      if (t.status !== 'open') throw new AppError('conflict', `task "${taskId}" is already ${t.status}${t.completedBy ? ` by ${t.completedBy}` : ''}`);
    };
    refuseIfClosed(task);
    if (!task.outcomes.some((o) => o.id === decision.outcome))
      throw new AppError('invalid', `outcome "${decision.outcome}" is not one of: ${task.outcomes.map((o) => o.id).join(', ')}`, [
        { path: ['outcome'], message: `must be one of ${task.outcomes.map((o) => o.id).join(', ')}` },
      ]);
    const { errors, value } = validateFormData(task.form, decision.data ?? {});
    if (errors.length) throw new AppError('invalid', `form is not valid: ${errors[0].message}`, errors.map((e) => ({ path: ['data', e.field], message: e.message })));
    let applied: boolean;
    try {
      applied = await this.runner.applyEvent(task.runId, {
        type: 'task.completed',
        stepId: task.stepId,
        taskId,
        outcome: decision.outcome,
        data: value as Record<string, Json>,
        by: decision.by,
        at: this.clock(),
      });
    } catch (err) {
      if (err instanceof TaskClosedError) refuseIfClosed(this.get(taskId));
      throw err;
    }
    if (!applied) {
      refuseIfClosed(this.get(taskId));
      throw new AppError('conflict', `task "${taskId}" can no longer be completed (run is ${this.store.getRun(task.runId)?.status ?? 'gone'})`);
    }
    return { runId: task.runId };
  }
}
