/**
 * The SQLite schema (drizzle). All times are epoch milliseconds (integer). JSON
 * columns hold text parsed with zod or typed readers in `server/storage/`.
 *
 * Durable-state invariants:
 * - `run_events` is append-only: one row per committed write set (a log segment holding
 *   records `seq..last_seq`); the segments of a run tile its gap-free `seq` range.
 * - `runs.state_version` increases by one per transition; a commit that expects an
 *   older version is refused (optimistic concurrency across runner processes).
 * - a job row exists exactly while its step still has to be executed; it is deleted in
 *   the same transaction that records the step's result.
 */
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

// People, sessions, sign-in accounts and API keys: `schema-accounts.ts`; groups and the
// audit log: `schema-people.ts`.
export * from './schema-accounts';
export * from './schema-people';
export * from './schema-routers';

export const workflows = sqliteTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The draft document (JSON, `WorkflowDocument`). */
    draft: text('draft').notNull(),
    /** Increases on every draft save; the designer sends the revision it loaded (lost-update guard). */
    draftRevision: integer('draft_revision').notNull().default(1),
    /** Draft revision that the latest version was published from (null: never published). */
    publishedRevision: integer('published_revision'),
    latestVersion: integer('latest_version').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Soft delete: a deleted workflow disappears from lists; its runs stay readable. */
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('workflows_deleted_idx').on(t.deletedAt, t.updatedAt)],
);

/** Published, immutable versions. */
export const workflowVersions = sqliteTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id').notNull().references(() => workflows.id),
    version: integer('version').notNull(),
    document: text('document').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Id of the person who published it (`system` for the seed). */
    createdBy: text('created_by').notNull(),
    /** What changed, in the publisher's words (optional, at most 1,000 characters). */
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.version] })],
);

export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull().references(() => workflows.id),
    /** The published version the run executes; null for a test run of the draft (its document is in `run_drafts`). */
    version: integer('version'),
    status: text('status').notNull(),
    input: text('input').notNull(),
    output: text('output'),
    error: text('error'),
    /** The engine's compact `RunState` (JSON). */
    state: text('state').notNull(),
    stateVersion: integer('state_version').notNull(),
    startedBy: text('started_by').notNull(),
    /** How the run was started: manual, api, subworkflow. */
    trigger: text('trigger').notNull().default('manual'),
    /** For a child run (sub-workflow, for-each item): the parent run and its waiting step. */
    parentRunId: text('parent_run_id'),
    parentStepId: text('parent_step_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [
    index('runs_created_idx').on(t.createdAt),
    index('runs_workflow_idx').on(t.workflowId, t.createdAt),
    index('runs_status_idx').on(t.status),
    index('runs_parent_idx').on(t.parentRunId),
  ],
);

/**
 * The document a test run of the draft executes: a snapshot of the workflow's draft
 * taken when the run started (one row per run whose `version` is null), written in the
 * run's insert transaction and never changed, so later edits of the draft do not
 * change the run and recovery after a restart reads the same definition.
 */
export const runDrafts = sqliteTable('run_drafts', {
  runId: text('run_id')
    .primaryKey()
    .references(() => runs.id),
  /** The draft revision the snapshot was taken from. */
  draftRevision: integer('draft_revision').notNull(),
  /** The snapshot (JSON, `WorkflowDocument`). */
  document: text('document').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Projection of the log: one row per step, latest attempt's data. */
export const steps = sqliteTable(
  'steps',
  {
    runId: text('run_id').notNull().references(() => runs.id),
    stepId: text('step_id').notNull(),
    nodeId: text('node_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    input: text('input'),
    output: text('output'),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stepId] }),
    // Activation order of a run's steps (its rowid breaks ties): the step pages read
    // `(started_at, rowid) > cursor ... LIMIT n` from here without sorting the run.
    index('steps_run_started_idx').on(t.runId, t.startedAt),
  ],
);

/** One row per executor attempt of a step. */
export const attempts = sqliteTable(
  'attempts',
  {
    runId: text('run_id').notNull(),
    stepId: text('step_id').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    input: text('input'),
    output: text('output'),
    error: text('error'),
    logs: text('logs'),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId, t.attempt] })],
);

/**
 * The append-only event log that drives the live view, stored as log segments: one
 * row per committed write set, holding its records `seq..last_seq` in order (a batch
 * of inline steps is tens to thousands of records; one row each would multiply the
 * writes of every transition).
 */
export const runEvents = sqliteTable(
  'run_events',
  {
    runId: text('run_id').notNull(),
    /** `seq` of the segment's first record. */
    seq: integer('seq').notNull(),
    /** `seq` of the segment's last record. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** Type of the segment's last record (e.g. `run.succeeded`). */
    type: text('type').notNull(),
    /** Time of the segment's last record, epoch ms. */
    at: integer('at').notNull(),
    /** The segment's `RunLogRecord`s as a JSON array. */
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/**
 * Durable work queue (an outbox): steps to execute, timers, child runs to start or
 * cancel, child results to hand to a parent. Claimed with a lease; deleted in the
 * transaction that records its result.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** execute | timer | startChild | cancelChild | childDone */
    kind: text('kind').notNull().default('execute'),
    /** JSON details for kinds other than execute. */
    payload: text('payload'),
    runId: text('run_id').notNull(),
    stepId: text('step_id').notNull(),
    nodeId: text('node_id').notNull(),
    attempt: integer('attempt').notNull(),
    dueAt: integer('due_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('jobs_step_attempt_uq').on(t.runId, t.stepId, t.attempt), index('jobs_due_idx').on(t.dueAt, t.leaseUntil)],
);

/** User tasks: the inbox. Written in the same transaction that parks the step. */
export const tasks = sqliteTable(
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
    /** JSON: FormField[] */
    form: text('form').notNull(),
    /** JSON: {id,label}[] */
    outcomes: text('outcomes').notNull(),
    /** JSON: the context data shown with the task. */
    context: text('context'),
    status: text('status').notNull(),
    outcome: text('outcome'),
    data: text('data'),
    completedBy: text('completed_by'),
    createdAt: integer('created_at').notNull(),
    completedAt: integer('completed_at'),
    /** JSON: user ids who may act besides the assignee (resolved when the task was created). */
    candidateUsers: text('candidate_users').notNull().default('[]'),
    /** JSON: group ids whose members may act. */
    candidateGroups: text('candidate_groups').notNull().default('[]'),
    /** low | normal | high | urgent */
    priority: text('priority').notNull().default('normal'),
    /** When the task is due (epoch ms), null: no due date. */
    dueAt: integer('due_at'),
    /** Distinct approvals needed before the approving outcome completes the task (four-eyes: 2). */
    requiredApprovals: integer('required_approvals').notNull().default(1),
    /** 1: the person who started the run may not claim or decide this task. */
    starterMayNotApprove: integer('starter_may_not_approve').notNull().default(0),
    /** The person who claimed the task; while set, only they may decide it. */
    claimedBy: text('claimed_by'),
    claimedAt: integer('claimed_at'),
    /** Group the task is handed to when its due date passes (escalation `reassign`, or with a `nonInterrupting` reminder). */
    escalationGroup: text('escalation_group'),
    /** What the due date does: none | interrupting | nonInterrupting | reassign (the user task's `escalation`). */
    escalation: text('escalation').notNull().default('none'),
    /** When the due date passed and the escalation happened (reminder sent, reassigned, closed), epoch ms; null: not yet. */
    escalatedAt: integer('escalated_at'),
  },
  (t) => [index('tasks_status_idx').on(t.status, t.createdAt), index('tasks_run_idx').on(t.runId)],
);

/**
 * Stored credentials (API keys, tokens, passwords) referenced by nodes by id. The
 * secret fields are one AES-256-GCM value (`ciphertext`, `iv`, `auth_tag`, sealed
 * with the key `key_id`, format `enc_version`, the row id as associated data); the
 * non-secret fields (user name, header name) are clear JSON in `fields`. Written only
 * by `server/credentials/store.ts`.
 */
export const credentials = sqliteTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** bearer | basic | apiKey | hmac | openai (`lib/credentials/types.ts`). */
    type: text('type').notNull(),
    /** JSON object of the non-secret fields. */
    fields: text('fields').notNull().default('{}'),
    ciphertext: text('ciphertext').notNull(),
    iv: text('iv').notNull(),
    authTag: text('auth_tag').notNull(),
    keyId: text('key_id').notNull(),
    encVersion: integer('enc_version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** When the secret was last replaced (null: never since creation). */
    rotatedAt: integer('rotated_at'),
  },
  (t) => [uniqueIndex('credentials_name_uq').on(t.name)],
);

/**
 * Registered schedules: one row per workflow whose latest published version starts
 * with a schedule trigger. Written when a version is published (removed when the
 * trigger goes away or the workflow is deleted); claimed by the scheduler with a
 * compare-and-set on `next_fire_at` in the transaction that inserts the run.
 */
export const schedules = sqliteTable(
  'schedules',
  {
    workflowId: text('workflow_id').primaryKey().references(() => workflows.id),
    /** The published version runs start on. */
    version: integer('version').notNull(),
    nodeId: text('node_id').notNull(),
    cron: text('cron').notNull(),
    timezone: text('timezone').notNull(),
    /** `fireOnce` | `skip` (see the schedule trigger's docs). */
    missedFires: text('missed_fires').notNull(),
    /** The next fire time not yet handled (epoch ms); null when the pattern never fires again. */
    nextFireAt: integer('next_fire_at'),
    lastFiredAt: integer('last_fired_at'),
    lastRunId: text('last_run_id'),
    /** Why the last fire could not start a run (the schedule moved on regardless). */
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('schedules_next_fire_idx').on(t.nextFireAt)],
);

/**
 * Registered webhooks: the token of the latest published version's webhook trigger
 * → its workflow. Written on publish, removed with the trigger or the workflow.
 */
export const webhooks = sqliteTable('webhooks', {
  token: text('token').primaryKey(),
  workflowId: text('workflow_id')
    .notNull()
    .references(() => workflows.id),
  version: integer('version').notNull(),
  nodeId: text('node_id').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('webhooks_workflow_idx').on(t.workflowId)]);

/**
 * What a webhook trigger remembers to refuse repeats, per trigger (workflow id + node id):
 * - kind `key`: a caller's `Idempotency-Key` → the run it started and a SHA-256 of the
 *   request (query string and body), kept `BATON_WEBHOOK_IDEMPOTENCY_HOURS` (24 h);
 * - kind `signature`: a signature already used to start a run, kept while its timestamp
 *   is inside the tolerance window (a replay of it would still pass the timestamp check).
 * Written in the transaction that inserts the run; expired rows are deleted a batch at
 * a time when new ones are written (`server/storage/sqlite/triggers.ts`, `server/storage/pg/triggers.ts`).
 */
export const webhookReceipts = sqliteTable(
  'webhook_receipts',
  {
    workflowId: text('workflow_id').notNull(),
    nodeId: text('node_id').notNull(),
    /** `key` | `signature`. */
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    /** Hex SHA-256 of the request's query string and body (kind `key`); '' otherwise. */
    requestHash: text('request_hash').notNull(),
    runId: text('run_id').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Epoch ms after which the row no longer counts and may be deleted. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId, t.kind, t.key] }), index('webhook_receipts_expires_idx').on(t.expiresAt)],
);

/**
 * Each person's decision on a task that needs several approvals (four-eyes). One row
 * per person and task: the primary key refuses a second approval by the same person.
 */
export const taskApprovals = sqliteTable(
  'task_approvals',
  {
    taskId: text('task_id').notNull().references(() => tasks.id),
    by: text('by').notNull(),
    outcome: text('outcome').notNull(),
    /** JSON: the form data submitted with the decision. */
    data: text('data'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.by] })],
);

/**
 * When each person last opened each task (the inbox's unread marks). A task counts
 * as unread for a person who may act on it until they open it, and again after it
 * was escalated to them (`viewed_at` < `tasks.escalated_at`).
 */
export const taskViews = sqliteTable(
  'task_views',
  {
    taskId: text('task_id').notNull().references(() => tasks.id),
    userId: text('user_id').notNull(),
    /** Epoch ms of the latest opening. */
    viewedAt: integer('viewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] }), index('task_views_user_idx').on(t.userId)],
);

/**
 * Instance settings an admin sets (e.g. `ai.modelPrices`): one JSON value per key,
 * validated by the service that owns the key (`server/services/settings.ts`).
 */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  /** JSON text. */
  value: text('value').notNull(),
  /** Epoch ms. */
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
