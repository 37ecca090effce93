/** Groups of node behaviours the engine treats alike. */
import type { NodeBehavior } from './types';

const EXECUTING: ReadonlySet<string> = new Set<NodeBehavior>(['task', 'exclusive', 'inclusive', 'userTask', 'end']);
const JOINS: ReadonlySet<string> = new Set<NodeBehavior>(['parallelJoin', 'inclusiveJoin']);

/** Nodes whose steps run an executor (and so can be retried from a failure). */
export function isExecuting(behavior: string | undefined): boolean {
  return behavior !== undefined && EXECUTING.has(behavior);
}

/** Parallel and inclusive joins: their waiting steps wait for branches, not for the world. */
export function isJoin(behavior: string | undefined): boolean {
  return behavior !== undefined && JOINS.has(behavior);
}
