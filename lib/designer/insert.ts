/**
 * Adding a node and its connections in one edit, as the canvas does it: from a
 * connection dropped on empty canvas (the new node is connected to the handle the
 * drag started from) and from the "+" on an edge (the new node goes between the
 * edge's two nodes: source → new → target). Pure; each returns a new document and
 * the new node, or why it cannot be done (nothing changed then).
 */
import { getNodeType } from '@/lib/nodes/registry';
import type { WorkflowDocument, WorkflowNode } from '@/lib/workflow/document';
import { connectionError, connectionToEdge, type ConnectionLike } from './connect';
import { addEdge, addNode } from './doc-ops';
import { nodeInputs, nodeOutputs, splitOutputs } from './ports';

type XY = { x: number; y: number };

/** The handle a connection was dragged from: an output (`source`) or an input (`target`) of `nodeId`. */
export interface DragOrigin {
  nodeId: string;
  /** Port id of the handle (null: the node's first port on that side). */
  port: string | null;
  side: 'source' | 'target';
}

export type InsertResult = { ok: true; doc: WorkflowDocument; node: WorkflowNode } | { ok: false; error: string };

/** The first primary output of a node (not `error` or `compensation`), if any. */
function firstMainOutput(node: WorkflowNode): string | undefined {
  return splitOutputs(nodeOutputs(node.type, node.config ?? {})).main[0]?.id;
}

/**
 * Whether a node of `type` can be placed where a connection from `from` was dropped:
 * after an output it needs an input (not a trigger); before an input it needs a
 * primary output (not an End).
 */
export function fitsDragOrigin(type: string, side: DragOrigin['side']): boolean {
  const def = getNodeType(type);
  if (!def) return false;
  const config = def.defaults() as Record<string, unknown>;
  return side === 'source' ? nodeInputs(type, config).length > 0 : splitOutputs(nodeOutputs(type, config)).main.length > 0;
}

/** Whether a node of `type` can go in the middle of an edge: it has an input and a primary output. */
export function fitsOnEdge(type: string): boolean {
  return fitsDragOrigin(type, 'source') && fitsDragOrigin(type, 'target');
}

/**
 * Adds a node of `type` at `at` (its top-left corner, rounded) and connects it to the
 * handle a connection was dragged from: origin output → the new node's input, or the
 * new node's first primary output → origin input.
 * Fails (document unchanged) for an unknown type, a type that cannot connect on that
 * side, or a connection the canvas would refuse (e.g. an output already connected).
 */
export function addConnectedNode(doc: WorkflowDocument, type: string, at: XY, from: DragOrigin): InsertResult {
  if (!getNodeType(type)) return { ok: false, error: `Unknown node type "${type}"` };
  if (!doc.nodes.some((n) => n.id === from.nodeId)) return { ok: false, error: `Node "${from.nodeId}" is not in this workflow` };
  const added = addNode(doc, type, at);
  const node = added.node;
  let c: ConnectionLike;
  if (from.side === 'source') {
    c = { source: from.nodeId, sourceHandle: from.port, target: node.id, targetHandle: nodeInputs(node.type, node.config)[0]?.id ?? null };
  } else {
    const out = firstMainOutput(node);
    if (!out) return { ok: false, error: `${getNodeType(type)!.label} has no output to connect` };
    c = { source: node.id, sourceHandle: out, target: from.nodeId, targetHandle: from.port };
  }
  const err = connectionError(added.doc, c);
  if (err) return { ok: false, error: err };
  return { ok: true, doc: addEdge(added.doc, connectionToEdge(added.doc, c)), node };
}

/**
 * Puts a new node of `type` in the middle of edge `edgeId`: the edge is replaced by
 * source →(same port) new node → (same input) target; the new node leaves through its
 * first primary output. `at` is the new node's top-left corner.
 * Fails (document unchanged) for an unknown edge or type, or a type without an input
 * or a primary output (a trigger, an End).
 */
export function insertOnEdge(doc: WorkflowDocument, edgeId: string, type: string, at: XY): InsertResult {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (!edge) return { ok: false, error: `Connection "${edgeId}" is not in this workflow` };
  const def = getNodeType(type);
  if (!def) return { ok: false, error: `Unknown node type "${type}"` };
  if (!fitsOnEdge(type)) return { ok: false, error: `${def.label} cannot go between two nodes: it needs an input and an output` };
  const added = addNode({ ...doc, edges: doc.edges.filter((e) => e !== edge) }, type, at);
  const node = added.node;
  const input = nodeInputs(node.type, node.config)[0]!.id;
  const output = firstMainOutput(node)!;
  const first = { id: edge.id, source: edge.source, sourcePort: edge.sourcePort, target: node.id, targetPort: input };
  const withFirst = addEdge(added.doc, first);
  const second = connectionToEdge(withFirst, { source: node.id, sourceHandle: output, target: edge.target, targetHandle: edge.targetPort });
  // Keep the document's edge order: the first half takes the old edge's place.
  const edges = doc.edges.flatMap((e) => (e === edge ? [first, second] : [e]));
  return { ok: true, doc: { ...added.doc, edges }, node };
}
