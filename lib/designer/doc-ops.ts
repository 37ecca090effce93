/**
 * Pure edits of a workflow document, as the designer makes them. Each returns a new
 * document and leaves unchanged nodes and edges as the same objects.
 */
import { getNodeType } from '@/lib/nodes/registry';
import type { PortSpec } from '@/lib/nodes/types';
import { TokenIdSchema, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '@/lib/workflow/document';
import { nodeIdFromLabel } from './ids';
import { nodeOutputs } from './ports';

type XY = { x: number; y: number };

/** Adds a node of `type` at `position` with the type's default config and label; its id comes from the label (`http_request`, `http_request_2`). @throws Error for an unknown type. */
export function addNode(doc: WorkflowDocument, type: string, position: XY): { doc: WorkflowDocument; node: WorkflowNode } {
  const def = getNodeType(type);
  if (!def) throw new Error(`unknown node type "${type}"`);
  const node: WorkflowNode = {
    id: nodeIdFromLabel(def.label, doc.nodes.map((n) => n.id)),
    type,
    label: def.label,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: structuredClone(def.defaults()) as Record<string, unknown>,
  };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, node };
}

/** Removes nodes and every edge touching them. */
export function removeNodes(doc: WorkflowDocument, ids: readonly string[]): WorkflowDocument {
  if (ids.length === 0) return doc;
  const gone = new Set(ids);
  const nodes = doc.nodes.filter((n) => !gone.has(n.id));
  const edges = doc.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  if (nodes.length === doc.nodes.length && edges.length === doc.edges.length) return doc;
  return { ...doc, nodes, edges };
}

/** Removes edges by id. */
export function removeEdges(doc: WorkflowDocument, ids: readonly string[]): WorkflowDocument {
  if (ids.length === 0) return doc;
  const gone = new Set(ids);
  const edges = doc.edges.filter((e) => !gone.has(e.id));
  return edges.length === doc.edges.length ? doc : { ...doc, edges };
}

/** Adds an edge (the caller checked it with `connectionError`). */
export function addEdge(doc: WorkflowDocument, edge: WorkflowEdge): WorkflowDocument {
  return { ...doc, edges: [...doc.edges, edge] };
}

function updateNode(doc: WorkflowDocument, id: string, f: (n: WorkflowNode) => WorkflowNode): WorkflowDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== id) return n;
    const next = f(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Sets a node's display label. */
export function updateNodeLabel(doc: WorkflowDocument, id: string, label: string): WorkflowDocument {
  return updateNode(doc, id, (n) => (n.label === label ? n : { ...n, label }));
}

/** Moves nodes (used when applying positions from the canvas is needed outside a save). */
export function moveNode(doc: WorkflowDocument, id: string, position: XY): WorkflowDocument {
  return updateNode(doc, id, (n) => ({ ...n, position: { x: Math.round(position.x), y: Math.round(position.y) } }));
}

/**
 * Replaces a node's config and keeps its outgoing edges attached when the config
 * changes its output ports (see {@link remapPortEdges}).
 */
export function updateNodeConfig(doc: WorkflowDocument, id: string, config: Record<string, unknown>): WorkflowDocument {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node || node.config === config) return doc;
  const before = nodeOutputs(node.type, node.config ?? {});
  const after = nodeOutputs(node.type, config);
  const edges = remapPortEdges(doc.edges, id, before, after);
  const next = updateNode(doc, id, (n) => ({ ...n, config }));
  return edges === doc.edges ? next : { ...next, edges };
}

const validPort = (id: string) => TokenIdSchema.safeParse(id).success;

/**
 * Keeps edges following their port when a node's outputs change:
 * - a port renamed in place (same position, old id gone, new id new and valid):
 *   its edges move to the new id. An edge left on a port that no longer exists
 *   (e.g. the id was cleared, then retyped) is adopted by the renamed port when it
 *   is the only such orphan.
 * - ports removed (fewer ports than before): their edges are dropped.
 * Reordering ports changes nothing (ids are stable). Returns `edges` when unchanged.
 */
export function remapPortEdges(edges: readonly WorkflowEdge[], nodeId: string, before: readonly PortSpec[], after: readonly PortSpec[]): WorkflowEdge[] {
  const beforeIds = new Set(before.map((p) => p.id));
  const afterIds = new Set(after.map((p) => p.id));
  const rename = new Map<string, string>();
  const drop = new Set<string>();
  if (before.length === after.length) {
    const renamedSlots: string[] = [];
    before.forEach((p, i) => {
      const q = after[i]!;
      if (p.id === q.id || beforeIds.has(q.id) || afterIds.has(p.id) || !validPort(q.id)) return;
      if (validPort(p.id)) rename.set(p.id, q.id);
      else renamedSlots.push(q.id);
    });
    if (renamedSlots.length === 1) {
      const orphans = new Set(edges.filter((e) => e.source === nodeId && !beforeIds.has(e.sourcePort) && !afterIds.has(e.sourcePort)).map((e) => e.sourcePort));
      if (orphans.size === 1) rename.set([...orphans][0]!, renamedSlots[0]!);
    }
  } else if (after.length < before.length) {
    for (const p of before) if (!afterIds.has(p.id)) drop.add(p.id);
  }
  if (rename.size === 0 && drop.size === 0) return edges as WorkflowEdge[];
  let changed = false;
  const out: WorkflowEdge[] = [];
  for (const e of edges) {
    if (e.source !== nodeId) {
      out.push(e);
      continue;
    }
    if (drop.has(e.sourcePort)) {
      changed = true;
      continue;
    }
    const to = rename.get(e.sourcePort);
    if (to !== undefined) {
      changed = true;
      out.push({ ...e, sourcePort: to });
    } else out.push(e);
  }
  return changed ? out : (edges as WorkflowEdge[]);
}

/** Footprint used to keep new nodes from landing on existing ones (a node card is 220 wide, about 60–140 high). */
export const NODE_FOOTPRINT = { width: 220, height: 96 };

/**
 * A position near `wanted` where a new node does not overlap an existing one:
 * `wanted` itself if free, else the nearest free slot going down, then right, in
 * steps of `step`. So repeated palette clicks stack nodes neatly instead of on top
 * of each other.
 */
export function freePosition(taken: readonly XY[], wanted: XY, step = 32, size = NODE_FOOTPRINT): XY {
  const overlaps = (p: XY) => taken.some((t) => Math.abs(t.x - p.x) < size.width && Math.abs(t.y - p.y) < size.height);
  const start = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  if (!overlaps(start)) return start;
  const rowStep = Math.ceil((size.height + step) / step) * step;
  const colStep = Math.ceil((size.width + step * 2) / step) * step;
  for (let col = 0; col < 20; col++) {
    for (let row = col === 0 ? 1 : 0; row < 6; row++) {
      const p = { x: start.x + col * colStep, y: start.y + row * rowStep };
      if (!overlaps(p)) return p;
    }
  }
  return { x: start.x + step, y: start.y + step };
}
