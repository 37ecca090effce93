/**
 * The executor contract: the server-side work of a node type. An executor gets the
 * node's parsed config and a context, and resolves to a result or throws. It runs
 * outside any database transaction; the runner records what it returns.
 */
import type { ExpressionScope } from '../expressions';
import type { DueEscalation, Json } from '../engine/types';
import type { CandidateHistory } from './router/stats';
import type { FormField } from './fields';

export interface ExecutorContext {
  runId: string;
  stepId: string;
  nodeId: string;
  /** Node label for error messages. */
  label: string;
  attempt: number;
  /** Stable across re-executions of the same step after a crash: `<runId>:<stepId>`. */
  idempotencyKey: string;
  /**
   * Aborted when the attempt times out or the run is cancelled. Per-attempt
   * timeouts live here, executor-side, not in the engine: a node whose config has a
   * `timeoutMs` (HTTP does) bounds each attempt with it, and reports the timeout as a
   * retryable `StepError` (code `TIMEOUT`) so the node's retry policy applies. The
   * runner may honour a generic `config.timeoutMs` the same way for any node type.
   */
  signal: AbortSignal;
  /** Expression scope: `$input`, `$steps`, `$vars`, `$run`. */
  scope: ExpressionScope;
  /** Base URL of this Baton server, for relative URLs (e.g. `http://127.0.0.1:3000`); the outbound guard lets exactly its origin through. */
  baseUrl: string;
  /** Appends a line to the attempt's log. */
  log: (line: string) => void;
  /** The runner's clock (epoch ms), for due times; absent = `Date.now`. */
  now?: () => number;
  /**
   * Resolves a stored credential by id (`cred_…`) to its type and decrypted fields
   * (`lib/credentials/types.ts`). Every secret value revealed here is replaced by
   * `••••` in everything the attempt records (input, output, error, logs, events).
   * Rejects with a non-retryable `StepError` (`CREDENTIAL_NOT_FOUND`, `CREDENTIAL_KEY`)
   * when the credential is gone or cannot be decrypted. Absent where no store is wired.
   */
  credential?: (id: string) => Promise<{ type: string; data: Record<string, string> }>;
  /** What a router step reads (its candidates' recent outcomes) and draws with; absent where the runner wires no router store. */
  router?: RouterContext;
  /**
   * For a step working in rounds (an executor that returned `await`): the memory its last
   * round kept and the results of what that round waited for, by key. Absent on the first round.
   */
  round?: { memory: Json; results?: Record<string, Json> };
  /**
   * A published workflow's name, version and trigger input fields (`version` absent = the
   * latest); null when it does not exist or has no published version. Absent where no store is wired.
   */
  workflow?: (workflowId: string, version?: number) => Promise<{ name: string; version: number; inputFields: FormField[] } | null>;
  /** Prices of a model (USD per 1,000 tokens) as an admin set them in Settings; null when none is set. Absent where no store is wired. */
  modelPrice?: (model: string) => Promise<{ promptPer1k: number; completionPer1k: number } | null>;
}

/**
 * The runner's side of a router's choice (`lib/nodes/router`): the statistics come from
 * durable storage shared by every process, randomness from the runner (seedable in tests).
 */
export interface RouterContext {
  /**
   * Each candidate's history for this workflow and node: its last `window` finished
   * outcomes (newest first), how often it was chosen, its newest unfinished choice.
   */
  history(candidates: string[], window: number): Promise<Record<string, CandidateHistory>>;
  /** Uniform random number in [0, 1). */
  random(): number;
  /** True when the node's `port` has an edge in the run's workflow version. */
  connected(port: string): boolean;
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
  /**
   * Done: leave through `port` (default `out`), optionally setting run variables. `input` is what the attempt used (shown in the inspector).
   * `ports`: an inclusive gateway's chosen ports (→ `step.completed` `ports`).
   * `decision`: why a router chose `port` (→ `step.completed` `decision`, logged as `router.chose`).
   */
  | { output: Json; port?: string; ports?: string[]; vars?: Record<string, Json>; input?: Json; decision?: Json }
  /**
   * Park the step as a user task until a person decides. `due`: a due-date timer
   * (epoch ms), what happens then and the group to reassign the task to
   * (→ `step.parked` `dueAt`/`escalation`/`reassignTo`).
   */
  | { park: ParkedTask; input?: Json; due?: { at: number; escalation: DueEscalation; reassignTo?: string } };

/**
 * Results of the flow executors (wait, sub-workflow, for-each), which make a step
 * wait for something durable instead of finishing. The runner turns them into
 * engine events: `schedule` → `step.scheduled` (with a timer id it picks),
 * `child` → `step.child` (with a child run id, e.g. `<runId>.<stepId>`), `map` →
 * `step.map`.
 */
export type FlowResult =
  /** Wait until `dueAt` (epoch ms). */
  | { schedule: { dueAt: number }; input?: Json }
  /** Start a run of published workflow `workflowId` (`version` absent = latest) with `input`, and wait for it. */
  | { child: { workflowId: string; version?: number; input: Json }; input?: Json }
  /** Start one child run per item, `concurrency` at a time, and collect their outputs in item order. */
  | { map: { items: Json[]; workflowId: string; version?: number; concurrency: number }; input?: Json }
  /**
   * End one round of a step working in several (the AI agent): keep `memory` for the next
   * round, log `trace`, and wait for child runs and inbox tasks (each named by a `key`
   * unique in the round: letters, digits, `-` and `_`); the executor runs again when all
   * are in, at once when there are none. `input`/`output`: the round's attempt record.
   */
  | { await: AwaitRound; input?: Json; output?: Json };

/** What a round of a step working in several waits for (see {@link FlowResult}). */
export interface AwaitRound {
  memory: Json;
  trace?: Json;
  children?: { key: string; workflowId: string; version?: number; input: Json }[];
  tasks?: { key: string; task: ParkedTask }[];
}

/** An executor that may also return a {@link FlowResult}. */
export type FlowExecutor<C> = (config: C, ctx: ExecutorContext) => Promise<ExecutorResult | FlowResult>;

export type Executor<C> = (config: C, ctx: ExecutorContext) => Promise<ExecutorResult>;

/**
 * A step failure with meaning. `retryable` tells the retry policy whether another
 * attempt could succeed (network errors, timeouts, HTTP 429/5xx); `input` is what the
 * attempt used, for the inspector.
 */
export class StepError extends Error {
  constructor(
    message: string,
    /** `retryAfterMs`: the service asked to wait this long before retrying (HTTP `Retry-After`), ms. */
    readonly opts: { code?: string; retryable?: boolean; retryAfterMs?: number; input?: Json; details?: Json } = {},
  ) {
    super(message);
    this.name = 'StepError';
  }
}
