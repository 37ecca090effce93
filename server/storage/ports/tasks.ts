/**
 * User tasks and the inbox: the port `TaskService` reads and writes through, and the
 * shapes both implementations (`sqlite/tasks.ts`, `pg/tasks.ts`) return. Times are
 * epoch ms. JSON columns (form, outcomes, context, data, candidate lists) arrive parsed.
 *
 * Who may do what stays in the service: writes that depend on the stored task (claim,
 * release, delegate, an approval, a decision) take a pure, synchronous `decide`
 * callback, called inside the write's transaction with a {@link TaskSnapshot} read
 * there (PostgreSQL: the task row locked `FOR UPDATE`); it returns what to write or
 * throws (an `AppError`) to refuse, and then nothing is written. On PostgreSQL the
 * transaction may be retried, so `decide` may run more than once.
 *
 * Task rows are created, closed and escalated by the run store with a run's transition
 * (the `createTask`, `closeTask` and `escalateTask` effects); this port never does.
 */
import type { Json } from '@/lib/engine/types';
import type { FormField } from '@/lib/nodes/fields';
import type { AuditInput } from './audit';

export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/** A task's due-date escalation (BPMN 2.0 §10.5.1 boundary timer on the user task). */
export interface TaskEscalation {
  /** none | interrupting (closed, run leaves through `escalate`) | nonInterrupting (reminder through `remind`) | reassign. */
  mode: 'none' | 'interrupting' | 'nonInterrupting' | 'reassign';
  /** Group the task is (or was) handed to when overdue; null: none. */
  group: string | null;
  /** When the due date passed and the escalation happened, epoch ms; null: not yet. */
  escalatedAt: number | null;
}

/** A task as the app and the APIs see it (joined with its run and workflow). */
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
  /** Approving decisions (the first outcome) recorded so far. */
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

/** One recorded decision on a task. */
export interface TaskApproval {
  by: string;
  outcome: string;
  data: Json;
  /** Epoch ms. */
  at: number;
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

/**
 * What a write's `decide` sees, read inside its transaction.
 * `task` null: no such task.
 */
export interface TaskSnapshot {
  task: (AccessRow & { runStatus: string }) | null;
  /** The outcome the acting person (`by`) recorded on this task already; null: none. */
  priorOutcome: string | null;
  /** Decisions recorded with the outcome asked about (0 when the write names no outcome). */
  approvals: number;
}

/** The sort orders of a list; see `task-sql.ts` for their keys. */
export type TaskOrder = 'created_asc' | 'created_desc' | 'due' | 'priority';

/**
 * Which tasks a list holds, as data (the service decides the policy; the
 * implementation turns it into SQL). Every condition is part of the query, so `limit`
 * rows are the first that match however many others exist.
 */
export interface TaskListQuery {
  status?: TaskStatus;
  runId?: string;
  priority?: Priority;
  /**
   * `visible`: tasks the person may read (potential owner, claimer, decider);
   * `mine` / `groups`: the inbox tabs (see `task-access.ts` `inInboxView`);
   * absent: every task.
   */
  scope?: { kind: 'visible' | 'mine' | 'groups'; userId: string; groups: string[] };
  /** Case-insensitive substring of the title or the workflow name (Unicode lower case). */
  search?: string;
  order: TaskOrder;
  /** The sort keys of the last task of the previous page (`task-sql.ts` `keysOf`). */
  after?: (number | string)[];
  /** Rows at most (≥ 1). */
  limit: number;
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

/** What `TaskStorePort.history` returns: a run's steps (activation order), its tasks and its workflow document. */
export interface TaskRunHistory {
  /** At most the last 500 steps, oldest first. */
  steps: HistoryStepRow[];
  tasks: HistoryTaskRow[];
  /** The run's version document (or its draft snapshot for a test run), parsed; null when missing. */
  document: unknown;
}

/** A change of who holds a task, as `decide` of {@link TaskStorePort.assign} returns it. */
export type TaskAssignmentChange =
  | { kind: 'claim'; userId: string; at: number; audit: AuditInput[] }
  | { kind: 'unclaim'; audit: AuditInput[] }
  /** `to` becomes the assignee and holds the claim. */
  | { kind: 'delegate'; to: string; at: number; audit: AuditInput[] };

/** An approval recorded on its own (four-eyes, not yet the N-th), as `decide` of {@link TaskStorePort.recordApproval} returns it. */
export interface TaskApprovalWrite {
  /** JSON text of the form data. */
  data: string;
  at: number;
  /** Release the acting person's claim, so the next approver can claim the task. */
  unclaim: boolean;
  audit: AuditInput[];
}

/**
 * A person's decision on a user task, checked and recorded inside the transaction that
 * applies the run's `task.completed` transition (a `CommitGuard`, see `guards.ts`).
 * The implementation reads the {@link TaskSnapshot} of `taskId` for `by` and `outcome`
 * (PostgreSQL: `FOR UPDATE`, so of two racing decisions the second sees the first's
 * outcome), calls `decide`, which throws to refuse the whole commit or returns what to
 * record: the approval row (`task_approvals`: by, outcome, data, at) and audit entries.
 * @throws Error when the task belongs to another run than the transition's.
 */
export interface TaskDecisionGuard {
  type: 'taskDecision';
  taskId: string;
  /** Who decides (user id). */
  by: string;
  /** The chosen outcome id. */
  outcome: string;
  decide(snapshot: TaskSnapshot): { data: string; at: number; audit: AuditInput[] };
}

/** User tasks and the inbox. */
export interface TaskStorePort {
  /** The roles (stored text, null for an unknown user) and group ids (sorted) of `userId`, to build the acting person. */
  actorOf(userId: string): Promise<{ roles: string | null; groups: string[] }>;
  /** Tasks matching `q`, in its order, at most `q.limit`. */
  list(q: TaskListQuery): Promise<TaskView[]>;
  /** One task, or null. */
  get(taskId: string): Promise<TaskView | null>;
  /** The snapshot a decision would see now (committed data, nothing locked): for checks before a write. */
  snapshot(taskId: string, by: string, outcome?: string): Promise<TaskSnapshot>;
  /** The decisions recorded on a task, oldest first. */
  approvals(taskId: string): Promise<TaskApproval[]>;
  /** Records that `userId` opened the task at `at` (a later mark wins; an earlier one is ignored). */
  markViewed(taskId: string, userId: string, at: number): Promise<void>;
  /** When `userId` last opened each of the open tasks they opened, by task id (epoch ms). */
  viewedAt(userId: string): Promise<Map<string, number>>;
  /**
   * Open tasks in the person's `mine` or `groups` inbox tab they have not opened, or not
   * since the task was escalated.
   */
  unreadCount(userId: string, groups: string[]): Promise<number>;
  /** The task page's history of a run. */
  history(runId: string): Promise<TaskRunHistory>;
  /** True when a user with this id exists. */
  userExists(userId: string): Promise<boolean>;
  /**
   * Claims, releases or delegates a task: reads its snapshot for `by` (with
   * `delegateTo`: whether that user exists), calls `decide`, writes the change (only
   * while the task is open) and its audit entries; null from `decide` writes nothing.
   * @returns the task's run id (null: no such task and `decide` did not throw).
   * @throws what `decide` throws.
   */
  assign(taskId: string, by: string, decide: (s: TaskSnapshot & { delegateExists: boolean }) => TaskAssignmentChange | null, delegateTo?: string): Promise<string | null>;
  /**
   * Records an approval on its own (four-eyes: one of N): reads the snapshot for `by`
   * and `outcome`, calls `decide`; null writes nothing (the N-th approval goes through
   * the run's transition with a {@link TaskDecisionGuard}).
   * @returns what `decide` returned in the committed transaction.
   * @throws what `decide` throws; a database error when `by` has decided already.
   */
  recordApproval<W extends TaskApprovalWrite>(taskId: string, by: string, outcome: string, decide: (s: TaskSnapshot) => W | null): Promise<W | null>;
}

/** Sorts after every epoch-ms due date: tasks without one come last in the `due` order. */
export const NO_DUE_SORT_KEY = 8_640_000_000_000_000;

/** The rank of a priority in the `priority` order (urgent first; unknown as normal). */
export function priorityRank(p: string): number {
  return ({ urgent: 0, high: 1, normal: 2, low: 3 } as Record<string, number>)[p] ?? 2;
}

/**
 * The sort key values of a task in an order (the task id last), for its cursor:
 * `due`: [due or {@link NO_DUE_SORT_KEY}, createdAt, id]; `priority`: [rank, createdAt, id];
 * `created_*`: [createdAt, id].
 */
export function taskSortKeys(order: TaskOrder, t: { createdAt: number; id: string; dueAt: number | null; priority: string }): (number | string)[] {
  if (order === 'due') return [t.dueAt ?? NO_DUE_SORT_KEY, t.createdAt, t.id];
  if (order === 'priority') return [priorityRank(t.priority), t.createdAt, t.id];
  return [t.createdAt, t.id];
}

/** How many sort keys a cursor of `order` holds. */
export function sortKeyCount(order: TaskOrder): number {
  return order === 'due' || order === 'priority' ? 3 : 2;
}
