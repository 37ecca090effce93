/**
 * The PostgreSQL implementation of `RunReadPort` (see `../ports/run-reads.ts`): the same
 * reads as the SQLite one, with the same order, cursors and byte limits (the pagers of
 * `../run-read-rows.ts`). Steps are ordered by `(started_at, rowid)` (`rowid` is an
 * explicit insertion-order column here); log segments are read in chunks until a page is
 * full; step lookups by a list of ids are one `= ANY($n)` query per round.
 */
import type pg from 'pg';
import type { AttemptRow, DraftSource, EventPage, LatestOutputs, RunDetailRow, RunListFilter, RunReadPort, RunSummaryRow, StepPage, StepPosition, StepRow, StepStatusRow, WorkflowHead } from '../ports/run-reads';
import {
  EventPager,
  FIRST_STEP,
  LatestOutputsReader,
  PAGE_MAX_BYTES,
  SegmentCache,
  StepPager,
  toAttempt,
  toRunDetail,
  toRunSummary,
  toStep,
  toStepStatus,
  type RawAttempt,
  type RawRunDetail,
  type RawRunSummary,
  type RawStep,
} from '../run-read-rows';

const STEP_COLUMNS = `rowid AS rid, step_id AS "stepId", node_id AS "nodeId", status, attempts, input, output, error, started_at AS "startedAt", ended_at AS "endedAt"`;
const SUMMARY_COLUMNS = `r.id, r.workflow_id AS "workflowId", w.name AS "workflowName", r.version, r.version IS NULL AS draft, r.status, r.started_by AS "startedBy", r.trigger, r.created_at AS "createdAt", r.ended_at AS "endedAt", r.error`;
/** Steps read by the first query of a page (later queries read four times as many, up to the page's limit). */
const STEP_CHUNK = 32;
/** Log segments read per query while a page fills. */
const SEGMENT_CHUNK = 16;

export class PgRunReads implements RunReadPort {
  private readonly cache = new SegmentCache();

  constructor(readonly pool: pg.Pool) {}

  private async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async workflowHead(workflowId: string): Promise<WorkflowHead | null> {
    const [r] = await this.rows<WorkflowHead>(`SELECT id, name, latest_version AS "latestVersion", deleted_at AS "deletedAt" FROM workflows WHERE id = $1`, [workflowId]);
    return r ?? null;
  }

  async draftSource(workflowId: string): Promise<DraftSource | null> {
    const [r] = await this.rows<DraftSource>(`SELECT name, draft, draft_revision AS revision FROM workflows WHERE id = $1 AND deleted_at IS NULL`, [workflowId]);
    return r ?? null;
  }

  async runExists(runId: string): Promise<boolean> {
    return (await this.rows(`SELECT 1 AS x FROM runs WHERE id = $1`, [runId])).length > 0;
  }

  async createdAt(runId: string): Promise<number | null> {
    const [r] = await this.rows<{ t: number }>(`SELECT created_at AS t FROM runs WHERE id = $1`, [runId]);
    return r?.t ?? null;
  }

  async listRuns(filter: RunListFilter): Promise<RunSummaryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => (params.push(v), `$${params.length}`);
    if (filter.workflowId) where.push(`r.workflow_id = ${param(filter.workflowId)}`);
    if (filter.kind === 'published') where.push('r.version IS NOT NULL');
    if (filter.kind === 'test') where.push('r.version IS NULL');
    if (filter.status) where.push(`r.status = ${param(filter.status)}`);
    if (filter.before) where.push(`r.created_at < ${param(filter.before)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM runs r JOIN workflows w ON w.id = r.workflow_id ${clause} ORDER BY r.created_at DESC, r.id DESC LIMIT ${param(filter.limit)}`;
    return (await this.rows<RawRunSummary>(sql, params)).map(toRunSummary);
  }

  async runDetail(runId: string): Promise<RunDetailRow | null> {
    const [r] = await this.rows<RawRunDetail>(
      `SELECT ${SUMMARY_COLUMNS}, r.input, r.output, (r.state::jsonb)->>'seq' AS "lastSeq", ((r.state::jsonb)->'activations')::text AS activations
         FROM runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.id = $1`,
      [runId],
    );
    return r ? toRunDetail(r) : null;
  }

  async stepsPage(runId: string, after: StepPosition | null, limit: number, maxBytes = PAGE_MAX_BYTES): Promise<StepPage> {
    let pos = after ?? FIRST_STEP;
    const pager = new StepPager(limit, maxBytes);
    // `limit + 1` rows at most, read in chunks so a page that its byte budget ends early
    // does not fetch hundreds of large rows it will not return.
    for (let wanted = limit + 1, chunk = Math.min(wanted, STEP_CHUNK); wanted > 0; chunk = Math.min(wanted, chunk * 4)) {
      const rows = await this.rows<RawStep>(
        `SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = $1 AND (started_at, rowid) > ($2::bigint, $3::bigint) ORDER BY started_at, rowid LIMIT $4`,
        [runId, pos.startedAt, pos.rowId, chunk],
      );
      for (const r of rows) if (!pager.add(r)) return pager.page();
      if (rows.length < chunk) break;
      wanted -= rows.length;
      const last = rows[rows.length - 1];
      pos = { startedAt: last.startedAt, rowId: last.rid };
    }
    return pager.page();
  }

  async step(runId: string, stepId: string): Promise<StepRow | null> {
    const [r] = await this.rows<RawStep>(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = $1 AND step_id = $2`, [runId, stepId]);
    return r ? toStep(r) : null;
  }

  async stepStatuses(runId: string, stepIds: readonly string[]): Promise<Map<string, StepStatusRow>> {
    const out = new Map<string, StepStatusRow>();
    if (!stepIds.length) return out;
    const rows = await this.rows<RawStep>(
      `SELECT step_id AS "stepId", node_id AS "nodeId", status, attempts, error, started_at AS "startedAt", ended_at AS "endedAt" FROM steps WHERE run_id = $1 AND step_id = ANY($2::text[])`,
      [runId, stepIds],
    );
    const byId = new Map(rows.map((r) => [r.stepId, r]));
    // In the order asked for, as the SQLite implementation returns them.
    for (const id of stepIds) {
      const r = byId.get(id);
      if (r) out.set(id, toStepStatus(r));
    }
    return out;
  }

  async attempts(runId: string, stepId: string): Promise<AttemptRow[]> {
    const rows = await this.rows<RawAttempt>(
      `SELECT attempt, status, input, output, error, logs, started_at AS "startedAt", ended_at AS "endedAt" FROM attempts WHERE run_id = $1 AND step_id = $2 ORDER BY attempt`,
      [runId, stepId],
    );
    return rows.map(toAttempt);
  }

  async eventsPage(runId: string, after: number, limit: number, maxBytes = PAGE_MAX_BYTES): Promise<EventPage> {
    const pager = new EventPager(this.cache, runId, after, limit, maxBytes);
    // The segment holding record `after + 1` starts at the greatest `seq <= after + 1`, then later segments in order.
    let rows = await this.rows<{ seq: number; data: string }>(
      `SELECT seq, data FROM run_events WHERE run_id = $1
          AND seq >= COALESCE((SELECT seq FROM run_events WHERE run_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1), 0)
        ORDER BY seq LIMIT $3`,
      [runId, after + 1, SEGMENT_CHUNK],
    );
    for (;;) {
      for (const row of rows) if (!pager.add(row.seq, row.data)) return pager.page();
      if (rows.length < SEGMENT_CHUNK) return pager.page();
      rows = await this.rows(`SELECT seq, data FROM run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [runId, rows[rows.length - 1].seq, SEGMENT_CHUNK]);
    }
  }

  async latestOutputs(runId: string, activations: Record<string, number>, maxBytes: number, lookBack = 4): Promise<LatestOutputs> {
    const reader = new LatestOutputsReader(activations, maxBytes, lookBack);
    for (let ids = reader.probe(); ids.length; ids = reader.probe()) {
      const rows = await this.rows<RawStep>(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = $1 AND step_id = ANY($2::text[])`, [runId, ids]);
      reader.take(new Map(rows.map((r) => [r.stepId, r])));
    }
    return reader.result();
  }
}
