/**
 * Shapes of the inbox: a task as the app and the REST API see it, its escalation,
 * approvals and run history, list filters and decision results. Times are epoch ms.
 */
import type { Json } from '@/lib/engine/types';
import type { FormField } from '@/lib/nodes/fields';
import type { Actor } from './actor';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Inbox tabs: tasks I may act on by name or claim; unclaimed tasks of my groups (or anyone's); every task. */
export type InboxView = 'mine' | 'groups' | 'all';

export interface TaskView {
  id: string;
  runId: string;
  stepId: string;
  nodeId: string;
  workflowId: string;
  workflowName: string;
  /** The run's published version; null when the task belongs to a test run of the draft. */
  version: number | null;
  title: string;
  description: string;
  /** User id, '' for none. */
  assignee: string;
  candidateUsers: string[];
  candidateGroups: string[];
  priority: Priority;
  /** Epoch ms, null: no due date. */
  dueAt: number | null;
  requiredApprovals: number;
  /** Approving decisions recorded so far. */
  approvals: number;
  starterMayNotApprove: boolean;
  claimedBy: string | null;
  claimedAt: number | null;
  /** Who started the run. */
  startedBy: string;
  form: FormField[];
  outcomes: { id: string; label: string }[];
  context: Json;
  status: TaskStatus;
  outcome: string | null;
  data: Json;
  completedBy: string | null;
  createdAt: number;
  completedAt: number | null;
  /** The due-date escalation: what it does, the group it hands the task to, when it happened. */
  escalation: TaskEscalation;
  /** Listed for an actor: true until the actor opens the task (again after it was escalated). Absent otherwise. */
  unread?: boolean;
}

/** A task's due-date escalation (BPMN 2.0 §10.5.1 boundary timer on the user task). */
export interface TaskEscalation {
  /** none | interrupting (closed, run leaves through `escalate`) | nonInterrupting (reminder through `remind`) | reassign. */
  mode: 'none' | 'interrupting' | 'nonInterrupting' | 'reassign';
  /** Group the task is (or was) handed to when overdue; null: none. */
  group: string | null;
  /** When the due date passed and the escalation happened, epoch ms; null: not yet. */
  escalatedAt: number | null;
}

/** One step of a run as the task page's history shows it. */
export interface TaskHistoryStep {
  stepId: string;
  nodeId: string;
  /** The node's label in the run's version (its id when the version has no such node). */
  label: string;
  /** Node type (`userTask`, `http`, …); '' when unknown. */
  nodeType: string;
  /** running | waiting | succeeded | failed | cancelled */
  status: string;
  attempts: number;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  /** For a user task step: who decided what (null while open or when cancelled). */
  decision: { by: string; outcome: string; outcomeLabel: string } | null;
  /** For a user task step whose due date passed. */
  escalated: { at: number; mode: string; group: string | null } | null;
  /** The step of the task being viewed. */
  current: boolean;
}

/** One recorded decision on a task. */
export interface TaskApproval {
  by: string;
  outcome: string;
  data: Json;
  /** Epoch ms. */
  at: number;
}

/** Tasks per page unless the caller asks for another number. */
export const DEFAULT_TASK_PAGE = 200;
/** Most tasks per page (`limit` above it is refused by the APIs, clamped by the service). */
export const MAX_TASK_PAGE = 1000;

/** One page of a task list; `nextCursor` (opaque) asks for the next one, null on the last page. */
export interface TaskPage {
  tasks: TaskView[];
  nextCursor: string | null;
}

export interface TaskListFilter {
  status?: TaskStatus;
  runId?: string;
  /** With `actor`: which inbox tab (open tasks only for mine/groups). */
  view?: InboxView;
  actor?: Actor;
  /** Case-insensitive match on title or workflow name. */
  search?: string;
  priority?: Priority;
  /** created (default: open oldest first), due (soonest first, none last), priority (urgent first). */
  sort?: 'created' | 'due' | 'priority';
  /** Tasks per page: default {@link DEFAULT_TASK_PAGE}, at most {@link MAX_TASK_PAGE}. */
  limit?: number;
  /** The `nextCursor` of the previous page, with the same filters. */
  cursor?: string;
}

/** The task row as the access checks need it. */
export interface AccessRow {
  id: string;
  runId: string;
  stepId: string;
  status: TaskStatus;
  completedBy: string | null;
  outcomes: { id: string; label: string }[];
  form: FormField[];
  assignee: string;
  candidateUsers: string[];
  candidateGroups: string[];
  requiredApprovals: number;
  starterMayNotApprove: boolean;
  claimedBy: string | null;
  startedBy: string;
}

/** Result of a decision: `completed` false while a four-eyes task waits for more approvals. */
export interface DecisionResult {
  runId: string;
  completed: boolean;
  approvals: number;
  requiredApprovals: number;
}
