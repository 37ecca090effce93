/**
 * Public API of the pure workflow engine. See `types.ts` for the state, event,
 * effect and log shapes, and `transition.ts` for the semantics.
 */
export { startRun, transition, DEFAULT_OUT_PORT } from './transition';
export { isTerminal, isActive, MAX_TOKEN_MOVES_PER_TRANSITION, DEFAULT_MAX_ITERATIONS } from './draft';
export { canRetry, type RetryCheck } from './resume';
export { retryDelay } from './retry';
export { ERROR_PORT, COMPENSATION_PORT } from './ports';
export { RUN_TIMEOUT_TIMER, ESCALATE_PORT, REMIND_PORT, dueTimerId } from './timers';
export { mapChildRunId } from './children';
export { idempotencyKey } from './idempotency';
export { nodeName } from './describe';
export { WorkflowDefinitionError, ENGINE_ERROR_CODES } from './errors';
export type { EngineErrorCode, WorkflowDefinitionErrorCode } from './errors';
export type * from './types';
