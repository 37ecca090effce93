/**
 * Per-node status for the canvas, derived from a {@link RunView} and the workflow
 * graph.
 *
 * The rule:
 * - a node that has been activated shows its latest step's status;
 * - a node never activated is `pending` while a token can still reach it, and
 *   `skipped` otherwise. Once the run is terminal no token is left, so every
 *   never-activated node is `skipped`.
 *
 * "Can still reach it": tokens only exist in live steps (running, waiting — a user
 * task or a join waiting for branches) and, for an instant, on edges: those a
 * finished step is about to take (its `step.succeeded` arrived but not yet all of
 * its `edge.taken` records) and the one just taken whose arrival is not logged yet
 * (records may be applied one by one, mid-transition). A
 * never-activated node is `pending` iff it is reachable, along any edge of the
 * graph, from one of those. So the branches an exclusive gateway or a user task did
 * not choose turn `skipped` as soon as the choice is logged, unless another live
 * path still leads to them; parallel branches stay `pending` until they run.
 */
import type { NodeRunStatus, RunGraph, RunView } from './types';

export interface NodeRunInfo {
  status: NodeRunStatus;
  /** Latest step id, if the node was activated. */
  stepId: string | null;
  /** How many times the node was activated. */
  activations: number;
  /** Attempts of the latest step (0 while its first attempt runs). */
  attempts: number;
  /** Duration of the latest step, when finished. */
  durationMs: number | null;
}

export function nodeStatuses(view: RunView, graph: RunGraph): Record<string, NodeRunInfo> {
  const out: Record<string, NodeRunInfo> = {};
  const activations: Record<string, number> = {};
  for (const id of view.order) {
    const n = view.steps[id]!.nodeId;
    activations[n] = (activations[n] ?? 0) + 1;
  }
  const terminal = view.status === 'succeeded' || view.status === 'failed' || view.status === 'cancelled';
  // Before the trigger's activation arrives nothing is decided yet.
  const unstarted = view.status === 'pending' || view.order.length === 0;
  const reachable = terminal || unstarted ? null : reachableFromTokens(view, graph);
  for (const node of graph.nodes) {
    const stepId = view.latestByNode[node.id];
    const s = stepId ? view.steps[stepId] : undefined;
    if (s) {
      out[node.id] = {
        status: s.status,
        stepId: s.stepId,
        activations: activations[node.id] ?? 1,
        attempts: s.attempts,
        durationMs: s.endedAt !== null ? s.endedAt - (s.startedAt ?? s.activatedAt) : null,
      };
      continue;
    }
    const status: NodeRunStatus = terminal ? 'skipped' : unstarted ? 'pending' : reachable!.has(node.id) ? 'pending' : 'skipped';
    out[node.id] = { status, stepId: null, activations: 0, attempts: 0, durationMs: null };
  }
  return out;
}

/** Node ids reachable from where tokens are now (live steps and edges in flight), those nodes included. */
function reachableFromTokens(view: RunView, graph: RunGraph): Set<string> {
  const next = new Map<string, string[]>();
  const byPort = new Map<string, { id: string; target: string }[]>();
  for (const e of graph.edges) {
    (next.get(e.source) ?? next.set(e.source, []).get(e.source)!).push(e.target);
    const k = `${e.source}\u0000${e.sourcePort ?? 'out'}`;
    (byPort.get(k) ?? byPort.set(k, []).get(k)!).push(e);
  }
  const seen = new Set<string>();
  const stack: string[] = [];
  const push = (n: string) => {
    if (!seen.has(n)) {
      seen.add(n);
      stack.push(n);
    }
  };
  for (const id of view.live) push(view.steps[id]!.nodeId);
  const flying = view.inFlightEdge ? graph.edges.find((e) => e.id === view.inFlightEdge) : undefined;
  if (flying) push(flying.target);
  for (const id of view.order) {
    const s = view.steps[id]!;
    if (s.status !== 'succeeded' || s.port === null) continue;
    for (const e of byPort.get(`${s.nodeId}\u0000${s.port}`) ?? []) if (!s.outEdges.includes(e.id)) push(e.target);
  }
  while (stack.length) for (const t of next.get(stack.pop()!) ?? []) push(t);
  return seen;
}
