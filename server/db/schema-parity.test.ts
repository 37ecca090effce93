// The SQLite and the PostgreSQL schema describe the same tables, columns, keys and indexes.
import { describe, it, expect } from 'vitest';
import { pgTable, text, integer, index } from 'drizzle-orm/pg-core';
import * as sqliteSchema from './schema';
import * as pgSchema from './pg/schema';
import { ms } from './pg/columns';
import { sqliteShape, pgShape, schemaDifferences } from '@/tests/helpers/schema-shape';

/** Tables whose PostgreSQL side names SQLite's implicit rowid (queries order by it). */
const EXPLICIT_ROWID = ['steps', 'task_approvals'];

describe('SQLite and PostgreSQL schemas', () => {
  const sqlite = sqliteShape(sqliteSchema);
  const pg = pgShape(pgSchema);

  it('hold the same tables, columns, keys and indexes', () => {
    expect(Object.keys(sqlite).length).toBeGreaterThanOrEqual(22);
    expect(schemaDifferences(sqlite, pg, EXPLICIT_ROWID)).toEqual([]);
  });

  it('read every column as the same JavaScript type', () => {
    expect(sqlite.users!.columns.created_at!.jsType).toBe('date');
    expect(pg.users!.columns.created_at!.jsType).toBe('date');
    expect(pg.users!.columns.disabled!.jsType).toBe('boolean');
    expect(pg.runs!.columns.created_at).toMatchObject({ sqlType: 'bigint', jsType: 'number', notNull: true });
    expect(pg.steps!.indexes.steps_run_started_idx!.columns).toBe('run_id,started_at,rowid');
  });

  it('reports a missing column, a changed index, a narrowed time and a lost not-null', () => {
    const changedRuns = pgTable(
      'runs',
      {
        id: text('id').primaryKey(),
        workflowId: text('workflow_id').notNull().references(() => pgSchema.workflows.id),
        version: integer('version').notNull(),
        status: text('status'),
        createdAt: integer('created_at').notNull(),
      },
      (t) => [index('runs_created_idx').on(t.createdAt, t.status)],
    );
    const changedSteps = pgTable('steps', { runId: text('run_id'), extra: ms('extra') });
    const diffs = schemaDifferences(sqlite, pgShape({ ...pgSchema, runs: changedRuns, steps: changedSteps }), EXPLICIT_ROWID);
    const text_ = diffs.join('\n');
    expect(text_).toContain('runs.input: only in SQLite');
    expect(text_).toContain('runs.status: notNull true (SQLite) vs false (PostgreSQL)');
    expect(text_).toContain('runs.created_at: a time in ms must be bigint on PostgreSQL, not integer');
    expect(text_).toContain('runs: index runs_created_idx on (created_at) (SQLite) vs (created_at,status) (PostgreSQL)');
    expect(text_).toContain('runs: index runs_status_idx only in SQLite');
    expect(text_).toContain('steps.extra: only in PostgreSQL');
    expect(text_).toContain('steps: foreign keys');
    expect(schemaDifferences(sqlite, pgShape({ ...pgSchema, steps: undefined }), EXPLICIT_ROWID)).toContain('table steps: only in SQLite');
  });
});
