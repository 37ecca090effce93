/**
 * Per-node status for the canvas, derived from a {@link RunView} and the workflow
 * graph.
 *
 * The rule:
 * - a node that has been activated shows its latest step's status, refined:
 *   `retrying` while the step waits for its next attempt, `handled` when it failed
 *   but left through its `error` port, `compensating`/`compensated` while/after its
 *   compensation handler undoes it;
 * - a node never activated is `pending` while a token can still reach it, and
 *   `skipped` otherwise. Once the run is terminal no token is left, so every
 *   never-activated node is `skipped`.
 *
 * "Can still reach it": tokens only exist in live steps (running, waiting — a user
 * task or a join waiting for branches) and, for an instant, on edges: those a
 * finished step is about to take (its `step.succeeded` — or handled `step.failed` —
 * arrived but not yet all of its `edge.taken` records) and the one just taken whose
 * arrival is not logged yet (records may be applied one by one, mid-transition). A
 * never-activated node is `pending` iff it is reachable, along any normal edge of
 * the graph, from one of those. So the branches an exclusive gateway or a user task
 * did not choose turn `skipped` as soon as the choice is logged, unless another live
 * path still leads to them; parallel branches stay `pending` until they run.
 *
 * Compensation handlers (targets of `compensation` edges) are outside the normal
 * flow: they stay `pending` while the run is active (any later failure may run
 * them); while it compensates, a handler is `pending` iff a completed step it
 * undoes has not been compensated yet.
 *
 * `skipped` is a promise for the run as it stands: only a retry from failure
 * (`run.retried`) can bring a skipped node back.
 */
import type { NodeRunStatus, RunGraph, RunView, StepRun } from './types';

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

const COMPENSATION_PORT = 'compensation';
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'compensated']);

/** The canvas status of a step (see the module comment). */
export function stepNodeStatus(s: StepRun): NodeRunStatus {
  if (s.status === 'running' && s.retry) return 'retrying';
  if (s.status === 'failed' && s.handled) return 'handled';
  if (s.status === 'succeeded' && s.compensation) return s.compensation.done ? 'compensated' : 'compensating';
  return s.status;
}

export function nodeStatuses(view: RunView, graph: RunGraph): Record<string, NodeRunInfo> {
  const out: Record<string, NodeRunInfo> = {};
  const activations: Record<string, number> = {};
  for (const id of view.order) {
    const n = view.steps[id]!.nodeId;
    activations[n] = (activations[n] ?? 0) + 1;
  }
  const terminal = TERMINAL.has(view.status);
  // Before the trigger's activation arrives nothing is decided yet.
  const unstarted = view.status === 'pending' || view.order.length === 0;
  const compensating = view.status === 'compensating';
  const handlers = handlerSources(graph);
  const reachable = terminal || unstarted || compensating ? null : reachableFromTokens(view, graph);
  const owed = compensating ? owedHandlers(view, graph) : null;
  for (const node of graph.nodes) {
    const stepId = view.latestByNode[node.id];
    const s = stepId ? view.steps[stepId] : undefined;
    if (s) {
      out[node.id] = {
        status: stepNodeStatus(s),
        stepId: s.stepId,
        activations: activations[node.id] ?? 1,
        attempts: s.attempts,
        durationMs: s.endedAt !== null ? s.endedAt - Math.min(s.activatedAt, s.startedAt ?? s.activatedAt) : null,
      };
      continue;
    }
    let status: NodeRunStatus;
    if (terminal) status = 'skipped';
    else if (unstarted) status = 'pending';
    else if (owed) status = owed.has(node.id) ? 'pending' : 'skipped';
    else if (handlers.has(node.id)) status = 'pending';
    else status = reachable!.has(node.id) ? 'pending' : 'skipped';
    out[node.id] = { status, stepId: null, activations: 0, attempts: 0, durationMs: null };
  }
  return out;
}

/** Handler node id → the nodes it compensates (sources of its `compensation` edges). */
function handlerSources(graph: RunGraph): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of graph.edges) if (e.sourcePort === COMPENSATION_PORT) (m.get(e.target) ?? m.set(e.target, []).get(e.target)!).push(e.source);
  return m;
}

/** Handler nodes that still have a completed step to undo (the run is compensating). */
function owedHandlers(view: RunView, graph: RunGraph): Set<string> {
  const handlerOf = new Map<string, string[]>();
  for (const e of graph.edges) if (e.sourcePort === COMPENSATION_PORT) (handlerOf.get(e.source) ?? handlerOf.set(e.source, []).get(e.source)!).push(e.target);
  const owed = new Set<string>();
  for (const id of view.order) {
    const s = view.steps[id]!;
    if (s.status !== 'succeeded' || s.compensation) continue;
    for (const h of handlerOf.get(s.nodeId) ?? []) owed.add(h);
  }
  return owed;
}

/** Node ids reachable from where tokens are now (live steps and edges in flight), those nodes included. Compensation edges are not normal flow. */
function reachableFromTokens(view: RunView, graph: RunGraph): Set<string> {
  const next = new Map<string, string[]>();
  const byPort = new Map<string, { id: string; target: string }[]>();
  for (const e of graph.edges) {
    if (e.sourcePort === COMPENSATION_PORT) continue;
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
  for (const id of view.live) if (!view.steps[id]!.compensates) push(view.steps[id]!.nodeId);
  const flying = view.inFlightEdge ? graph.edges.find((e) => e.id === view.inFlightEdge) : undefined;
  if (flying && flying.sourcePort !== COMPENSATION_PORT) push(flying.target);
  for (const id of view.order) {
    const s = view.steps[id]!;
    if (!(s.status === 'succeeded' || s.handled)) continue;
    for (const port of s.ports) for (const e of byPort.get(`${s.nodeId}\u0000${port}`) ?? []) if (!s.outEdges.includes(e.id)) push(e.target);
  }
  while (stack.length) for (const t of next.get(stack.pop()!) ?? []) push(t);
  return seen;
}
