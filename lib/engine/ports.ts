/**
 * Ports the engine itself gives meaning to, whatever the node type. Node types list
 * them among their outputs (`lib/nodes/types.ts`); the compiler reads their edges.
 */

/** Port of a task taken after its final failure (BPMN boundary error event; Step Functions `Catch`). */
export const ERROR_PORT = 'error';
/** Port of a task whose edge leads to its compensation handler (BPMN 2.0 §10.7 compensation association). */
export const COMPENSATION_PORT = 'compensation';
