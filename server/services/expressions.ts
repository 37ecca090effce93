/**
 * Expression help for the designer: the scope of a past run (for autocomplete of
 * `$input`, `$steps.<id>.output…`, `$vars`, `$run`) and a preview of an expression
 * evaluated against it, server-side, with the same guardrails as a run (1 s, depth
 * 500, see `lib/expressions`). Reads only; nothing is written.
 */
import 'server-only';
import type { Storage } from '../storage/port';
import type { RunReadPort } from '../storage/ports/run-reads';
import type { RunLookup } from './runs';
import { AppError } from '../errors';
import { evaluate, ExpressionError, type ExpressionScope } from '@/lib/expressions';

/** Largest preview value sent back, characters of JSON; longer results are cut (`truncated`). */
export const PREVIEW_MAX_CHARS = 20_000;

/**
 * Most JSON of step outputs a run's scope carries, characters (`BATON_SCOPE_MAX_BYTES`,
 * default 2 MiB). Outputs past it are left out of the scope and named in `omitted`.
 */
export const SCOPE_MAX_BYTES = (() => {
  const n = Number(process.env.BATON_SCOPE_MAX_BYTES);
  return Number.isInteger(n) && n > 0 ? n : 2 * 1024 * 1024;
})();

export interface RunScope {
  runId: string;
  status: string;
  createdAt: number;
  scope: ExpressionScope;
  /** Nodes whose latest output was left out of `scope.steps` (the scope's size limit). */
  omitted: string[];
}

export type PreviewResult =
  | { ok: true; runId: string; json: string; truncated: boolean }
  | { ok: false; runId: string | null; message: string; position: number | null };

export class ExpressionService {
  private readonly reads: RunReadPort;

  /** `storage`: its `runReads` port; `store`: the run store's `getRun` (a run's parsed state). */
  constructor(
    storage: Storage,
    private readonly store: RunLookup,
  ) {
    this.reads = storage.runReads;
  }

  /**
   * The expression scope of `runId`, or of the workflow's latest run; null when the
   * workflow has no run yet. Reads the latest finished step of each node by primary
   * key (from the run's activation counts), never the run's whole history, and at
   * most {@link SCOPE_MAX_BYTES} of outputs.
   * @throws AppError('not_found') for an unknown run, or a run of another workflow.
   */
  async scope(workflowId: string, runId?: string): Promise<RunScope | null> {
    const id = runId ?? (await this.reads.listRuns({ workflowId, limit: 1 }))[0]?.id;
    if (!id) return null;
    const run = await this.store.getRun(id);
    if (!run || run.workflowId !== workflowId) throw new AppError('not_found', `run "${id}" not found in this workflow`, [{ path: ['runId'], message: 'no such run' }]);
    const steps: ExpressionScope['steps'] = {};
    const latest = await this.reads.latestOutputs(id, run.state.activations, SCOPE_MAX_BYTES);
    // Completion order, as a run's own `$steps` is built.
    for (const [nodeId, s] of [...latest.steps].sort((a, b) => a[1].endedAt - b[1].endedAt)) steps[nodeId] = s.error === undefined ? { output: s.output } : { output: s.output, error: s.error };
    return {
      runId: id,
      status: run.status,
      createdAt: (await this.reads.createdAt(id)) ?? run.state.startedAt,
      omitted: latest.omitted,
      scope: {
        input: run.input,
        steps,
        vars: run.state.vars ?? {},
        run: { id, workflowId, version: run.version, startedAt: new Date(run.state.startedAt).toISOString() },
      },
    };
  }

  /**
   * Evaluates `expression` against a run's scope (see {@link scope}). Errors of the
   * expression (syntax, evaluation, timeout) are a result, not a throw.
   * @returns the value as JSON text (cut at {@link PREVIEW_MAX_CHARS}), or the error with its character position.
   */
  async preview(workflowId: string, expression: string, runId?: string): Promise<PreviewResult> {
    const s = await this.scope(workflowId, runId);
    if (!s) return { ok: false, runId: null, message: 'No run of this workflow yet: run it once to preview expressions against real data.', position: null };
    try {
      const value = await evaluate(expression, s.scope, 'preview');
      const json = JSON.stringify(value, null, 2) ?? 'null';
      const truncated = json.length > PREVIEW_MAX_CHARS;
      return { ok: true, runId: s.runId, json: truncated ? json.slice(0, PREVIEW_MAX_CHARS) : json, truncated };
    } catch (err) {
      if (err instanceof ExpressionError) return { ok: false, runId: s.runId, message: err.detail, position: err.position ?? null };
      throw err;
    }
  }
}
