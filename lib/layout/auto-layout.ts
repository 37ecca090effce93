/**
 * Automatic top-to-bottom layout of a workflow document with dagre. Pure (no
 * React, no DOM): the designer's "Tidy up" and the server's example seeds use it.
 *
 * Branches keep the order of their node's outputs, left to right (a gateway's
 * "Default" last, a user task's outcomes in the order they are defined): nodes and
 * edges are handed to dagre depth-first in port order, and a second pass adds
 * ordering constraints wherever dagre still put two branch targets of one rank the
 * other way round.
 */
import { Graph, layout, type OrderConstraint } from '@dagrejs/dagre';
import { nodeOutputs, splitOutputs } from '@/lib/designer/ports';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { LAYOUT_SPACING, NODE_WIDTH, nodeSize } from './geometry';

export { LAYOUT_SPACING };

export interface AutoLayoutOptions {
  /** Horizontal gap between nodes of one rank, px. */
  nodesep?: number;
  /** Vertical gap between ranks, px. */
  ranksep?: number;
  /** Horizontal gap between long edges (and between an edge and a node), px. */
  edgesep?: number;
  /** Top-left corner of the laid-out graph. */
  origin?: { x: number; y: number };
}


type Doc = Pick<WorkflowDocument, 'nodes' | 'edges'>;
type DocEdge = WorkflowDocument['edges'][number];

/** Nodes depth-first from the sources, following outputs in port order; then anything left (cycles), in document order. */
function traversal(doc: Doc, out: Map<string, DocEdge[]>): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (id: string) => {
    // Iterative DFS (documents may hold 2000 nodes in a chain).
    const stack = [id];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      order.push(v);
      const next = (out.get(v) ?? []).map((e) => e.target);
      for (let i = next.length - 1; i >= 0; i--) if (!seen.has(next[i]!)) stack.push(next[i]!);
    }
  };
  const hasIn = new Set(doc.edges.map((e) => e.target));
  for (const n of doc.nodes) if (!hasIn.has(n.id)) visit(n.id);
  for (const n of doc.nodes) visit(n.id);
  return order;
}

/** Outgoing edges per node, sorted by the source's port order, then document order. */
function outgoing(doc: Doc): Map<string, DocEdge[]> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const portIndex = new Map<string, Map<string, number>>();
  // Bottom ports left to right; a compensation handler goes left of everything (its
  // handle is on the card's left edge), an error path right (handle on the right edge).
  for (const n of doc.nodes) {
    const { main, side } = splitOutputs(nodeOutputs(n.type, n.config ?? {}));
    const order = new Map(main.map((p, i) => [p.id, i]));
    for (const p of side) order.set(p.id, p.id === 'compensation' ? -1 : main.length + 1);
    portIndex.set(n.id, order);
  }
  const out = new Map<string, DocEdge[]>();
  doc.edges.forEach((e) => {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) return;
    const list = out.get(e.source) ?? [];
    list.push(e);
    out.set(e.source, list);
  });
  const docIndex = new Map(doc.edges.map((e, i) => [e.id, i]));
  for (const [source, list] of out) {
    const ports = portIndex.get(source)!;
    const rank = (e: DocEdge) => ports.get(e.sourcePort) ?? ports.size + 2;
    list.sort((a, b) => rank(a) - rank(b) || docIndex.get(a.id)! - docIndex.get(b.id)!);
  }
  return out;
}

interface Placed {
  x: number;
  y: number;
  rank: number;
}

function runDagre(doc: Doc, order: string[], out: Map<string, DocEdge[]>, spacing: Required<Omit<AutoLayoutOptions, 'origin'>>, constraints: OrderConstraint[]): Map<string, Placed> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', rankalign: 'top', nodesep: spacing.nodesep, ranksep: spacing.ranksep, edgesep: spacing.edgesep, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const id of order) {
    const n = byId.get(id)!;
    g.setNode(id, { ...nodeSize(n.type, n.config) });
  }
  for (const id of order) for (const e of out.get(id) ?? []) g.setEdge(e.source, e.target, { minlen: 1, weight: 1 }, e.id);
  // Unconnected nodes (just added from the palette) stack in a column, in document
  // order, ready to be wired top to bottom, rather than in one long row.
  const linked = new Set([...out.values()].flat().flatMap((e) => [e.source, e.target]));
  const loose = doc.nodes.filter((n) => !linked.has(n.id));
  for (let i = 0; i + 1 < loose.length; i++) g.setEdge(loose[i]!.id, loose[i + 1]!.id, { minlen: 1, weight: 1 }, `~stack${i}`);
  layout(g, constraints.length ? { constraints } : undefined);
  const placed = new Map<string, Placed>();
  for (const id of order) {
    const n = g.node(id);
    placed.set(id, { x: n.x! - n.width / 2, y: n.y! - n.height / 2, rank: n.rank ?? 0 });
  }
  return placed;
}

/** Pairs of branch targets of one rank that dagre placed against their ports' order (left must come before right). */
function misordered(order: string[], out: Map<string, DocEdge[]>, placed: Map<string, Placed>, known: OrderConstraint[]): OrderConstraint[] {
  const have = new Set(known.map((c) => `${c.left}\u0000${c.right}`));
  const found: OrderConstraint[] = [];
  for (const id of order) {
    const targets = [...new Set((out.get(id) ?? []).map((e) => e.target))];
    for (let i = 0; i + 1 < targets.length; i++) {
      const a = placed.get(targets[i]!)!;
      const b = placed.get(targets[i + 1]!)!;
      const key = `${targets[i]}\u0000${targets[i + 1]}`;
      if (a.rank === b.rank && a.x > b.x && !have.has(key)) {
        have.add(key);
        found.push({ left: targets[i]!, right: targets[i + 1]! });
      }
    }
  }
  return found;
}

/** How far (px) a node may be nudged sideways to make the edge into it a straight line. */
const STRAIGHTEN_MAX = Math.round(NODE_WIDTH / 3);

/**
 * dagre's coordinates ignore ports and average four alignments, which leaves nodes
 * a few pixels off the handle they hang from (a kinked edge). Moves a node with one
 * incoming edge under that edge's handle when the shift is small and hits nothing.
 */
function straighten(doc: Doc, order: string[], out: Map<string, DocEdge[]>, placed: Map<string, Placed>, gap: number) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const size = new Map(doc.nodes.map((n) => [n.id, nodeSize(n.type, n.config)]));
  const incoming = new Map<string, DocEdge[]>();
  for (const list of out.values()) for (const e of list) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
  const ranked = [...order].sort((a, b) => placed.get(a)!.y - placed.get(b)!.y || placed.get(a)!.x - placed.get(b)!.x);
  for (const id of ranked) {
    const ins = incoming.get(id) ?? [];
    if (ins.length !== 1) continue;
    const e = ins[0]!;
    const src = placed.get(e.source)!;
    const srcNode = byId.get(e.source)!;
    const { main: ports } = splitOutputs(nodeOutputs(srcNode.type, srcNode.config ?? {}));
    const i = ports.findIndex((p) => p.id === e.sourcePort);
    if (i < 0) continue; // side ports (error, compensation) leave from the card's edges
    const handleX = src.x + (size.get(e.source)!.width * (i + 0.5)) / Math.max(1, ports.length);
    const me = placed.get(id)!;
    const { width, height } = size.get(id)!;
    const x = handleX - width / 2;
    if (x === me.x || Math.abs(x - me.x) > STRAIGHTEN_MAX) continue;
    const clear = order.every((other) => {
      if (other === id) return true;
      const o = placed.get(other)!;
      const s = size.get(other)!;
      return x + width + gap / 2 <= o.x || o.x + s.width + gap / 2 <= x || me.y + height <= o.y || o.y + s.height <= me.y;
    });
    if (clear) placed.set(id, { ...me, x });
  }
}

/**
 * The document with every node's `position` (top-left corner) computed by a
 * top-to-bottom layered layout. Everything else is kept as it is. Deterministic:
 * the same document always gives the same positions.
 */
export function autoLayout<D extends Doc>(doc: D, opts: AutoLayoutOptions = {}): D {
  if (doc.nodes.length === 0) return doc;
  const spacing = {
    nodesep: opts.nodesep ?? LAYOUT_SPACING.nodesep,
    ranksep: opts.ranksep ?? LAYOUT_SPACING.ranksep,
    edgesep: opts.edgesep ?? LAYOUT_SPACING.edgesep,
  };
  const out = outgoing(doc);
  const order = traversal(doc, out);
  let placed = runDagre(doc, order, out, spacing, []);
  const fixes = misordered(order, out, placed, []);
  if (fixes.length) {
    const second = runDagre(doc, order, out, spacing, fixes);
    // Keep the constrained layout only if it fixed more than it broke.
    if (misordered(order, out, second, []).length < fixes.length) placed = second;
  }
  straighten(doc, order, out, placed, spacing.nodesep);
  let minX = Infinity;
  let minY = Infinity;
  for (const p of placed.values()) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
  }
  const ox = (opts.origin?.x ?? 0) - minX;
  const oy = (opts.origin?.y ?? 0) - minY;
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = placed.get(n.id)!;
      return { ...n, position: { x: Math.round(p.x + ox), y: Math.round(p.y + oy) } };
    }),
  };
}
