/**
 * The rows of the task list and task reads: the columns selected (task, its run's
 * version and starter, its workflow's name, the approvals so far) and their mapping to
 * {@link TaskView} (JSON columns parsed). Data access of `TaskService`.
 */
import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open';
import { runs, tasks, workflows } from '../db/schema';
import { fromJson } from '../storage/json';
import type { Json } from '@/lib/engine/types';
import type { FormField } from '@/lib/nodes/fields';
import type { TaskEscalation, TaskView } from './task-types';

/** The list query over `tasks` ⋈ `runs` ⋈ `workflows` with `where`; the caller adds order and limit. */
export function selectTasks(db: Db, where: SQL | undefined) {
  return db
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
      candidateUsers: tasks.candidateUsers,
      candidateGroups: tasks.candidateGroups,
      priority: tasks.priority,
      dueAt: tasks.dueAt,
      requiredApprovals: tasks.requiredApprovals,
      approvals: sql<number>`(SELECT COUNT(*) FROM task_approvals a WHERE a.task_id = ${tasks.id} AND a.outcome = json_extract(${tasks.outcomes}, '$[0].id'))`,
      starterMayNotApprove: tasks.starterMayNotApprove,
      claimedBy: tasks.claimedBy,
      claimedAt: tasks.claimedAt,
      startedBy: runs.startedBy,
      form: tasks.form,
      outcomes: tasks.outcomes,
      context: tasks.context,
      status: tasks.status,
      outcome: tasks.outcome,
      data: tasks.data,
      completedBy: tasks.completedBy,
      createdAt: tasks.createdAt,
      completedAt: tasks.completedAt,
      escalationMode: tasks.escalation,
      escalationGroup: tasks.escalationGroup,
      escalatedAt: tasks.escalatedAt,
    })
    .from(tasks)
    .innerJoin(runs, eq(runs.id, tasks.runId))
    .innerJoin(workflows, eq(workflows.id, tasks.workflowId))
    .where(where);
}

/** A row of {@link selectTasks} as a {@link TaskView}. */
export function toTaskView(r: Record<string, unknown>): TaskView {
  const { escalationMode, escalationGroup, escalatedAt, ...rest } = r;
  return {
    ...(rest as unknown as TaskView),
    escalation: {
      mode: (escalationMode as TaskEscalation['mode'] | undefined) ?? 'none',
      group: (escalationGroup as string | null) ?? null,
      escalatedAt: (escalatedAt as number | null) ?? null,
    },
    candidateUsers: fromJson<string[]>(r.candidateUsers as string) ?? [],
    candidateGroups: fromJson<string[]>(r.candidateGroups as string) ?? [],
    starterMayNotApprove: Boolean(r.starterMayNotApprove),
    approvals: Number(r.approvals ?? 0),
    form: fromJson<FormField[]>(r.form as string) ?? [],
    outcomes: fromJson<{ id: string; label: string }[]>(r.outcomes as string) ?? [],
    context: fromJson<Json>(r.context as string | null),
    data: fromJson<Json>(r.data as string | null),
  };
}
