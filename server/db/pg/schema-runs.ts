/**
 * The PostgreSQL schema of workflows, runs and their durable state: the same tables,
 * columns and indexes as `server/db/schema.ts` (the SQLite schema, where each column and
 * the durable-state invariants are described). Times are epoch ms (`bigint`, read as JS
 * numbers); JSON stays `text` so documents round-trip byte for byte (no `jsonb` key
 * reordering) and are parsed by the same readers on both databases.
 */
import { pgTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { ms, id64 } from './columns';

export const workflows = pgTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    draft: text('draft').notNull(),
    draftRevision: integer('draft_revision').notNull().default(1),
    publishedRevision: integer('published_revision'),
    latestVersion: integer('latest_version').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    deletedAt: ms('deleted_at'),
  },
  (t) => [index('workflows_deleted_idx').on(t.deletedAt, t.updatedAt)],
);

/** Published, immutable versions. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id').notNull().references(() => workflows.id),
    version: integer('version').notNull(),
    document: text('document').notNull(),
    createdAt: ms('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.version] })],
);

export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull().references(() => workflows.id),
    /** Null for a test run of the draft (its document is in `run_drafts`). */
    version: integer('version'),
    status: text('status').notNull(),
    input: text('input').notNull(),
    output: text('output'),
    error: text('error'),
    state: text('state').notNull(),
    stateVersion: integer('state_version').notNull(),
    startedBy: text('started_by').notNull(),
    trigger: text('trigger').notNull().default('manual'),
    parentRunId: text('parent_run_id'),
    parentStepId: text('parent_step_id'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    endedAt: ms('ended_at'),
  },
  (t) => [
    index('runs_created_idx').on(t.createdAt),
    index('runs_workflow_idx').on(t.workflowId, t.createdAt),
    index('runs_status_idx').on(t.status),
    index('runs_parent_idx').on(t.parentRunId),
  ],
);

/** The draft snapshot a test run executes (see the SQLite schema). */
export const runDrafts = pgTable('run_drafts', {
  runId: text('run_id')
    .primaryKey()
    .references(() => runs.id),
  draftRevision: integer('draft_revision').notNull(),
  document: text('document').notNull(),
  createdAt: ms('created_at').notNull(),
});

/** Projection of the log: one row per step, latest attempt's data. */
export const steps = pgTable(
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
    startedAt: ms('started_at').notNull(),
    endedAt: ms('ended_at'),
    /**
     * Insertion order, SQLite's implicit `rowid` made explicit: it breaks ties between
     * steps activated in the same millisecond (`ORDER BY started_at, rowid`) and is the
     * second half of the step pages' cursor. Filled by PostgreSQL; never written by Baton
     * (a copy from SQLite may carry the source's rowids over).
     */
    rowid: id64('rowid').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stepId] }),
    // SQLite's index carries the rowid implicitly; here it is named, so the step pages'
    // `(started_at, rowid) > cursor ORDER BY started_at, rowid LIMIT n` reads it without a sort.
    index('steps_run_started_idx').on(t.runId, t.startedAt, t.rowid),
  ],
);

/** One row per executor attempt of a step. */
export const attempts = pgTable(
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
    startedAt: ms('started_at').notNull(),
    endedAt: ms('ended_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId, t.attempt] })],
);

/** The append-only event log, as log segments `seq..last_seq` (one row per committed write set). */
export const runEvents = pgTable(
  'run_events',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    type: text('type').notNull(),
    at: ms('at').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Durable work queue (an outbox), claimed with a lease; deleted in the transaction that records its result. */
export const jobs = pgTable(
  'jobs',
  {
    /** Never reused, like SQLite's AUTOINCREMENT; 64-bit because every step attempt takes one. */
    id: id64('id').primaryKey(),
    kind: text('kind').notNull().default('execute'),
    payload: text('payload'),
    runId: text('run_id').notNull(),
    stepId: text('step_id').notNull(),
    nodeId: text('node_id').notNull(),
    attempt: integer('attempt').notNull(),
    dueAt: ms('due_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('jobs_step_attempt_uq').on(t.runId, t.stepId, t.attempt), index('jobs_due_idx').on(t.dueAt, t.leaseUntil)],
);
