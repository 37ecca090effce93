/**
 * Run rows on PostgreSQL for a group of write sets: new runs inserted with one
 * statement, transitions applied with one `UPDATE … FROM unnest(…)` under each run's
 * `state_version` guard. Each returns which runs were written; the others are left
 * untouched (an existing id, a stale version).
 */
import type pg from 'pg';
import { toJson } from '../json';
import type { InsertRunItem, TransitionItem } from '../ports/run-store';

/** Inserts the runs (and the draft snapshots of test runs). @returns the ids inserted (an id that exists is skipped). */
export async function insertRuns(c: pg.PoolClient, items: readonly InsertRunItem[]): Promise<Set<string>> {
  if (!items.length) return new Set();
  const cols: unknown[][] = Array.from({ length: 14 }, () => []);
  for (const { meta, writes: w } of items) {
    const v = [meta.id, meta.workflowId, meta.version, w.state.status, JSON.stringify(meta.input), toJson(w.state.output), toJson(w.state.error ?? undefined), JSON.stringify(w.state), meta.startedBy, meta.trigger, meta.parentRunId ?? null, meta.parentStepId ?? null, w.at, w.state.endedAt ?? null];
    v.forEach((x, k) => cols[k].push(x));
  }
  const r = await c.query<{ id: string }>({
    name: 'runs_insert',
    text: `INSERT INTO runs (id, workflow_id, version, status, input, output, error, state, state_version, started_by, trigger, parent_run_id, parent_step_id, created_at, updated_at, ended_at)
           SELECT id, workflow_id, version, status, input, output, error, state, 1, started_by, trigger, parent_run_id, parent_step_id, at, at, ended_at
           FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[], $14::bigint[])
             AS v(id, workflow_id, version, status, input, output, error, state, started_by, trigger, parent_run_id, parent_step_id, at, ended_at)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
    values: cols,
  });
  const done = new Set(r.rows.map((x) => x.id));
  const drafts = items.filter((s) => s.meta.draft && done.has(s.meta.id));
  if (drafts.length)
    await c.query('INSERT INTO run_drafts (run_id, draft_revision, document, created_at) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[])', [
      drafts.map((s) => s.meta.id),
      drafts.map((s) => s.meta.draft!.revision),
      drafts.map((s) => s.meta.draft!.document),
      drafts.map((s) => s.writes.at),
    ]);
  return done;
}

/** Applies the transitions whose run is still at the expected `state_version` (raised by one). @returns the run ids updated. */
export async function updateRuns(c: pg.PoolClient, items: readonly TransitionItem[]): Promise<Set<string>> {
  if (!items.length) return new Set();
  const cols: unknown[][] = Array.from({ length: 9 }, () => []);
  for (const s of items) {
    const st = s.writes.state;
    const v = [s.runId, s.expectedVersion, st.status, toJson(st.output), toJson(st.error ?? undefined), JSON.stringify(st), s.writes.version ?? null, s.writes.at, st.endedAt ?? null];
    v.forEach((x, k) => cols[k].push(x));
  }
  const r = await c.query<{ id: string }>({
    name: 'runs_update',
    text: `UPDATE runs r SET status = v.status, output = v.output, error = v.error, state = v.state, version = COALESCE(v.version, r.version),
             state_version = r.state_version + 1, updated_at = v.at, ended_at = v.ended_at
           FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[])
             AS v(id, expected, status, output, error, state, version, at, ended_at)
           WHERE r.id = v.id AND r.state_version = v.expected RETURNING r.id`,
    values: cols,
  });
  return new Set(r.rows.map((x) => x.id));
}
