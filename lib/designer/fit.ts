/**
 * Which part of a workflow "fit view" shows. Node titles stay readable: the view is
 * never zoomed out below {@link READABLE_ZOOM}. A workflow too large to fit at that
 * zoom is not shrunk further; the view fits its start instead (the trigger and the
 * first nodes after it, breadth first), which is where a reader begins.
 * Pure: sizes in px, positions in canvas units.
 */
import type { WorkflowDocument } from '@/lib/workflow/document';
import { getNodeType } from '@/lib/nodes/registry';
import { adjacency } from '@/lib/workflow/graph';

/** The smallest zoom fit view uses (below it 14 px titles become unreadable). */
export const READABLE_ZOOM = 0.6;
/** Margin around the fitted nodes, as a fraction of the view (React Flow's `padding`). */
export const FIT_PADDING = 0.15;
/** How many nodes "the start" of a large workflow is at most. */
export const START_NODES = 8;

type Size = { width: number; height: number };

/** Zoom at which all of `doc`'s nodes fit a `view` of this size (with the padding), not above 1. */
export function fitZoom(doc: Pick<WorkflowDocument, 'nodes'>, node: Size, view: Size): number {
  if (doc.nodes.length === 0 || view.width <= 0 || view.height <= 0) return 1;
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const w = Math.max(...xs) - Math.min(...xs) + node.width;
  const h = Math.max(...ys) - Math.min(...ys) + node.height;
  const usable = 1 - 2 * FIT_PADDING;
  return Math.min(1, (view.width * usable) / w, (view.height * usable) / h);
}

/** The ids of the start of a workflow: its trigger(s), then the nodes after them breadth first, at most `limit`. */
export function startNodeIds(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, limit = START_NODES): string[] {
  const triggers = doc.nodes.filter((n) => getNodeType(n.type)?.behavior === 'trigger').map((n) => n.id);
  const order = triggers.length ? triggers : doc.nodes.slice(0, 1).map((n) => n.id);
  const seen = new Set(order);
  const next = adjacency(doc.edges);
  for (let i = 0; i < order.length && order.length < limit; i++) {
    for (const t of next.get(order[i]!) ?? []) {
      if (seen.has(t) || order.length >= limit) continue;
      seen.add(t);
      order.push(t);
    }
  }
  return order.slice(0, limit);
}

/**
 * The nodes fit view should frame: undefined (all of them) when they fit at a readable
 * zoom, else the start of the workflow.
 */
export function nodesToFit(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, node: Size, view: Size): string[] | undefined {
  return fitZoom(doc, node, view) >= READABLE_ZOOM ? undefined : startNodeIds(doc);
}
