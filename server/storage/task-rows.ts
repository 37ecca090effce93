/**
 * Row → shape mapping of the inbox, shared by both implementations: a list row (see
 * `task-sql.ts`) as a {@link TaskView}, a task's access row as {@link AccessRow}, JSON
 * text columns parsed, integer flags as booleans, counts as numbers.
 */
import type { Json } from '@/lib/engine/types';
import type { FormField } from '@/lib/nodes/fields';
import { fromJson } from './json';
import type { AccessRow, TaskApproval, TaskEscalation, TaskSnapshot, TaskView } from './ports/tasks';

/** A list row as a {@link TaskView}. */
export function toTaskView(r: Record<string, unknown>): TaskView {
  const { escalationMode, escalationGroup, escalatedAt, ...rest } = r;
  return {
    ...(rest as unknown as TaskView),
    version: (r.version as number | null) ?? null,
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

/** A task's access row (who may act, outcomes, form) from its stored columns, with its run's status. */
export function toAccessRow(r: Record<string, unknown>): AccessRow & { runStatus: string } {
  return {
    ...(r as Omit<AccessRow & { runStatus: string }, 'outcomes' | 'form' | 'candidateUsers' | 'candidateGroups' | 'starterMayNotApprove'>),
    outcomes: fromJson<AccessRow['outcomes']>(r.outcomes as string) ?? [],
    form: fromJson<FormField[]>(r.form as string) ?? [],
    candidateUsers: fromJson<string[]>(r.candidateUsers as string) ?? [],
    candidateGroups: fromJson<string[]>(r.candidateGroups as string) ?? [],
    starterMayNotApprove: Boolean(r.starterMayNotApprove),
  };
}

/** A snapshot from the rows read for it. */
export function toSnapshot(task: Record<string, unknown> | undefined, prior: { outcome: string } | undefined, approvals: number | undefined): TaskSnapshot {
  return { task: task ? toAccessRow(task) : null, priorOutcome: prior?.outcome ?? null, approvals: Number(approvals ?? 0) };
}

/** An approval row (data as JSON text) as a {@link TaskApproval}. */
export function toApproval(a: { by: string; outcome: string; data: string | null; at: number }): TaskApproval {
  return { by: a.by, outcome: a.outcome, data: fromJson<Json>(a.data), at: Number(a.at) };
}
