/**
 * The run view of a run too big to replay from its first record (see
 * {@link FULL_REPLAY_MAX_RECORDS}): built from what the server hands out in bounded
 * pieces — the pages of steps loaded so far, the latest step of each node
 * (`runs.nodes`) — with the live tail of the log folded on top (records after the
 * run's `lastSeq` when the page opened). Pure, no React.
 *
 * What it cannot know without the whole log is left empty (earlier retries, taken
 * edges of steps not loaded): an edge counts as taken when both its ends ran, which
 * holds for the loops and branches such big runs come from.
 */
import type { EngineError, Json, StepStatus } from '../engine/types';
import type { NodeRunInfo } from './node-status';
import { nodeStatuses } from './node-status';
import { noStepDetails } from './reduce';
import type { RunGraph, RunView, RunViewStatus, StepRun } from './types';

/** Runs with more log records than this open from pages instead of replaying their log. */
export const FULL_REPLAY_MAX_RECORDS = 5000;

/** A stored step as `runs.steps` returns it (times epoch ms). */
export interface StepRow {
  stepId: string;
  nodeId: string;
  status: string;
  attempts: number;
  input?: Json;
  output?: Json;
  error: Json;
  startedAt: number;
  endedAt: number | null;
}

/** A node's latest step as `runs.nodes` returns it. */
export interface NodeRow extends Omit<StepRow, 'input' | 'output'> {
  activations: number;
}

export interface PagedInput {
  /** The live tail folded from the log (records after the page's starting `lastSeq`). */
  tail: RunView;
  /** Status, error and the live step ids of the run as the server last said. */
  run: { status: RunViewStatus; error: EngineError | null; live: readonly string[] };
  /** Steps of the pages loaded so far, in activation order. */
  pages: readonly StepRow[];
  /** True once the last page is loaded (the tail's new steps then follow it in the list). */
  complete: boolean;
  nodes: readonly NodeRow[];
  /** Open user tasks of the run: step id → task id. */
  tasks?: ReadonlyMap<string, string>;
}

/** A stored step as a {@link StepRun}; what only the log knows is left empty. */
export function stepFromRow(r: StepRow, index: number, run: PagedInput['run'], taskId: string | null = null): StepRun {
  const error = (r.error ?? null) as EngineError | null;
  const failedRun = run.status === 'failed' || run.status === 'compensating' || run.status === 'compensated';
  const handled = r.status === 'failed' && !(failedRun && run.error?.nodeId === r.nodeId);
  return {
    stepId: r.stepId,
    nodeId: r.nodeId,
    status: r.status as StepStatus,
    index,
    attempts: r.attempts,
    failures: [],
    retry: null,
    activatedAt: r.startedAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    viaEdgeId: null,
    inEdges: [],
    outEdges: [],
    port: handled ? 'error' : null,
    ports: handled ? ['error'] : [],
    handled,
    input: r.input,
    output: r.output,
    error,
    taskId,
    ...noStepDetails(),
  };
}

/** Activation number of a step id `<nodeId>#<n>` (0 when it has none). */
function activationOf(stepId: string): number {
  const n = Number(stepId.slice(stepId.lastIndexOf('#') + 1));
  return Number.isInteger(n) ? n : 0;
}

/** The merged {@link RunView} of a big run (see the module comment). */
export function pagedRunView(p: PagedInput, graph: RunGraph): RunView {
  const steps: Record<string, StepRun> = {};
  const order: string[] = [];
  const latestByNode: Record<string, string> = {};
  for (const r of p.pages) {
    if (steps[r.stepId]) continue;
    order.push(r.stepId);
    steps[r.stepId] = stepFromRow(r, order.length, p.run, p.tasks?.get(r.stepId) ?? null);
  }
  for (const n of p.nodes) {
    latestByNode[n.nodeId] = n.stepId;
    steps[n.stepId] ??= stepFromRow(n, n.activations, p.run, p.tasks?.get(n.stepId) ?? null);
  }
  for (const id of p.tail.order) {
    const s = p.tail.steps[id]!;
    const known = steps[id];
    steps[id] = { ...s, index: known?.index ?? s.index };
    if (!known && p.complete) order.push(id);
    const cur = latestByNode[s.nodeId];
    if (!cur || activationOf(id) >= activationOf(cur)) latestByNode[s.nodeId] = id;
  }
  const live = new Set([...p.run.live, ...p.tail.live].filter((id) => steps[id]?.status === 'running' || steps[id]?.status === 'waiting'));
  const ran = new Set(Object.keys(latestByNode));
  const taken = new Set(p.tail.taken);
  const active = new Set(p.tail.active);
  const liveNodes = new Set([...live].map((id) => steps[id]!.nodeId));
  for (const e of graph.edges) {
    if (!ran.has(e.source) || !ran.has(e.target) || e.sourcePort === 'compensation') continue;
    taken.add(e.id);
    if (liveNodes.has(e.target)) active.add(e.id);
  }
  const status = p.tail.status !== 'pending' ? p.tail.status : p.run.status;
  return { ...p.tail, status, error: p.tail.error ?? p.run.error, steps, order, latestByNode, live: [...live], taken, active };
}

/**
 * Canvas statuses of a big run: {@link nodeStatuses} over the merged view, with each
 * node's activation count from the server (the loaded pages hold only some steps).
 */
export function pagedNodeStatuses(view: RunView, graph: RunGraph, nodes: readonly NodeRow[]): Record<string, NodeRunInfo> {
  const out = nodeStatuses(view, graph);
  const counts = new Map(nodes.map((n) => [n.nodeId, n.activations]));
  for (const [id, info] of Object.entries(out)) {
    if (info.stepId) out[id] = { ...info, activations: Math.max(counts.get(id) ?? 0, activationOf(info.stepId)) };
  }
  return out;
}
