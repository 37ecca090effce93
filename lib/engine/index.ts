/**
 * Public API of the pure workflow engine. See `types.ts` for the state, event,
 * effect and log shapes, and `transition.ts` for the semantics.
 */
export { compile } from './compile';
export { startRun, transition, DEFAULT_OUT_PORT } from './transition';
export { isTerminal, MAX_TOKEN_MOVES_PER_TRANSITION } from './draft';
export { nodeName } from './describe';
export { WorkflowDefinitionError, ENGINE_ERROR_CODES } from './errors';
export type { EngineErrorCode, WorkflowDefinitionErrorCode } from './errors';
export type * from './types';
