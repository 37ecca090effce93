/**
 * The compiled form of a workflow version that the engine walks (built by
 * `lib/workflow/compile.ts`): its nodes with their behaviour, retry policy and
 * compensation wiring, and the edges leaving each port.
 */

/**
 * How the engine treats a node. With its type's label, this is all the engine knows
 * about a node type (BPMN 2.0 terms: start event, task, gateways, user task, end event).
 * - `trigger`: the start event; completes at once with the run input as output.
 * - `task`: runs its executor; leaves through the port the executor names (default `out`),
 *   or through `error` after its final failure when that port has an edge. An executor
 *   may also make the step wait for a timer (wait), a child run (sub-workflow) or one
 *   child run per item (for-each).
 * - `exclusive`: an exclusive gateway; its executor picks exactly one port.
 * - `parallelSplit`: emits one token per outgoing edge, at once, with no executor.
 * - `parallelJoin`: waits until every branch of its split has arrived, then emits one token.
 * - `inclusive`: an inclusive gateway (BPMN 2.0 §10.6.3); its executor picks one or more
 *   ports, and one token per edge of those ports leaves, as one fork.
 * - `inclusiveJoin`: waits for exactly the branches its inclusive gateway activated.
 * - `userTask`: its executor renders the task; the step then waits for a person's decision,
 *   and leaves through the port named by the chosen outcome.
 * - `end`: runs its executor (output mapping); consumes the token; its output becomes the run output.
 */
export type NodeBehavior = 'trigger' | 'task' | 'exclusive' | 'inclusive' | 'parallelSplit' | 'parallelJoin' | 'inclusiveJoin' | 'userTask' | 'end';

/**
 * Retry policy of a task node (`config.retry`), like Step Functions' `Retry` and
 * Temporal's RetryPolicy. Only errors marked `retryable` are retried. The delay
 * before attempt n+1 is `min(maxIntervalMs, initialIntervalMs × backoffFactor^(n−1))`,
 * ± `jitter` × delay, at least the error's `retryAfterMs` (see `retryDelay`).
 */
export interface RetryPolicy {
  /** Attempts in total, including the first (≥ 1; 1 = no retry). */
  maxAttempts: number;
  /** Delay before the 2nd attempt, ms (≥ 0). */
  initialIntervalMs: number;
  /** Multiplier per further attempt (≥ 1). */
  backoffFactor: number;
  /** Upper bound of the computed delay, ms (≥ 0). */
  maxIntervalMs: number;
  /** Random spread as a fraction of the delay, 0..1 (0.2 = ±20 %). */
  jitter: number;
}

/** The compiled form of a workflow version that the engine walks. Built by `compile()`. */
export interface CompiledNode {
  id: string;
  type: string;
  /** The node type's display name (`Exclusive gateway`, `Switch`), for messages. */
  typeLabel: string;
  label: string;
  behavior: NodeBehavior;
  /** Retry policy from `config.retry` (task nodes only); absent = one attempt. */
  retry?: RetryPolicy;
  /** A task with an edge from its `error` port: a final failure leaves through it instead of failing the run. */
  hasErrorEdge?: true;
  /** Node id of the compensation handler (target of the task's `compensation` port edge). */
  compensation?: string;
  /** The `compensation` edge, logged as the handler step's activating edge. */
  compensationEdgeId?: string;
  /** Only reached through `compensation` edges: runs only while a run compensates, and its outgoing edges are not followed. */
  compensationHandler?: true;
  /** An end node with `config.compensate: true`: reaching it compensates the run (BPMN compensation end event). */
  compensateEnd?: true;
}
export interface CompiledEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}
export interface CompiledWorkflow {
  nodes: Record<string, CompiledNode>;
  /** Edges leaving `nodeId` through `port`: `outgoing[nodeId][port]`. */
  outgoing: Record<string, Record<string, CompiledEdge[]>>;
  /** The trigger node id. */
  triggerId: string;
  /** Most activations of any one node per run (`settings.maxIterations`); absent = `DEFAULT_MAX_ITERATIONS` (1000). */
  maxIterations?: number;
  /** Time limit of a whole run, ms (`settings.runTimeoutMs`); absent = none. */
  runTimeoutMs?: number;
}
