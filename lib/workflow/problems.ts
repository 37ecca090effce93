/**
 * Problem codes and the problem shape of the workflow validator (see
 * `validate.ts`). Each code is documented with its severity.
 */

/** The workflow has no trigger node, so no run can start. Error. */
export const NO_TRIGGER = 'NO_TRIGGER';
/** More than one trigger node; one problem per trigger. Error. */
export const MULTIPLE_TRIGGERS = 'MULTIPLE_TRIGGERS';
/** `node.type` is not in the node-type registry (e.g. a document from a newer Baton). Error. */
export const UNKNOWN_NODE_TYPE = 'UNKNOWN_NODE_TYPE';
/** The node's config fails its type's zod schema; one problem per issue, `path` inside `config`. Error. */
export const CONFIG_INVALID = 'CONFIG_INVALID';
/** A JSONata expression field, or a `{{ }}` part of a template field, does not parse; `path` inside `config`. Error. */
export const EXPRESSION_SYNTAX = 'EXPRESSION_SYNTAX';
/**
 * Nodes no path from the trigger leads to although each has an incoming edge: a loop
 * with no way in. One problem per loop, on its first node, `nodeIds` naming them all
 * (see `reachability.ts`). Error.
 */
export const UNREACHABLE = 'UNREACHABLE';
/**
 * A node other than the trigger has no incoming edge (from another node). When nodes
 * after it are reachable only through it, this one problem counts and names them
 * (`nodeIds`), instead of one problem per cut-off node (see `reachability.ts`). Error.
 */
export const INPUT_UNCONNECTED = 'INPUT_UNCONNECTED';
/** A required output port (e.g. a user task outcome, a gateway branch) has no edge. Error. */
export const OUTPUT_UNCONNECTED = 'OUTPUT_UNCONNECTED';
/** An edge uses a port its node does not have (e.g. after a user task outcome was renamed, or an edge into a trigger). Error. */
export const UNKNOWN_PORT = 'UNKNOWN_PORT';
/** Several edges leave one port of a node that is not a parallel split. Error. */
export const MULTIPLE_EDGES_FROM_PORT = 'MULTIPLE_EDGES_FROM_PORT';
/** A parallel (or inclusive) join that no parallel split (or inclusive gateway) leads to (at the same nesting depth). Error. */
export const JOIN_WITHOUT_SPLIT = 'JOIN_WITHOUT_SPLIT';
/** A parallel split whose branches never meet at a join: they run on independently. Warning. */
export const SPLIT_WITHOUT_JOIN = 'SPLIT_WITHOUT_JOIN';
/**
 * A join's incoming edges differ in number from its split's branches, or a branch of
 * the split never reaches the split's join. Either way the join waits for a token
 * per branch that may never come. Error.
 */
export const JOIN_BRANCH_MISMATCH = 'JOIN_BRANCH_MISMATCH';
/** An edge from a node to itself. Error. (Back edges through other nodes are allowed; the run's `settings.maxIterations` guards them.) */
export const SELF_LOOP = 'SELF_LOOP';
/** A parallel split's branches meet at an inclusive join, or an inclusive gateway's at a parallel join. Error. */
export const JOIN_KIND_MISMATCH = 'JOIN_KIND_MISMATCH';
/**
 * A `compensation` edge that cannot work: its handler is not a task, is also
 * reached by normal flow, or has a handler of its own; or a task has several. Error.
 */
export const COMPENSATION_INVALID = 'COMPENSATION_INVALID';

/** Every problem code, in the order the checks run. */
export const PROBLEM_CODES = [
  NO_TRIGGER,
  MULTIPLE_TRIGGERS,
  UNKNOWN_NODE_TYPE,
  CONFIG_INVALID,
  EXPRESSION_SYNTAX,
  UNKNOWN_PORT,
  SELF_LOOP,
  MULTIPLE_EDGES_FROM_PORT,
  INPUT_UNCONNECTED,
  OUTPUT_UNCONNECTED,
  UNREACHABLE,
  JOIN_WITHOUT_SPLIT,
  SPLIT_WITHOUT_JOIN,
  JOIN_BRANCH_MISMATCH,
  JOIN_KIND_MISMATCH,
  COMPENSATION_INVALID,
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One problem of a document. `path` is inside the node's `config` (for config and expression problems). */
export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  /** Every node the problem concerns, `nodeId` first (reachability problems that cut off several nodes). */
  nodeIds?: string[];
  edgeId?: string;
  path?: (string | number)[];
}

/** True when any problem is an error: the document may be saved as a draft, but not published or run. */
export function hasBlockingProblems(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

