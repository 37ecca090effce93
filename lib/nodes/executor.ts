/**
 * The executor contract: the server-side work of a node type. An executor gets the
 * node's parsed config and a context, and resolves to a result or throws. It runs
 * outside any database transaction; the runner records what it returns.
 */
import type { ExpressionScope } from '../expressions';
import type { Json } from '../engine/types';

export interface ExecutorContext {
  runId: string;
  stepId: string;
  nodeId: string;
  /** Node label for error messages. */
  label: string;
  attempt: number;
  /** Stable across re-executions of the same step after a crash: `<runId>:<stepId>`. */
  idempotencyKey: string;
  /** Aborted when the attempt times out or the run is cancelled. */
  signal: AbortSignal;
  /** Expression scope: `$input`, `$steps`, `$vars`, `$run`. */
  scope: ExpressionScope;
  /** Base URL of this Baton server, for relative URLs (e.g. `http://127.0.0.1:3000`). */
  baseUrl: string;
  /** Appends a line to the attempt's log. */
  log: (line: string) => void;
}

/** The rendered user task that parks a step (see `userTask`). */
export interface ParkedTask {
  title: string;
  description: string;
  assignee: string;
  form: Json;
  outcomes: Json;
  context: Json;
}

export type ExecutorResult =
  /** Done: leave through `port` (default `out`), optionally setting run variables. `input` is what the attempt used (shown in the inspector). */
  | { output: Json; port?: string; vars?: Record<string, Json>; input?: Json }
  /** Park the step as a user task until a person decides. */
  | { park: ParkedTask; input?: Json };

export type Executor<C> = (config: C, ctx: ExecutorContext) => Promise<ExecutorResult>;

/**
 * A step failure with meaning. `retryable` tells the retry policy whether another
 * attempt could succeed (network errors, timeouts, HTTP 429/5xx); `input` is what the
 * attempt used, for the inspector.
 */
export class StepError extends Error {
  constructor(
    message: string,
    readonly opts: { code?: string; retryable?: boolean; input?: Json; details?: Json } = {},
  ) {
    super(message);
    this.name = 'StepError';
  }
}
