/**
 * The PostgreSQL schema of the inbox: user tasks, their approvals and views, and the
 * groups that may act on them. Same tables, columns and indexes as the SQLite schema
 * (`server/db/schema.ts`, where each column is described); times are epoch ms (`bigint`,
 * read as JS numbers), JSON lists stay `text`.
 */
import { pgTable, text, integer, primaryKey, index } from 'drizzle-orm/pg-core';
import { ms, id64 } from './columns';
import { users } from './schema-accounts';
import { runs } from './schema-runs';

/** User tasks: the inbox. Written in the same transaction that parks the step. */
export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull().references(() => runs.id),
    stepId: text('step_id').notNull(),
    nodeId: text('node_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    assignee: text('assignee').notNull().default(''),
    form: text('form').notNull(),
    outcomes: text('outcomes').notNull(),
    context: text('context'),
    status: text('status').notNull(),
    outcome: text('outcome'),
    data: text('data'),
    completedBy: text('completed_by'),
    createdAt: ms('created_at').notNull(),
    completedAt: ms('completed_at'),
    candidateUsers: text('candidate_users').notNull().default('[]'),
    candidateGroups: text('candidate_groups').notNull().default('[]'),
    priority: text('priority').notNull().default('normal'),
    dueAt: ms('due_at'),
    requiredApprovals: integer('required_approvals').notNull().default(1),
    /** 0 or 1 (an integer on both databases, so the same `= 1` reads it). */
    starterMayNotApprove: integer('starter_may_not_approve').notNull().default(0),
    claimedBy: text('claimed_by'),
    claimedAt: ms('claimed_at'),
    escalationGroup: text('escalation_group'),
    escalation: text('escalation').notNull().default('none'),
    escalatedAt: ms('escalated_at'),
  },
  (t) => [index('tasks_status_idx').on(t.status, t.createdAt), index('tasks_run_idx').on(t.runId)],
);

/** Teams: a task may name groups as candidates; every member may act on it. */
export const groups = pgTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: ms('created_at').notNull(),
});

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: text('group_id').notNull().references(() => groups.id),
    userId: text('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

/** Each person's decision on a task that needs several approvals (four-eyes). */
export const taskApprovals = pgTable(
  'task_approvals',
  {
    taskId: text('task_id').notNull().references(() => tasks.id),
    by: text('by').notNull(),
    outcome: text('outcome').notNull(),
    data: text('data'),
    at: ms('at').notNull(),
    /** Insertion order (SQLite's implicit `rowid` made explicit): breaks ties of `ORDER BY at, rowid`. */
    rowid: id64('rowid').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.by] })],
);

/** When each person last opened each task (the inbox's unread marks). */
export const taskViews = pgTable(
  'task_views',
  {
    taskId: text('task_id').notNull().references(() => tasks.id),
    userId: text('user_id').notNull(),
    viewedAt: ms('viewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] }), index('task_views_user_idx').on(t.userId)],
);
