/**
 * The PostgreSQL implementation of `RunStorePort` (see `../ports/run-store.ts`).
 *
 * Group commit: items arriving in one turn of the event loop (up to
 * {@link GROUP_COMMIT_MAX}; at most {@link FLUSHES_IN_FLIGHT} transactions at once, the
 * next group gathering meanwhile) share one transaction (`pgTransaction`). Plain write
 * sets of the runner are guarded together: one `UPDATE … FROM unnest(…)` applies every
 * transition whose run still has its expected `state_version` (the others are refused
 * with `StaleStateError`, having written nothing), and the accepted sets' rows are
 * written with one multi-row statement per table (`run-writes.ts`), their audit entries
 * and task decisions too (`group-guards.ts`): a group costs the same few round trips
 * whether it holds one write set or a thousand. Items with other commit guards
 * (schedule claims, webhook receipts) or task escalations, and a run's second write set
 * in a group, get a savepoint each (`pgSavepoint`), so one refused item does not undo
 * the others. Should a statement fail anyway (e.g. a task decided meanwhile), the
 * transaction is run again with every item under its own savepoint.
 *
 * Jobs are claimed with `FOR UPDATE SKIP LOCKED` (concurrent claimers get disjoint
 * jobs) and leased (`lease_owner`, `lease_until`): a crashed process's jobs are taken
 * over once their leases expire; live leases of other processes are never freed.
 */
import type pg from 'pg';
import type { RunLogRecord, RunState, Json } from '@/lib/engine/types';
import { fromJson } from '../json';
import { childDoneJob, endsRun, latestOutputOf, type FinishedStepRow, type OutboxRow } from '../run-rows';
import {
  GROUP_COMMIT_MAX,
  RunExistsError,
  StaleStateError,
  type InsertRunItem,
  type JobRow,
  type LatestOutput,
  type RunCommitItem,
  type RunRow,
  type RunStorePort,
  type TransitionItem,
} from '../ports/run-store';
import { applyGuardsPg } from './guards';
import { pgSavepoint, pgTransaction } from './tx';
import { hasEscalations, writePlanned } from './run-writes';
import { batchableGuards, decideGroupGuards, writeGroupGuards, type GuardWrites } from './group-guards';
import { insertRuns, updateRuns } from './run-rows-write';

/** Group-commit transactions in flight at once. */
const FLUSHES_IN_FLIGHT = 2;

interface Pending {
  item: RunCommitItem;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const JOB_COLUMNS = 'id, kind, payload, run_id AS "runId", step_id AS "stepId", node_id AS "nodeId", attempt, due_at AS "dueAt"';

export class PgRunStore implements RunStorePort {
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing = 0;

  constructor(readonly pool: pg.Pool) {}

  async getRun(runId: string): Promise<RunRow | null> {
    const r = await this.pool.query({
      name: 'runs_get',
      text: 'SELECT id, workflow_id AS "workflowId", version, status, state, state_version AS "stateVersion", input, parent_run_id AS "parentRunId", parent_step_id AS "parentStepId" FROM runs WHERE id = $1',
      values: [runId],
    });
    const row = r.rows[0] as (Omit<RunRow, 'state' | 'input'> & { state: string; input: string }) | undefined;
    if (!row) return null;
    return { ...row, state: JSON.parse(row.state) as RunState, input: fromJson<Json>(row.input) };
  }

  async runExists(runId: string): Promise<boolean> {
    return (await this.pool.query({ name: 'runs_exists', text: 'SELECT 1 FROM runs WHERE id = $1', values: [runId] })).rowCount === 1;
  }

  async parentRunId(runId: string): Promise<string | null> {
    const r = await this.pool.query('SELECT parent_run_id AS p FROM runs WHERE id = $1', [runId]);
    return (r.rows[0]?.p as string | null | undefined) ?? null;
  }

  async latestVersion(workflowId: string): Promise<number | null> {
    const r = await this.pool.query('SELECT latest_version AS v FROM workflows WHERE id = $1 AND deleted_at IS NULL', [workflowId]);
    const v = r.rows[0]?.v as number | undefined;
    return v && v > 0 ? v : null;
  }

  async versionDocument(workflowId: string, version: number): Promise<unknown> {
    const r = await this.pool.query('SELECT document FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [workflowId, version]);
    return r.rows[0] ? JSON.parse(r.rows[0].document as string) : null;
  }

  async draftDocument(runId: string): Promise<unknown> {
    const r = await this.pool.query('SELECT document FROM run_drafts WHERE run_id = $1', [runId]);
    return r.rows[0] ? JSON.parse(r.rows[0].document as string) : null;
  }

  async eventsAfter(runId: string, afterSeq: number, limit = 1000): Promise<RunLogRecord[]> {
    // Every segment holds at least one record: `limit` segments are enough.
    const r = await this.pool.query({ name: 'runs_events_after', text: 'SELECT data FROM run_events WHERE run_id = $1 AND last_seq > $2 ORDER BY seq LIMIT $3', values: [runId, afterSeq, limit] });
    const out: RunLogRecord[] = [];
    for (const row of r.rows as { data: string }[]) {
      for (const rec of JSON.parse(row.data) as RunLogRecord[]) {
        if (rec.seq <= afterSeq) continue;
        out.push(rec);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async latestOutputs(runId: string, activations: Record<string, number>): Promise<Map<string, LatestOutput>> {
    const out = new Map<string, LatestOutput>();
    const entries = Object.entries(activations).filter(([, n]) => n >= 1);
    if (!entries.length) return out;
    type Row = FinishedStepRow & { nodeId: string };
    const cols = 'node_id AS "nodeId", status, output, error, started_at AS "startedAt", ended_at AS "endedAt"';
    const latest = await this.pool.query<Row>(`SELECT ${cols} FROM steps WHERE run_id = $1 AND step_id = ANY($2::text[])`, [runId, entries.map(([node, n]) => `${node}#${n}`)]);
    for (const r of latest.rows) {
      const v = latestOutputOf(r);
      if (v) out.set(r.nodeId, v);
    }
    // A node whose latest step has not finished: its latest earlier step that has (steps of a node are inserted in activation order).
    const rest = entries.filter(([node, n]) => n > 1 && !out.has(node)).map(([node]) => node);
    if (rest.length) {
      const earlier = await this.pool.query<Row>(
        `SELECT DISTINCT ON (node_id) ${cols} FROM steps WHERE run_id = $1 AND node_id = ANY($2::text[]) AND (status = 'succeeded' OR (status = 'failed' AND ended_at IS NOT NULL))
         ORDER BY node_id, rowid DESC`,
        [runId, rest],
      );
      for (const r of earlier.rows) {
        const v = latestOutputOf(r);
        if (v) out.set(r.nodeId, v);
      }
    }
    return out;
  }

  commit(item: RunCommitItem): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= GROUP_COMMIT_MAX) this.flush();
      else this.schedule();
    });
  }

  async claimJobs(owner: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
    const r = await this.pool.query<JobRow>({
      name: 'runs_claim',
      text: `WITH c AS (SELECT id FROM jobs WHERE due_at <= $3 AND (lease_until IS NULL OR lease_until < $3) ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
             UPDATE jobs j SET lease_owner = $1, lease_until = $2 FROM c WHERE j.id = c.id RETURNING j.${JOB_COLUMNS.split(', ').join(', j.')}`,
      values: [owner, now + leaseMs, now, limit],
    });
    return r.rows.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  }

  async extendLease(jobId: number, owner: string, until: number): Promise<boolean> {
    return (await this.pool.query('UPDATE jobs SET lease_until = $1 WHERE id = $2 AND lease_owner = $3', [until, jobId, owner])).rowCount === 1;
  }

  deleteJob(jobId: number): Promise<void> {
    return this.commit({ type: 'deleteJob', jobId });
  }

  async nextDueAt(): Promise<number | null> {
    const r = await this.pool.query({ name: 'runs_next_due', text: 'SELECT MIN(CASE WHEN lease_until IS NULL OR lease_until < due_at THEN due_at ELSE lease_until END) AS t FROM jobs' });
    return (r.rows[0]?.t as number | null) ?? null;
  }

  /** Other processes' leases are theirs while they live: nothing is freed here (expired leases are claimed again). */
  async releaseForeignLeases(): Promise<number> {
    return 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.flushing >= FLUSHES_IN_FLIGHT || !this.pending.length) return;
    const batch = this.pending.splice(0, GROUP_COMMIT_MAX);
    this.flushing++;
    void this.commitGroup(batch).finally(() => {
      this.flushing--;
      if (this.pending.length) this.schedule();
    });
  }

  /** Commits one group; settles each item's promise after COMMIT (or with its own refusal). */
  private async commitGroup(batch: Pending[]): Promise<void> {
    const refused = new Map<number, unknown>();
    const attempt = (isolateAll: boolean) =>
      pgTransaction(this.pool, async (c) => {
        refused.clear(); // the body may run again (serialization failure, deadlock)
        await this.applyGroup(c, batch.map((p) => p.item), refused, isolateAll);
      });
    try {
      try {
        await attempt(false);
      } catch {
        await attempt(true);
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => (refused.has(i) ? p.reject(refused.get(i)) : p.resolve()));
  }

  private async applyGroup(c: pg.PoolClient, items: RunCommitItem[], refused: Map<number, unknown>, isolateAll: boolean): Promise<void> {
    const deletes: number[] = [];
    const plain: number[] = [];
    const isolated: number[] = [];
    const runIds = new Set<string>();
    items.forEach((item, i) => {
      if (item.type === 'deleteJob') return void deletes.push(item.jobId);
      const runId = item.type === 'insert' ? item.meta.id : item.runId;
      // Two write sets of one run in a group: the second is written after the first, alone.
      const alone = isolateAll || !batchableGuards(item.guards) || hasEscalations(item.writes.effects) || runIds.has(runId);
      runIds.add(runId);
      (alone ? isolated : plain).push(i);
    });
    if (deletes.length) await c.query({ name: 'runs_del_jobs', text: 'DELETE FROM jobs WHERE id = ANY($1::bigint[])', values: [deletes] });
    if (plain.length) await this.writeSets(c, plain.map((i) => [i, items[i] as InsertRunItem | TransitionItem]), refused, true);
    for (const i of isolated) {
      const item = items[i] as InsertRunItem | TransitionItem;
      try {
        await pgSavepoint(c, 'run_item', async () => {
          if (item.guards?.length) await applyGuardsPg(c, item.type === 'insert' ? item.meta.id : item.runId, item.guards);
          const mine = new Map<number, unknown>();
          await this.writeSets(c, [[i, item]], mine, false);
          if (mine.has(i)) throw mine.get(i);
        });
      } catch (err) {
        refused.set(i, err);
      }
    }
  }

  /**
   * Inserts the runs and applies the transitions of `sets` under their version guards,
   * then writes every accepted set's rows. A refused set (existing run id, stale
   * version, a task decision refused) is recorded in `refused` and writes nothing.
   * `withGuards`: the sets' guards (batchable ones, see `group-guards.ts`) are decided
   * here and written with the accepted sets; otherwise the caller applied them already.
   */
  private async writeSets(c: pg.PoolClient, all: [number, InsertRunItem | TransitionItem][], refused: Map<number, unknown>, withGuards: boolean): Promise<void> {
    const guarded = withGuards
      ? await decideGroupGuards(c, all.map(([i, s]) => [i, s.type === 'insert' ? s.meta.id : s.runId, s.guards]), refused)
      : new Map<number, GuardWrites>();
    const sets = all.filter(([i]) => !refused.has(i));
    const inserts = sets.filter((s): s is [number, InsertRunItem] => s[1].type === 'insert');
    const transitions = sets.filter((s): s is [number, TransitionItem] => s[1].type === 'transition');
    const inserted = await insertRuns(c, inserts.map(([, s]) => s));
    for (const [i, s] of inserts) if (!inserted.has(s.meta.id)) refused.set(i, new RunExistsError(s.meta.id));
    const updated = await updateRuns(c, transitions.map(([, s]) => s));
    for (const [i, s] of transitions) if (!updated.has(s.runId)) refused.set(i, new StaleStateError(s.runId, s.expectedVersion));
    const acceptedIdx = sets.filter(([i]) => !refused.has(i));
    const accepted = acceptedIdx.map(([, s]) => s);
    if (!accepted.length) return;
    if (guarded.size) await writeGroupGuards(c, acceptedIdx.flatMap(([i]) => guarded.get(i) ?? []));
    // Ended child runs hand their result to the parent (a `childDone` job), as durable as their end.
    const handOffs: OutboxRow[] = [];
    const lookUp: TransitionItem[] = [];
    for (const s of accepted) {
      if (!endsRun(s.writes.log)) continue;
      if (s.type === 'insert') pushJob(handOffs, childDoneJob(s.meta.id, s.writes, { parentRunId: s.meta.parentRunId ?? null, parentStepId: s.meta.parentStepId ?? null }));
      else if (s.writes.parent) pushJob(handOffs, childDoneJob(s.runId, s.writes, { parentRunId: s.writes.parent.runId, parentStepId: s.writes.parent.stepId }));
      else lookUp.push(s);
    }
    if (lookUp.length) {
      const r = await c.query<{ id: string; parentRunId: string | null; parentStepId: string | null }>(
        'SELECT id, parent_run_id AS "parentRunId", parent_step_id AS "parentStepId" FROM runs WHERE id = ANY($1::text[])',
        [lookUp.map((s) => s.runId)],
      );
      const byId = new Map(r.rows.map((x) => [x.id, x]));
      for (const s of lookUp) pushJob(handOffs, childDoneJob(s.runId, s.writes, byId.get(s.runId)));
    }
    await writePlanned(
      c,
      accepted.map((s) => (s.type === 'insert' ? { runId: s.meta.id, workflowId: s.meta.workflowId, writes: s.writes } : { runId: s.runId, workflowId: s.workflowId, writes: s.writes })),
      handOffs,
    );
  }
}

function pushJob(list: OutboxRow[], job: OutboxRow | null): void {
  if (job) list.push(job);
}
