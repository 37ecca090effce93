/**
 * The SQLite implementation of `RunReadPort` (see `../ports/run-reads.ts`): prepared
 * statements, read synchronously; pages are fed row by row to the shared pagers of
 * `../run-read-rows.ts`, so a page stops reading as soon as it is full.
 */
import type { DbHandle } from '@/server/db/open';
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
import { readBatch } from './read-batch';

const STEP_COLUMNS = `rowid AS rid, step_id AS stepId, node_id AS nodeId, status, attempts, input, output, error, started_at AS startedAt, ended_at AS endedAt`;
const SUMMARY_COLUMNS = `r.id, r.workflow_id AS workflowId, w.name AS workflowName, r.version, r.version IS NULL AS draft, r.status, r.started_by AS startedBy, r.trigger, r.created_at AS createdAt, r.ended_at AS endedAt, r.error`;

export class SqliteRunReads implements RunReadPort {
  private readonly s;
  private readonly cache = new SegmentCache();
  /** Prepared listing statements by their WHERE clause (a handful of filter combinations). */
  private readonly lists = new Map<string, ReturnType<DbHandle['sqlite']['prepare']>>();

  constructor(readonly h: Pick<DbHandle, 'sqlite'>) {
    const p = (sql: string) => h.sqlite.prepare(sql);
    this.s = {
      workflowHead: p(`SELECT id, name, latest_version AS latestVersion, deleted_at AS deletedAt FROM workflows WHERE id = ?`),
      draftSource: p(`SELECT name, draft, draft_revision AS revision FROM workflows WHERE id = ? AND deleted_at IS NULL`),
      runExists: p(`SELECT 1 AS x FROM runs WHERE id = ?`),
      createdAt: p(`SELECT created_at AS t FROM runs WHERE id = ?`),
      runDetail: p(`SELECT ${SUMMARY_COLUMNS}, r.input, r.output, json_extract(r.state, '$.seq') AS lastSeq, json_extract(r.state, '$.activations') AS activations
                    FROM runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.id = ?`),
      // Uses steps_run_started_idx: (run_id, started_at) plus the implicit rowid, no sort.
      stepsAfter: p(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = @runId AND (started_at, rowid) > (@startedAt, @rowId) ORDER BY started_at, rowid LIMIT @limit`),
      step: p(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = ? AND step_id = ?`),
      stepStatus: p(`SELECT step_id AS stepId, node_id AS nodeId, status, attempts, error, started_at AS startedAt, ended_at AS endedAt FROM steps WHERE run_id = ? AND step_id = ?`),
      attempts: p(`SELECT attempt, status, input, output, error, logs, started_at AS startedAt, ended_at AS endedAt FROM attempts WHERE run_id = ? AND step_id = ? ORDER BY attempt`),
      // The segment holding record `from` starts at the greatest `seq <= from` (primary key range), then later segments in order.
      segmentsFrom: p(`SELECT seq, data FROM run_events WHERE run_id = @runId
                         AND seq >= COALESCE((SELECT seq FROM run_events WHERE run_id = @runId AND seq <= @from ORDER BY seq DESC LIMIT 1), 0)
                       ORDER BY seq`),
    };
  }

  workflowHead(workflowId: string): Promise<WorkflowHead | null> {
    return readBatch(this.h.sqlite).read(() => (this.s.workflowHead.get(workflowId) as WorkflowHead | undefined) ?? null);
  }

  async draftSource(workflowId: string): Promise<DraftSource | null> {
    return (this.s.draftSource.get(workflowId) as DraftSource | undefined) ?? null;
  }

  async runExists(runId: string): Promise<boolean> {
    return this.s.runExists.get(runId) !== undefined;
  }

  async createdAt(runId: string): Promise<number | null> {
    return (this.s.createdAt.get(runId) as { t: number } | undefined)?.t ?? null;
  }

  async listRuns(filter: RunListFilter): Promise<RunSummaryRow[]> {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: filter.limit };
    if (filter.workflowId) (where.push('r.workflow_id = @workflowId'), (args.workflowId = filter.workflowId));
    if (filter.kind === 'published') where.push('r.version IS NOT NULL');
    if (filter.kind === 'test') where.push('r.version IS NULL');
    if (filter.status) (where.push('r.status = @status'), (args.status = filter.status));
    if (filter.before) (where.push('r.created_at < @before'), (args.before = filter.before));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    let stmt = this.lists.get(clause);
    if (!stmt) {
      stmt = this.h.sqlite.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs r JOIN workflows w ON w.id = r.workflow_id ${clause} ORDER BY r.created_at DESC, r.id DESC LIMIT @limit`);
      this.lists.set(clause, stmt);
    }
    return (stmt.all(args) as RawRunSummary[]).map(toRunSummary);
  }

  async runDetail(runId: string): Promise<RunDetailRow | null> {
    const r = this.s.runDetail.get(runId) as RawRunDetail | undefined;
    return r ? toRunDetail(r) : null;
  }

  async stepsPage(runId: string, after: StepPosition | null, limit: number, maxBytes = PAGE_MAX_BYTES): Promise<StepPage> {
    const pos = after ?? FIRST_STEP;
    const pager = new StepPager(limit, maxBytes);
    for (const r of this.s.stepsAfter.iterate({ runId, startedAt: pos.startedAt, rowId: pos.rowId, limit: limit + 1 }) as IterableIterator<RawStep>) {
      if (!pager.add(r)) break;
    }
    return pager.page();
  }

  async step(runId: string, stepId: string): Promise<StepRow | null> {
    const r = this.s.step.get(runId, stepId) as RawStep | undefined;
    return r ? toStep(r) : null;
  }

  async stepStatuses(runId: string, stepIds: readonly string[]): Promise<Map<string, StepStatusRow>> {
    const out = new Map<string, StepStatusRow>();
    for (const id of stepIds) {
      const r = this.s.stepStatus.get(runId, id) as RawStep | undefined;
      if (r) out.set(id, toStepStatus(r));
    }
    return out;
  }

  async attempts(runId: string, stepId: string): Promise<AttemptRow[]> {
    return (this.s.attempts.all(runId, stepId) as RawAttempt[]).map(toAttempt);
  }

  async eventsPage(runId: string, after: number, limit: number, maxBytes = PAGE_MAX_BYTES): Promise<EventPage> {
    const pager = new EventPager(this.cache, runId, after, limit, maxBytes);
    for (const row of this.s.segmentsFrom.iterate({ runId, from: after + 1 }) as IterableIterator<{ seq: number; data: string }>) {
      if (!pager.add(row.seq, row.data)) break;
    }
    return pager.page();
  }

  async latestOutputs(runId: string, activations: Record<string, number>, maxBytes: number, lookBack = 4): Promise<LatestOutputs> {
    return this.latestOutputsNow(runId, activations, maxBytes, lookBack);
  }

  /** {@link latestOutputs}, synchronously (the runner's scope cache reads it on its hot path). */
  latestOutputsNow(runId: string, activations: Record<string, number>, maxBytes: number, lookBack = 4): LatestOutputs {
    const reader = new LatestOutputsReader(activations, maxBytes, lookBack);
    for (let ids = reader.probe(); ids.length; ids = reader.probe()) {
      const rows = new Map<string, RawStep>();
      for (const id of ids) {
        const r = this.s.step.get(runId, id) as RawStep | undefined;
        if (r) rows.set(id, r);
      }
      reader.take(rows);
    }
    return reader.result();
  }
}
