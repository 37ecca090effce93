/**
 * Runs: start (a published version, or a test run of the draft: `draft-runs.ts`), list,
 * read with steps and attempts, the event log for live views, and cancel.
 */
import 'server-only';
import { recordAudit } from './audit';
import { and, asc, desc, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, DbHandle } from '../db/open';
import { attempts, runs, steps, workflows } from '../db/schema';
import { RunReads, type StepRow } from '../storage/run-reads';
import { decodeStepCursor, encodeStepCursor, pageLimit, EVENT_PAGE, STEP_PAGE } from './cursor';
import type { RunRow, RunStore } from '../storage/run-store';
import type { Runner } from '../runner/runner';
import { AppError } from '../errors';
import { canRetry, transition } from '@/lib/engine';
import type { Json, RunLogRecord, RunStatus } from '@/lib/engine/types';
import { fromJson } from '../storage/json';
import { newSortableId } from '@/lib/util/ids';
import { validateFormData } from '@/lib/forms/validate';
import type { FormField } from '@/lib/nodes/fields';
import { publishRun } from '../events/bus';
import { snapshotDraft } from './draft-runs';
import type { CommitGuard } from '../storage/ports/guards';
import type { LoadedVersion } from '../runner/definitions';
import type { WorkflowDocument } from '@/lib/workflow/document';

/** Largest accepted run input, bytes of JSON. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** A step of a run as the services return it (the stored row, JSON columns parsed). */
export type StepView = StepRow;

export interface RunSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  /** The published version the run executes; null for a test run of the draft. */
  version: number | null;
  /** True for a test run of the draft (it executes a snapshot of the draft, not a version). */
  draft: boolean;
  status: RunStatus;
  startedBy: string;
  trigger: string;
  createdAt: number;
  endedAt: number | null;
  error: Json;
}

export interface RunDetail extends RunSummary {
  input: Json;
  output: Json;
  lastSeq: number;
  /** Steps the run has activated so far (from its state; no count query). */
  stepCount: number;
  /** The first page of steps in activation order (see {@link RunService.steps}). */
  steps: StepView[];
  /** Cursor of the next page of steps; null when `steps` holds them all. */
  nextCursor: string | null;
}

/** A page of a run's steps in activation order. */
export interface StepPageView {
  steps: StepView[];
  /** Pass as `cursor` to read the next page; null after the last step. */
  nextCursor: string | null;
}

/** A page of a run's log records. */
export interface EventPageView {
  events: RunLogRecord[];
  /** `seq` to pass as `after` for the next page; null when no later record exists yet. */
  nextAfter: number | null;
}

/** A node's latest step, for the canvas overlay of a run of any size. */
export interface NodeStepView {
  nodeId: string;
  /** Times the node was activated; its latest step is `<nodeId>#<activations>`. */
  activations: number;
  stepId: string;
  status: string;
  attempts: number;
  error: Json;
  startedAt: number;
  endedAt: number | null;
}

/** Most nodes {@link RunService.nodes} reports (a workflow document holds far fewer). */
export const MAX_OVERLAY_NODES = 2000;

/** Columns every run listing shows. */
const SUMMARY_COLUMNS = {
  id: runs.id,
  workflowId: runs.workflowId,
  workflowName: workflows.name,
  version: runs.version,
  draft: sql<boolean>`${runs.version} IS NULL`.mapWith((v) => v === 1 || v === true),
  status: runs.status,
  startedBy: runs.startedBy,
  trigger: runs.trigger,
  createdAt: runs.createdAt,
  endedAt: runs.endedAt,
};

/** Prepared once: a workflow row by id (the run-start hot path). */
function workflowByIdQuery(db: Db) {
  return db.select().from(workflows).where(eq(workflows.id, sql.placeholder('id'))).prepare();
}

export class RunService {
  private readonly workflowById: ReturnType<typeof workflowByIdQuery>;
  /** Bounded reads of run histories (pages, latest steps). */
  readonly reads: RunReads;

  constructor(
    private readonly h: DbHandle,
    private readonly store: RunStore,
    private readonly runner: Runner,
    private readonly clock: () => number,
  ) {
    this.workflowById = workflowByIdQuery(h.db);
    this.reads = new RunReads(h.sqlite);
  }

  /**
   * Starts a run of a published version (the latest unless `version` is given), or with
   * `draft` a test run of the saved draft: a snapshot of it is stored with the run and the
   * run's `version` is null (no version is created). The caller checks the permission
   * (`run.start`, or for a test run also `workflow.edit`: {@link TEST_RUN_PERMISSIONS}).
   * The input is checked against the trigger's input fields.
   * `inCommit(runId)` runs inside the transaction that inserts the run and may throw to refuse
   * the start (the scheduler claims its fire time there, so a fire and its run commit together;
   * a webhook records its Idempotency-Key and signature receipts with the new run's id).
   * `guards(runId)` does the same as data (`storage/ports/guards.ts`), for both databases.
   * @throws AppError: not_found (workflow, version), conflict (never published), invalid (input; a draft's blocking problems, naming the node); whatever `inCommit` throws.
   */
  async start(opts: { workflowId: string; version?: number; draft?: boolean; input: unknown; startedBy: string; trigger?: string; inCommit?: (runId: string) => void; guards?: (runId: string) => CommitGuard[] }): Promise<{ runId: string; version: number | null }> {
    const w = this.workflowById.get({ id: opts.workflowId });
    if (!w || w.deletedAt) throw new AppError('not_found', `workflow "${opts.workflowId}" not found`, [{ path: ['workflowId'], message: 'no such workflow' }]);
    if (opts.draft && opts.version !== undefined) throw new AppError('invalid', 'a test run of the draft takes no version', [{ path: ['version'], message: 'not allowed with draft: true' }]);
    const version = opts.draft ? null : (opts.version ?? w.latestVersion);
    if (version !== null && version < 1) throw new AppError('conflict', `workflow "${w.name}" has no published version yet: publish it first, or start a test run of the draft`);
    const input = opts.input ?? {};
    if (typeof input !== 'object' || Array.isArray(input) || input === null)
      throw new AppError('invalid', 'input must be a JSON object', [{ path: ['input'], message: 'must be an object' }]);
    if (JSON.stringify(input).length > MAX_INPUT_BYTES)
      throw new AppError('invalid', `input is larger than ${MAX_INPUT_BYTES} bytes`, [{ path: ['input'], message: 'too large' }]);
    let loaded: LoadedVersion;
    let draft: { revision: number; document: string } | undefined;
    if (version === null) {
      const snap = snapshotDraft(this.h.db, opts.workflowId);
      loaded = snap.loaded;
      draft = { revision: snap.revision, document: snap.document };
    } else {
      try {
        loaded = await this.runner.definitions.get(opts.workflowId, version);
      } catch {
        throw new AppError('not_found', `workflow "${w.name}" has no version ${version}`, [{ path: ['version'], message: 'no such version' }]);
      }
    }
    const trigger = loaded.doc.nodes.find((n) => n.id === loaded.compiled.triggerId);
    const fields = ((loaded.configs.get(trigger?.id ?? '') as { inputFields?: FormField[] } | undefined)?.inputFields ?? []) as FormField[];
    const { errors, value } = validateFormData(fields, input);
    if (errors.length) throw new AppError('invalid', `input is not valid: ${errors[0].message}`, errors.map((e) => ({ path: ['input', e.field], message: e.message })));
    const runId = newSortableId('run');
    await this.runner.startRun(
      { id: runId, workflowId: opts.workflowId, version, draft, input: value as Json, startedBy: opts.startedBy, trigger: opts.trigger ?? 'manual' },
      loaded,
      { check: opts.inCommit && (() => opts.inCommit!(runId)), guards: opts.guards?.(runId) },
    );
    recordAudit(this.h.sqlite, { actor: opts.startedBy, action: 'run.start', targetType: 'run', targetId: runId, details: { workflowId: opts.workflowId, version, ...(draft ? { draft: true, draftRevision: draft.revision } : {}), trigger: opts.trigger ?? 'manual' }, at: this.clock() });
    return { runId, version };
  }

  /**
   * The document a run executes: its published version, or for a test run the draft
   * snapshot stored with it (unchanged by later edits of the draft).
   * @throws AppError('not_found')
   */
  async document(runId: string): Promise<WorkflowDocument> {
    const run = this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    return (await this.runner.definitions.forRun(run)).doc;
  }

  /** Runs, newest first. `before` (epoch ms) pages backwards; `kind` keeps runs of published versions or test runs of drafts. */
  list(filter: { workflowId?: string; status?: RunStatus; kind?: 'published' | 'test'; before?: number; limit?: number } = {}): RunSummary[] {
    const where: SQL[] = [];
    if (filter.workflowId) where.push(eq(runs.workflowId, filter.workflowId));
    if (filter.kind === 'published') where.push(isNotNull(runs.version));
    if (filter.kind === 'test') where.push(isNull(runs.version));
    if (filter.status) where.push(eq(runs.status, filter.status));
    if (filter.before) where.push(lt(runs.createdAt, filter.before));
    const rows = this.h.db
      .select({ ...SUMMARY_COLUMNS, error: runs.error })
      .from(runs)
      .innerJoin(workflows, eq(workflows.id, runs.workflowId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(runs.createdAt))
      .limit(Math.min(Math.max(filter.limit ?? 100, 1), 500))
      .all();
    return rows.map((r) => ({ ...r, status: r.status as RunStatus, error: fromJson<Json>(r.error) }));
  }

  /**
   * A run with the first page of its steps (activation order, at most `limit`,
   * default {@link STEP_PAGE}) and the cursor of the next page; the read is bounded
   * whatever the run's size.
   * @throws AppError('not_found'), AppError('bad_request') for a bad `limit`.
   */
  get(runId: string, opts: { limit?: number } = {}): RunDetail {
    const limit = pageLimit(opts.limit, STEP_PAGE);
    const r = this.h.db
      .select({
        ...SUMMARY_COLUMNS,
        input: runs.input,
        output: runs.output,
        error: runs.error,
        lastSeq: sql<number>`json_extract(${runs.state}, '$.seq')`,
        activations: sql<string>`json_extract(${runs.state}, '$.activations')`,
      })
      .from(runs)
      .innerJoin(workflows, eq(workflows.id, runs.workflowId))
      .where(eq(runs.id, runId))
      .get();
    if (!r) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = this.reads.stepsPage(runId, null, limit);
    const { activations, ...row } = r;
    const counts = Object.values(fromJson<Record<string, number>>(activations) ?? {});
    return {
      ...row,
      status: r.status as RunStatus,
      input: fromJson<Json>(r.input),
      output: fromJson<Json>(r.output),
      error: fromJson<Json>(r.error),
      stepCount: counts.reduce((a, n) => a + n, 0),
      steps: page.steps.map(stepView),
      nextCursor: page.next ? encodeStepCursor(page.next) : null,
    };
  }

  /**
   * A page of a run's steps in activation order after `cursor` (absent: from the
   * first), at most `limit` (default 100, most 500) and about `BATON_PAGE_MAX_BYTES` of JSON.
   * Following `nextCursor` until it is null returns every step exactly once.
   * @throws AppError: not_found (run), bad_request (cursor, limit).
   */
  steps(runId: string, opts: { cursor?: string; limit?: number } = {}): StepPageView {
    const limit = pageLimit(opts.limit, STEP_PAGE);
    const after = opts.cursor ? decodeStepCursor(opts.cursor) : null;
    if (!this.store.runExists(runId)) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = this.reads.stepsPage(runId, after, limit);
    return { steps: page.steps.map(stepView), nextCursor: page.next ? encodeStepCursor(page.next) : null };
  }

  /**
   * The latest step of every node the run has activated (status, attempts, timing,
   * error; no input or output), read by primary key from the run's activation counts:
   * what the canvas overlay needs, at a cost bounded by the number of nodes.
   * @throws AppError('not_found')
   */
  nodes(runId: string): { lastSeq: number; status: RunStatus; live: string[]; nodes: NodeStepView[] } {
    const run = this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const counts = Object.entries(run.state.activations).slice(0, MAX_OVERLAY_NODES);
    const rows = this.reads.stepStatuses(runId, counts.map(([id, n]) => `${id}#${n}`));
    const nodes: NodeStepView[] = [];
    for (const [nodeId, n] of counts) {
      const s = rows.get(`${nodeId}#${n}`);
      if (s) nodes.push({ nodeId, activations: n, stepId: s.stepId, status: s.status, attempts: s.attempts, error: s.error, startedAt: s.startedAt, endedAt: s.endedAt });
    }
    return { lastSeq: run.state.seq, status: run.status as RunStatus, live: Object.keys(run.state.live), nodes };
  }

  /**
   * Every attempt of a step, oldest first, with input, output, error, logs and timing
   * (epoch ms). A step that succeeded inline on its first attempt has no attempt row:
   * its step row describes that attempt.
   */
  attempts(runId: string, stepId: string) {
    const rows = this.h.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.runId, runId), eq(attempts.stepId, stepId)))
      .orderBy(asc(attempts.attempt))
      .all()
      .map((a) => ({
        attempt: a.attempt,
        status: a.status,
        input: fromJson<Json>(a.input),
        output: fromJson<Json>(a.output),
        error: fromJson<Json>(a.error),
        logs: fromJson<string[]>(a.logs) ?? [],
        startedAt: a.startedAt,
        endedAt: a.endedAt,
      }));
    if (rows.length) return rows;
    const s = this.h.db.select().from(steps).where(and(eq(steps.runId, runId), eq(steps.stepId, stepId))).get();
    if (!s || s.status !== 'succeeded' || s.attempts < 1) return rows;
    return [{ attempt: 1, status: 'succeeded', input: fromJson<Json>(s.input), output: fromJson<Json>(s.output), error: null, logs: [] as string[], startedAt: s.startedAt, endedAt: s.endedAt ?? s.startedAt }];
  }

  /** Log records after `afterSeq`, at most `limit` (one bounded page; see {@link eventsPage}). @throws AppError('not_found') */
  events(runId: string, afterSeq: number, limit: number = EVENT_PAGE.max): RunLogRecord[] {
    return this.eventsPage(runId, { after: afterSeq, limit: Math.min(Math.max(1, limit), EVENT_PAGE.max) }).events;
  }

  /**
   * A page of the run's log records with `seq > after`, at most `limit` (default 500,
   * most 1000) and about `BATON_PAGE_MAX_BYTES` of JSON (at least one record).
   * @throws AppError: not_found (run), bad_request (after, limit).
   */
  eventsPage(runId: string, opts: { after?: number; limit?: number } = {}): EventPageView {
    const limit = pageLimit(opts.limit, EVENT_PAGE);
    const after = opts.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0) throw new AppError('bad_request', 'after must be a sequence number (an integer ≥ 0)', [{ path: ['after'], message: 'must be an integer ≥ 0' }]);
    if (!this.store.runExists(runId)) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = this.reads.eventsPage(runId, after, limit);
    return { events: page.events, nextAfter: page.more ? page.events[page.events.length - 1].seq : null };
  }

  /**
   * Restarts a failed run from its failed step(s), on its own version or on a newer
   * published `version` (nodes matched by id). Succeeded steps keep their outputs.
   * @throws AppError: not_found (run, version), conflict (not failed, or nothing to retry from: the reason says which).
   */
  async retry(runId: string, by: string, version?: number): Promise<{ version: number | null }> {
    const run = this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    if (run.version === null) return this.retryTestRun(run, by, version);
    const target = version ?? run.version;
    if (target < run.version) throw new AppError('invalid', `cannot retry on version ${target}: the run is on version ${run.version}`, [{ path: ['version'], message: 'older than the run' }]);
    let loaded;
    try {
      loaded = await this.runner.definitions.get(run.workflowId, target);
    } catch {
      throw new AppError('not_found', `workflow has no version ${target}`, [{ path: ['version'], message: 'no such version' }]);
    }
    const check = canRetry(loaded.compiled, run.state);
    if (!check.ok) throw new AppError('conflict', check.reason);
    const applied = await this.runner.applyEvent(
      runId,
      { type: 'run.retry', by, at: this.clock(), fromVersion: run.version, toVersion: target },
      { version: target === run.version ? undefined : target },
    );
    if (!applied) throw new AppError('conflict', `run "${runId}" could not be retried (it is ${this.store.getRun(runId)?.status})`);
    recordAudit(this.h.sqlite, { actor: by, action: 'run.retry', targetType: 'run', targetId: runId, details: { fromVersion: run.version, toVersion: target }, at: this.clock() });
    return { version: target };
  }

  /**
   * Retries a failed test run on its own draft snapshot (a test run never moves to a version).
   * @throws AppError: invalid (a version was asked for), conflict (not retryable).
   */
  private async retryTestRun(run: RunRow, by: string, version?: number): Promise<{ version: null }> {
    if (version !== undefined) throw new AppError('invalid', 'a test run of the draft is retried on its own snapshot; it takes no version', [{ path: ['version'], message: 'not allowed for a test run' }]);
    const check = canRetry((await this.runner.definitions.forRun(run)).compiled, run.state);
    if (!check.ok) throw new AppError('conflict', check.reason);
    const applied = await this.runner.applyEvent(run.id, { type: 'run.retry', by, at: this.clock() });
    if (!applied) throw new AppError('conflict', `run "${run.id}" could not be retried (it is ${this.store.getRun(run.id)?.status})`);
    recordAudit(this.h.sqlite, { actor: by, action: 'run.retry', targetType: 'run', targetId: run.id, details: { draft: true }, at: this.clock() });
    return { version: null };
  }

  /**
   * Cancels a run: no new steps, open tasks closed, running executors aborted; who and why recorded.
   * @throws AppError('not_found' | 'conflict' when the run already ended)
   */
  cancel(runId: string, by: string, reason: string): void {
    let log: RunLogRecord[] = [];
    let cancelled: string[] = [];
    let status = 'cancelled';
    this.store.transaction(() => {
      const run = this.store.getRun(runId);
      if (!run) throw new AppError('not_found', `run "${runId}" not found`);
      const def = this.runner.definitions.forRunSync(run).compiled;
      const t = transition(def, run.state, { type: 'run.cancel', by, reason: reason || 'cancelled', at: this.clock() });
      if (!t.log.length) throw new AppError('conflict', `run "${runId}" has already ended (${run.status})`);
      this.store.commitInside(run.id, run.workflowId, run.stateVersion, { state: t.state, log: t.log, effects: t.effects, at: this.clock() });
      recordAudit(this.h.sqlite, { actor: by, action: 'run.cancel', targetType: 'run', targetId: runId, details: { reason: reason || 'cancelled' }, at: this.clock() });
      log = t.log;
      status = t.state.status;
      cancelled = t.effects.flatMap((e) => (e.type === 'cancelJobs' ? e.stepIds : []));
    });
    this.runner.abortSteps(runId, cancelled);
    this.runner.afterCommit(runId, log);
    publishRun(runId, log[log.length - 1].seq, true, status);
  }
}

function stepView(s: StepRow): StepView {
  return { stepId: s.stepId, nodeId: s.nodeId, status: s.status, attempts: s.attempts, input: s.input, output: s.output, error: s.error, startedAt: s.startedAt, endedAt: s.endedAt };
}
