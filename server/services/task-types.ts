/**
 * Shapes of the inbox: a task as the app and the REST API see it, its escalation,
 * approvals and run history, list filters and decision results. Times are epoch ms.
 */
import type { Actor } from './actor';
import type { Priority, TaskStatus, TaskView } from '../storage/ports/tasks';

export type { AccessRow, Priority, TaskApproval, TaskEscalation, TaskStatus, TaskView } from '../storage/ports/tasks';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];

/** Inbox tabs: tasks I may act on by name or claim; unclaimed tasks of my groups (or anyone's); every task. */
export type InboxView = 'mine' | 'groups' | 'all';

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

/** Result of a decision: `completed` false while a four-eyes task waits for more approvals. */
export interface DecisionResult {
  runId: string;
  completed: boolean;
  approvals: number;
  requiredApprovals: number;
}
