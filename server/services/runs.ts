/**
 * Runs: start (a published version, or a test run of the draft: `draft-runs.ts`), list,
 * read with steps and attempts, the event log for live views, and cancel.
 */
import 'server-only';
import { decodeStepCursor, encodeStepCursor, pageLimit, EVENT_PAGE, STEP_PAGE } from './cursor';
import type { Runner } from '../runner/runner';
import { AppError } from '../errors';
import { canRetry } from '@/lib/engine';
import type { Json, RunLogRecord, RunStatus } from '@/lib/engine/types';
import { newSortableId } from '@/lib/util/ids';
import { validateFormData } from '@/lib/forms/validate';
import type { FormField } from '@/lib/nodes/fields';
import { snapshotDraft } from './draft-runs';
import type { Storage } from '../storage/port';
import type { AuditInput } from '../storage/ports/audit';
import type { AuditGuard, CommitGuard } from '../storage/ports/guards';
import type { AttemptRow, RunReadPort, RunSummaryRow, StepRow } from '../storage/ports/run-reads';
import type { RunRow } from '../storage/ports/run-store';
import type { LoadedVersion } from '../runner/definitions';
import type { WorkflowDocument } from '@/lib/workflow/document';

/** Largest accepted run input, bytes of JSON. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** A step of a run as the services return it (the stored row, JSON columns parsed). */
export type StepView = StepRow;

/** A run as every run listing shows it. */
export type RunSummary = RunSummaryRow;

/** What the runs service reads of the run store: a run's state (`Storage.runs` once it carries `getRun`). */
export interface RunLookup {
  /** The run with its parsed state, or null. */
  getRun(runId: string): RunRow | null | Promise<RunRow | null>;
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

export class RunService {
  private readonly reads: RunReadPort;

  /**
   * `storage`: its `runReads` port serves every read; `store`: the run store's `getRun`
   * (a run's parsed state); `runner` applies transitions; `clock`: epoch ms.
   */
  constructor(
    storage: Storage,
    private readonly store: RunLookup,
    private readonly runner: Runner,
    private readonly clock: () => number,
  ) {
    this.reads = storage.runReads;
  }

  /**
   * Starts a run of a published version (the latest unless `version` is given), or with
   * `draft` a test run of the saved draft: a snapshot of it is stored with the run and the
   * run's `version` is null (no version is created). The caller checks the permission
   * (`run.start`, or for a test run also `workflow.edit`: {@link TEST_RUN_PERMISSIONS}).
   * The input is checked against the trigger's input fields.
   * `guards(runId)` commit with the run's insert and may refuse the start (the scheduler claims
   * its fire time, a webhook records its Idempotency-Key and signature receipts with the new
   * run's id; `storage/ports/guards.ts`); the `run.start` audit entry commits with it too.
   * @throws AppError: not_found (workflow, version), conflict (never published), invalid (input; a draft's blocking problems, naming the node); whatever a guard throws.
   */
  async start(opts: { workflowId: string; version?: number; draft?: boolean; input: unknown; startedBy: string; trigger?: string; guards?: (runId: string) => CommitGuard[] }): Promise<{ runId: string; version: number | null }> {
    const w = await this.reads.workflowHead(opts.workflowId);
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
      const snap = await snapshotDraft(this.reads, opts.workflowId);
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
    const audit = auditGuard({ actor: opts.startedBy, action: 'run.start', targetType: 'run', targetId: runId, details: { workflowId: opts.workflowId, version, ...(draft ? { draft: true, draftRevision: draft.revision } : {}), trigger: opts.trigger ?? 'manual' }, at: this.clock() });
    await this.runner.startRun(
      { id: runId, workflowId: opts.workflowId, version, draft, input: value as Json, startedBy: opts.startedBy, trigger: opts.trigger ?? 'manual' },
      loaded,
      { guards: [...(opts.guards?.(runId) ?? []), audit] },
    );
    return { runId, version };
  }

  /**
   * The document a run executes: its published version, or for a test run the draft
   * snapshot stored with it (unchanged by later edits of the draft).
   * @throws AppError('not_found')
   */
  async document(runId: string): Promise<WorkflowDocument> {
    const run = await this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    return (await this.runner.definitions.forRun(run)).doc;
  }

  /** True when the run exists. */
  exists(runId: string): Promise<boolean> {
    return this.reads.runExists(runId);
  }

  /** Runs, newest first. `before` (epoch ms) pages backwards; `kind` keeps runs of published versions or test runs of drafts. */
  async list(filter: { workflowId?: string; status?: RunStatus; kind?: 'published' | 'test'; before?: number; limit?: number } = {}): Promise<RunSummary[]> {
    return this.reads.listRuns({ ...filter, limit: Math.min(Math.max(filter.limit ?? 100, 1), 500) });
  }

  /**
   * A run with the first page of its steps (activation order, at most `limit`,
   * default {@link STEP_PAGE}) and the cursor of the next page; the read is bounded
   * whatever the run's size.
   * @throws AppError('not_found'), AppError('bad_request') for a bad `limit`.
   */
  async get(runId: string, opts: { limit?: number } = {}): Promise<RunDetail> {
    const limit = pageLimit(opts.limit, STEP_PAGE);
    const r = await this.reads.runDetail(runId);
    if (!r) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = await this.reads.stepsPage(runId, null, limit);
    const { activations, ...row } = r;
    return {
      ...row,
      stepCount: Object.values(activations).reduce((a, n) => a + n, 0),
      steps: page.steps.map(stepView),
      nextCursor: page.next ? encodeStepCursor(page.next) : null,
    };
  }

  /**
   * A run's status, output and error alone (one read; no steps page), e.g. for a webhook
   * answering with a run's result.
   * @throws AppError('not_found') when there is no such run.
   */
  async outcome(runId: string): Promise<Pick<RunDetail, 'status' | 'output' | 'error'>> {
    const r = await this.reads.runDetail(runId);
    if (!r) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    return { status: r.status, output: r.output, error: r.error };
  }

  /**
   * A page of a run's steps in activation order after `cursor` (absent: from the
   * first), at most `limit` (default 100, most 500) and about `BATON_PAGE_MAX_BYTES` of JSON.
   * Following `nextCursor` until it is null returns every step exactly once.
   * @throws AppError: not_found (run), bad_request (cursor, limit).
   */
  async steps(runId: string, opts: { cursor?: string; limit?: number } = {}): Promise<StepPageView> {
    const limit = pageLimit(opts.limit, STEP_PAGE);
    const after = opts.cursor ? decodeStepCursor(opts.cursor) : null;
    if (!(await this.reads.runExists(runId))) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = await this.reads.stepsPage(runId, after, limit);
    return { steps: page.steps.map(stepView), nextCursor: page.next ? encodeStepCursor(page.next) : null };
  }

  /**
   * The latest step of every node the run has activated (status, attempts, timing,
   * error; no input or output), read by primary key from the run's activation counts:
   * what the canvas overlay needs, at a cost bounded by the number of nodes.
   * @throws AppError('not_found')
   */
  async nodes(runId: string): Promise<{ lastSeq: number; status: RunStatus; live: string[]; nodes: NodeStepView[] }> {
    const run = await this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const counts = Object.entries(run.state.activations).slice(0, MAX_OVERLAY_NODES);
    const rows = await this.reads.stepStatuses(runId, counts.map(([id, n]) => `${id}#${n}`));
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
  async attempts(runId: string, stepId: string): Promise<AttemptRow[]> {
    const rows = await this.reads.attempts(runId, stepId);
    if (rows.length) return rows;
    const s = await this.reads.step(runId, stepId);
    if (!s || s.status !== 'succeeded' || s.attempts < 1) return rows;
    return [{ attempt: 1, status: 'succeeded', input: s.input, output: s.output, error: null, logs: [], startedAt: s.startedAt, endedAt: s.endedAt ?? s.startedAt }];
  }

  /** Log records after `afterSeq`, at most `limit` (one bounded page; see {@link eventsPage}). @throws AppError('not_found') */
  async events(runId: string, afterSeq: number, limit: number = EVENT_PAGE.max): Promise<RunLogRecord[]> {
    return (await this.eventsPage(runId, { after: afterSeq, limit: Math.min(Math.max(1, limit), EVENT_PAGE.max) })).events;
  }

  /**
   * A page of the run's log records with `seq > after`, at most `limit` (default 500,
   * most 1000) and about `BATON_PAGE_MAX_BYTES` of JSON (at least one record).
   * @throws AppError: not_found (run), bad_request (after, limit).
   */
  async eventsPage(runId: string, opts: { after?: number; limit?: number } = {}): Promise<EventPageView> {
    const limit = pageLimit(opts.limit, EVENT_PAGE);
    const after = opts.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0) throw new AppError('bad_request', 'after must be a sequence number (an integer ≥ 0)', [{ path: ['after'], message: 'must be an integer ≥ 0' }]);
    if (!(await this.reads.runExists(runId))) throw new AppError('not_found', `run "${runId}" not found`, [{ path: ['runId'], message: 'no such run' }]);
    const page = await this.reads.eventsPage(runId, after, limit);
    return { events: page.events, nextAfter: page.more ? page.events[page.events.length - 1].seq : null };
  }

  /**
   * Restarts a failed run from its failed step(s), on its own version or on a newer
   * published `version` (nodes matched by id). Succeeded steps keep their outputs.
   * @throws AppError: not_found (run, version), conflict (not failed, or nothing to retry from: the reason says which).
   */
  async retry(runId: string, by: string, version?: number): Promise<{ version: number | null }> {
    const run = await this.store.getRun(runId);
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
      {
        version: target === run.version ? undefined : target,
        guards: [auditGuard({ actor: by, action: 'run.retry', targetType: 'run', targetId: runId, details: { fromVersion: run.version, toVersion: target }, at: this.clock() })],
      },
    );
    if (!applied) throw new AppError('conflict', `run "${runId}" could not be retried (it is ${(await this.store.getRun(runId))?.status})`);
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
    const audit = auditGuard({ actor: by, action: 'run.retry', targetType: 'run', targetId: run.id, details: { draft: true }, at: this.clock() });
    const applied = await this.runner.applyEvent(run.id, { type: 'run.retry', by, at: this.clock() }, { guards: [audit] });
    if (!applied) throw new AppError('conflict', `run "${run.id}" could not be retried (it is ${(await this.store.getRun(run.id))?.status})`);
    return { version: null };
  }

  /**
   * Cancels a run: no new steps, open tasks closed, running executors aborted; who and why recorded.
   * @throws AppError('not_found' | 'conflict' when the run already ended)
   */
  async cancel(runId: string, by: string, reason: string): Promise<void> {
    const why = reason || 'cancelled';
    const run = await this.store.getRun(runId);
    if (!run) throw new AppError('not_found', `run "${runId}" not found`);
    // Applied by the runner: read, transition, guarded commit, retried on a stale state;
    // it aborts the cancelled steps' executors and signals live views after the commit.
    const audit = auditGuard({ actor: by, action: 'run.cancel', targetType: 'run', targetId: runId, details: { reason: why }, at: this.clock() });
    const applied = await this.runner.applyEvent(runId, { type: 'run.cancel', by, reason: why, at: this.clock() }, { guards: [audit] });
    if (!applied) throw new AppError('conflict', `run "${runId}" has already ended (${(await this.store.getRun(runId))?.status ?? run.status})`);
  }
}

/** One audit entry, committed with a run's transition. */
function auditGuard(entry: AuditInput): AuditGuard {
  return { type: 'audit', entries: [entry] };
}

function stepView(s: StepRow): StepView {
  return { stepId: s.stepId, nodeId: s.nodeId, status: s.status, attempts: s.attempts, input: s.input, output: s.output, error: s.error, startedAt: s.startedAt, endedAt: s.endedAt };
}
