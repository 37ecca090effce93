/** Small graph helpers shared by the validator's checks. */
import type { NodeTypeDefinition } from '../nodes/types';
import type { WorkflowEdge, WorkflowNode } from './document';

/** What the structural checks need to know about a node. */
export interface GraphNode {
  node: WorkflowNode;
  def: NodeTypeDefinition | undefined;
  /** `HTTP request "Credit check" (check)` */
  name: string;
}

/** Successor node ids of each node (one entry per edge, in document order). */
export function adjacency(edges: readonly WorkflowEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  return next;
}
