/**
 * The pure mapping between a workflow document and React Flow's nodes and edges.
 * The document is the source of truth for types, labels, config and edges; React
 * Flow owns positions, sizes and selection while editing. `sync*` functions rebuild
 * the canvas from a changed document and keep every unchanged node/edge object as
 * it was, so memoised node components do not re-render.
 */
import type { MarkerType } from '@xyflow/react';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '@/lib/workflow/document';
import type { Problem } from '@/lib/workflow/validate';
import { NODE_MEASURED, nodeHandles } from './handles';
import { nodeOutputs, splitOutputs } from './ports';
import {
  FLOW_EDGE_TYPE,
  FLOW_NODE_TYPE,
  type NodeProblemSummary,
  type WorkflowEdgeData,
  type WorkflowFlowEdge,
  type WorkflowFlowNode,
  type WorkflowNodeData,
} from './types';

/** Extra node data: the same for every node, or per node (e.g. the run overlay). */
export type NodeExtra = Partial<WorkflowNodeData> | ((node: WorkflowNode) => Partial<WorkflowNodeData> | undefined);
/** Extra edge data: the same for every edge, or per edge (e.g. which edges a run took). */
export type EdgeExtra = Partial<WorkflowEdgeData> | ((edge: WorkflowEdge) => Partial<WorkflowEdgeData> | undefined);

/** Shared empty config, so a node without config keeps a stable `data.config`. */
const EMPTY_CONFIG: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

const EDGE_COLORS: Record<string, string> = { default: '#94a3b8', taken: '#10b981', active: '#6366f1' };

/** Groups problems by node id into badge summaries. Problems without a node are left out. */
export function problemsByNode(problems: readonly Problem[]): Map<string, NodeProblemSummary> {
  const out = new Map<string, NodeProblemSummary>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const s = out.get(p.nodeId) ?? { errors: 0, warnings: 0, messages: [] };
    if (p.severity === 'error') s.errors++;
    else s.warnings++;
    s.messages.push(p.message);
    out.set(p.nodeId, s);
  }
  return out;
}

/** A document whose edges are optional (without them no output port counts as connected). */
type NodesDoc = Pick<WorkflowDocument, 'nodes'> & { edges?: readonly WorkflowEdge[] };

/**
 * The output ports that have at least one edge, per source node: sorted, unique ids.
 * Nodes without outgoing edges are left out.
 */
export function connectedOutputs(edges: readonly Pick<WorkflowEdge, 'source' | 'sourcePort'>[] | undefined): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const e of edges ?? []) {
    const s = sets.get(e.source) ?? new Set<string>();
    s.add(e.sourcePort);
    sets.set(e.source, s);
  }
  return new Map([...sets].map(([id, s]) => [id, [...s].sort()]));
}

function nodeData(node: WorkflowNode, problems?: NodeProblemSummary, connected?: string[]): WorkflowNodeData {
  const data: WorkflowNodeData = { nodeType: node.type, label: node.label ?? '', config: node.config ?? EMPTY_CONFIG };
  if (connected?.length) data.connectedPorts = connected;
  if (problems) data.problems = problems;
  return data;
}

function extraFor<T, D>(extra: D | ((x: T) => D | undefined) | undefined, x: T): D | undefined {
  return typeof extra === 'function' ? (extra as (x: T) => D | undefined)(x) : extra;
}

/**
 * The canvas node of a document node. `connected` lists its output ports that have an
 * edge (`data.connectedPorts`; side ports such as `error` are labelled only then).
 */
export function toFlowNode(node: WorkflowNode, extra?: NodeExtra, connected?: string[]): WorkflowFlowNode {
  return {
    id: node.id,
    type: FLOW_NODE_TYPE,
    position: { x: node.position.x, y: node.position.y },
    // Size and handles known up front: React Flow renders only the cards in view (see handles.ts).
    measured: { ...NODE_MEASURED },
    handles: nodeHandles(node.type, node.config ?? EMPTY_CONFIG),
    data: { ...nodeData(node, undefined, connected), ...extraFor(extra, node) },
  };
}

/**
 * Canvas nodes of a document, in document order. `extra` adds data such as `{ readOnly: true }`
 * or a run overlay. With `doc.edges`, each node's `data.connectedPorts` names its output ports that have an edge.
 */
export function toFlowNodes(doc: NodesDoc, extra?: NodeExtra): WorkflowFlowNode[] {
  const connected = connectedOutputs(doc.edges);
  return doc.nodes.map((n) => toFlowNode(n, extra, connected.get(n.id)));
}

/**
 * Labels of the output ports of every node that has several primary outputs (gateway
 * branches, user task outcomes): edge labels are shown only for those. A lone `out`
 * and the side ports (`error`, `compensation`, named by their handle) get none.
 */
function portLabels(doc: Pick<WorkflowDocument, 'nodes'>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const n of doc.nodes) {
    const { main } = splitOutputs(nodeOutputs(n.type, n.config ?? {}));
    if (main.length > 1) out.set(n.id, new Map(main.map((p) => [p.id, p.label])));
  }
  return out;
}

function flowEdge(e: WorkflowEdge, labels: Map<string, Map<string, string>>, extra?: EdgeExtra): WorkflowFlowEdge {
  const ports = labels.get(e.source);
  const data: WorkflowEdgeData = {};
  if (ports) data.label = ports.get(e.sourcePort) ?? e.sourcePort;
  Object.assign(data, extraFor(extra, e));
  return {
    id: e.id,
    type: FLOW_EDGE_TYPE,
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
    animated: data.run === 'active',
    markerEnd: { type: 'arrowclosed' as MarkerType, width: 18, height: 18, color: EDGE_COLORS[data.run ?? 'default'] },
    data,
  };
}

/** Canvas edges of a document: handles are port ids; the label is the source port's label when its node has several primary outputs. */
export function toFlowEdges(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, extra?: EdgeExtra): WorkflowFlowEdge[] {
  const labels = portLabels(doc);
  return doc.edges.map((e) => flowEdge(e, labels, extra));
}

function sameProblems(a?: NodeProblemSummary, b?: NodeProblemSummary): boolean {
  if (!a || !b) return a === b;
  return a.errors === b.errors && a.warnings === b.warnings && a.messages.join('\n') === b.messages.join('\n');
}

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Canvas nodes for `doc`, reusing `prev` objects whose data did not change, and keeping
 * React Flow's own state (position, size, selection) of nodes that already exist.
 * Returns `prev` itself when nothing changed.
 */
export function syncFlowNodes(prev: readonly WorkflowFlowNode[], doc: NodesDoc, problems: Map<string, NodeProblemSummary>): WorkflowFlowNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  const connected = connectedOutputs(doc.edges);
  const next = doc.nodes.map((node): WorkflowFlowNode => {
    const old = byId.get(node.id);
    const p = problems.get(node.id);
    const c = connected.get(node.id);
    if (!old) return { ...toFlowNode(node), data: nodeData(node, p, c) };
    const d = old.data;
    if (
      d.nodeType === node.type &&
      d.label === (node.label ?? '') &&
      d.config === (node.config ?? EMPTY_CONFIG) &&
      sameProblems(d.problems, p) &&
      sameArray(d.connectedPorts ?? [], c ?? [])
    )
      return old;
    // New config may mean new ports: their handles go with it (React Flow reads `handles` of a changed node).
    const handles = d.nodeType === node.type && d.config === (node.config ?? EMPTY_CONFIG) ? old.handles : nodeHandles(node.type, node.config ?? EMPTY_CONFIG);
    return { ...old, handles, data: nodeData(node, p, c) };
  });
  return sameArray(prev, next) ? (prev as WorkflowFlowNode[]) : next;
}

/** Canvas edges for `doc`, reusing unchanged `prev` objects and keeping their selection. Returns `prev` when nothing changed. */
export function syncFlowEdges(prev: readonly WorkflowFlowEdge[], doc: Pick<WorkflowDocument, 'nodes' | 'edges'>): WorkflowFlowEdge[] {
  const byId = new Map(prev.map((e) => [e.id, e]));
  const labels = portLabels(doc);
  const next = doc.edges.map((e): WorkflowFlowEdge => {
    const fresh = flowEdge(e, labels);
    const old = byId.get(e.id);
    if (!old) return fresh;
    if (
      old.source === fresh.source &&
      old.target === fresh.target &&
      old.sourceHandle === fresh.sourceHandle &&
      old.targetHandle === fresh.targetHandle &&
      old.data?.label === fresh.data?.label
    )
      return old;
    return { ...fresh, selected: old.selected };
  });
  return sameArray(prev, next) ? (prev as WorkflowFlowEdge[]) : next;
}

/** The document with node positions taken from the canvas (rounded to whole pixels). */
export function withFlowPositions(doc: WorkflowDocument, nodes: readonly Pick<WorkflowFlowNode, 'id' | 'position'>[]): WorkflowDocument {
  const pos = new Map(nodes.map((n) => [n.id, n.position]));
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = pos.get(n.id);
      if (!p) return n;
      const x = Math.round(p.x);
      const y = Math.round(p.y);
      return x === n.position.x && y === n.position.y ? n : { ...n, position: { x, y } };
    }),
  };
}

/** Canvas nodes moved to the document's positions (after undo/redo); unchanged nodes keep their objects. Returns `nodes` when none moved. */
export function syncPositions(nodes: readonly WorkflowFlowNode[], doc: Pick<WorkflowDocument, 'nodes'>): WorkflowFlowNode[] {
  const pos = new Map(doc.nodes.map((n) => [n.id, n.position]));
  let changed = false;
  const next = nodes.map((n) => {
    const p = pos.get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? next : (nodes as WorkflowFlowNode[]);
}

/** The document with the canvas positions, or `doc` itself when no node moved (rounded to whole pixels). */
export function commitPositions(doc: WorkflowDocument, nodes: readonly Pick<WorkflowFlowNode, 'id' | 'position'>[]): WorkflowDocument {
  const next = withFlowPositions(doc, nodes);
  return next.nodes.every((n, i) => n === doc.nodes[i]) ? doc : next;
}
