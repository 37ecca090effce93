/**
 * Service results → REST response bodies (times as ISO-8601), and the workflow
 * document parsing of request bodies. Thin: the services own every rule.
 */
import 'server-only';
import { AppError, zodIssues } from '../errors';
import type { WorkflowSummary } from '../services/workflows';
import type { RunDetail, StepPageView, StepView } from '../services/runs';
import type { TaskView } from '../services/tasks';
import { parseDocument, upgradeDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { iso } from './handler';
import type { RunBody, StepBody, StepPageBody, TaskBody, WorkflowListItem } from './schemas';

export function workflowListItem(w: WorkflowSummary): WorkflowListItem {
  return { id: w.id, name: w.name, latestVersion: w.latestVersion };
}

export function runBody(r: RunDetail): RunBody {
  return {
    id: r.id,
    workflowId: r.workflowId,
    version: r.version,
    draft: r.draft,
    status: r.status,
    input: r.input,
    output: r.output,
    error: r.error,
    createdAt: iso(r.createdAt),
    endedAt: iso(r.endedAt),
    steps: r.steps.map(stepBody),
    stepCount: r.stepCount,
    nextCursor: r.nextCursor,
  };
}

export function stepPageBody(p: StepPageView): StepPageBody {
  return { steps: p.steps.map(stepBody), nextCursor: p.nextCursor };
}

function stepBody(s: StepView): StepBody {
  return {
    stepId: s.stepId,
    nodeId: s.nodeId,
    status: s.status as StepBody['status'],
    attempts: s.attempts,
    output: s.output,
    error: s.error,
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
  };
}

export function taskBody(t: TaskView): TaskBody {
  return {
    id: t.id,
    runId: t.runId,
    stepId: t.stepId,
    workflowId: t.workflowId,
    nodeId: t.nodeId,
    title: t.title,
    description: t.description,
    assignee: t.assignee,
    candidateUsers: t.candidateUsers,
    candidateGroups: t.candidateGroups,
    claimedBy: t.claimedBy,
    claimedAt: iso(t.claimedAt),
    priority: t.priority,
    dueAt: iso(t.dueAt),
    requiredApprovals: t.requiredApprovals,
    approvals: t.approvals,
    starterMayNotApprove: t.starterMayNotApprove,
    escalation: { mode: t.escalation.mode, group: t.escalation.group, escalatedAt: iso(t.escalation.escalatedAt) },
    form: t.form,
    outcomes: t.outcomes,
    context: t.context,
    status: t.status,
    outcome: t.outcome,
    data: t.data,
    completedBy: t.completedBy,
    createdAt: iso(t.createdAt),
    completedAt: iso(t.completedAt),
  };
}

/**
 * Parses a workflow document from a request body.
 * @throws AppError('bad_request') listing every schema issue with its path (e.g. `["nodes"]`, `["nodes", 2, "id"]`).
 */
export function documentFromBody(raw: unknown): WorkflowDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const got = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw;
    throw new AppError('bad_request', `the workflow document must be a JSON object, not ${got}`, [{ path: [], message: `expected object, received ${got}` }]);
  }
  try {
    upgradeDocument(raw);
  } catch (err) {
    // A document from a newer Baton: say so instead of listing every field as wrong.
    throw new AppError('bad_request', (err as Error).message, [{ path: ['schemaVersion'], message: (err as Error).message }]);
  }
  const r = parseDocument(raw);
  if (!r.success) {
    const issues = zodIssues(r.error.issues);
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length === 2 ? '' : 's'})` : '';
    throw new AppError('bad_request', `the workflow document is not valid: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown problem'}${more}`, issues);
  }
  return r.data;
}

/**
 * An optional non-negative integer query parameter (`limit`, `after`).
 * @throws AppError('bad_request') naming the parameter when it is not digits only.
 */
export function intParam(query: Record<string, string>, name: string): number | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  const n = /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new AppError('bad_request', `${name} must be a non-negative integer`, [{ path: [name], message: 'must be a non-negative integer' }]);
  return n;
}
