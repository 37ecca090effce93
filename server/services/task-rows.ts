/**
 * The task page's history as the app shows it, from the rows the storage port reads
 * (`TaskStorePort.history`). Pure.
 */
import { fromJson } from '../storage/json';
import type { HistoryStepRow, HistoryTaskRow } from '../storage/ports/tasks';
import type { TaskHistoryStep } from './task-types';

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
