/**
 * Named errors of the engine. A failure *inside a run* (a step fails, a gateway
 * finds no branch, a join is stuck) is never thrown: it is recorded as run state
 * (`RunState.error`, `run.failed` log record). Only a definition the engine cannot
 * run at all is thrown, by `compile()`, before any run starts.
 */

/**
 * Codes of run failures produced by the engine itself (as `EngineError.code`);
 * failures reported by executors carry their own codes.
 */
export const ENGINE_ERROR_CODES = {
  /** An exclusive gateway's chosen port (a branch or `default`) has no outgoing edge. */
  NO_BRANCH: 'NO_BRANCH',
  /** A token reached a parallel join without having passed a parallel split. */
  JOIN_WITHOUT_SPLIT: 'JOIN_WITHOUT_SPLIT',
  /** Nothing is left to run, yet a join still waits for branches of its split (they ended elsewhere). */
  JOIN_STUCK: 'JOIN_STUCK',
  /** An edge leads back into the trigger; a trigger only starts a run. */
  EDGE_INTO_TRIGGER: 'EDGE_INTO_TRIGGER',
  /** Tokens cycled through gateways without any step running (e.g. split → join → split). */
  IMMEDIATE_LOOP: 'IMMEDIATE_LOOP',
  /** A node was activated more than `settings.maxIterations` times (a loop that does not end). */
  MAX_ITERATIONS: 'MAX_ITERATIONS',
  /** The run exceeded `settings.runTimeoutMs`. */
  RUN_TIMEOUT: 'RUN_TIMEOUT',
  /** A compensation handler failed (after its retries); the run ends `failed`. */
  COMPENSATION_FAILED: 'COMPENSATION_FAILED',
  /** A sub-workflow's child run (or a for-each item's) did not succeed. */
  CHILD_FAILED: 'CHILD_FAILED',
  /** A for-each step's items were not an array. */
  NOT_AN_ARRAY: 'NOT_AN_ARRAY',
  /** A wait step's executor returned no valid due time. */
  BAD_TIMER: 'BAD_TIMER',
} as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[keyof typeof ENGINE_ERROR_CODES];

/** Why `compile()` rejected a definition. */
export type WorkflowDefinitionErrorCode = 'NO_TRIGGER' | 'MULTIPLE_TRIGGERS' | 'UNKNOWN_NODE_TYPE' | 'UNKNOWN_NODE' | 'RESERVED_ID' | 'INVALID_CONFIG';

/**
 * Thrown by `compile()` when a workflow cannot be run at all (no trigger, several
 * triggers, an unknown node type, an edge to a missing node, the id `__proto__`, an
 * invalid retry policy or a compensation handler that is not a task). A user error, not
 * retryable: the definition must be fixed. `validateWorkflow()` lists every problem
 * of a document; this error names the first blocking one.
 */
export class WorkflowDefinitionError extends Error {
  override readonly name = 'WorkflowDefinitionError';
  constructor(
    message: string,
    readonly code: WorkflowDefinitionErrorCode,
    readonly nodeId?: string,
  ) {
    super(message);
  }
}
