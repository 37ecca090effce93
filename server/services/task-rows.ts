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
import type { AccessRow, TaskEscalation, TaskHistoryStep, TaskView } from './task-types';

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

/** A step row as the task page's history reads it. */
export interface HistoryStepRow {
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
}

/** A task row of the same run, for the decisions and escalations shown in the history. */
export interface HistoryTaskRow {
  stepId: string;
  status: string;
  outcome: string | null;
  /** JSON `[{ id, label }]`. */
  outcomes: string;
  completedBy: string | null;
  escalation: string;
  escalationGroup: string | null;
  escalatedAt: number | null;
}

/**
 * The task page's history: each step with its node's label and type (from the run's
 * version), who decided an earlier user task and with which outcome, its escalation,
 * and whether it is the task's own step (`currentStepId`).
 */
export function historySteps(
  rows: readonly HistoryStepRow[],
  byStep: ReadonlyMap<string, HistoryTaskRow>,
  nodes: ReadonlyMap<string, { type: string; label?: string }>,
  currentStepId: string,
): TaskHistoryStep[] {
  return rows.map((r): TaskHistoryStep => {
    const node = nodes.get(r.nodeId);
    const t = byStep.get(r.stepId);
    const outcomes = t ? (fromJson<{ id: string; label: string }[]>(t.outcomes) ?? []) : [];
    return {
      ...r,
      label: node?.label || r.nodeId,
      nodeType: node?.type ?? '',
      decision: t && t.status === 'completed' && t.outcome ? { by: t.completedBy ?? '', outcome: t.outcome, outcomeLabel: outcomes.find((o) => o.id === t.outcome)?.label ?? t.outcome } : null,
      escalated: t && t.escalatedAt !== null ? { at: t.escalatedAt, mode: t.escalation, group: t.escalationGroup } : null,
      current: r.stepId === currentStepId,
    };
  });
}

/** A task's access row (who may act, outcomes, form) from its stored columns. */
export function toAccessRow(r: Record<string, unknown>): AccessRow {
  return {
    ...(r as Omit<AccessRow, 'outcomes' | 'form' | 'candidateUsers' | 'candidateGroups' | 'starterMayNotApprove'>),
    outcomes: JSON.parse(r.outcomes as string) as AccessRow['outcomes'],
    form: JSON.parse(r.form as string) as FormField[],
    candidateUsers: fromJson<string[]>(r.candidateUsers as string) ?? [],
    candidateGroups: fromJson<string[]>(r.candidateGroups as string) ?? [],
    starterMayNotApprove: Boolean(r.starterMayNotApprove),
  };
}
