/**
 * Router rewards, kept by the runner: which live steps are on the branch a router chose,
 * and when that branch ends. A branch succeeds when its token reaches the next join, end
 * or router without a step failing or taking an error port, and fails when one of its
 * steps fails for good (a retry is not an end); its duration runs from the choice to
 * that moment. The open branches live in the run state (`RunState.routes`, carried
 * unchanged by the engine), and the choices and outcomes found in a batch's log are
 * returned as a `routerDecisions` commit guard, so they commit in the batch's
 * transaction: exactly once, or not at all.
 *
 * The branch is followed through the log: `edge.taken` names the step the token left,
 * the `step.activated` (or `join.arrived`) right after it names where it arrived.
 */
import 'server-only';
import type { RunLogRecord, RunState, RouteTracking } from '@/lib/engine/types';
import type { RouterContext } from '@/lib/nodes/executor';
import type { RouterChoice, RouterDecisionsGuard, RouterOutcome, RouterStorePort } from '../storage/ports/routers';
import type { LoadedVersion } from './definitions';

/** The node type whose choices are tracked. */
export const ROUTER_TYPE = 'router';

/** True when a token arriving at `nodeId` ends a router branch: a join, an end or another router. */
function endsBranch(loaded: LoadedVersion, nodeId: string): boolean {
  const node = loaded.compiled.nodes[nodeId];
  if (!node) return false;
  return node.behavior === 'end' || node.behavior === 'parallelJoin' || node.behavior === 'inclusiveJoin' || loaded.nodesById.get(nodeId)?.type === ROUTER_TYPE;
}

/**
 * Follows `log` (one batch, in order) through the run's open router branches, updating
 * `state.routes` in place, and returns the choices and outcomes to commit with the batch
 * (null when there are none).
 */
export function trackRouterBranches(loaded: LoadedVersion, run: { id: string; workflowId: string }, state: RunState, log: RunLogRecord[]): RouterDecisionsGuard | null {
  if (!state.routes && !log.some((r) => r.type === 'router.chose')) return null;
  const routes: RouteTracking = state.routes ?? { open: {}, steps: {} };
  const chose: RouterChoice[] = [];
  const ended: RouterOutcome[] = [];
  const end = (routerStepId: string, ok: boolean, at: number) => {
    const open = routes.open[routerStepId];
    if (!open) return;
    ended.push({ runId: run.id, stepId: routerStepId, ok, durationMs: at - open.at, endedAt: at });
    delete routes.open[routerStepId];
  };
  const tagOf = (stepId: string): string | undefined => (routes.open[stepId] ? stepId : routes.steps[stepId]);
  let arriving: { edgeId: string; tag: string } | null = null;
  for (const rec of log) {
    switch (rec.type) {
      case 'router.chose':
        if (loaded.nodesById.get(rec.nodeId)?.type !== ROUTER_TYPE || rec.port === 'default') break;
        routes.open[rec.stepId] = { nodeId: rec.nodeId, port: rec.port, at: rec.at };
        chose.push({ runId: run.id, stepId: rec.stepId, workflowId: run.workflowId, nodeId: rec.nodeId, candidate: rec.port, chosenAt: rec.at });
        break;
      case 'edge.taken': {
        const tag = tagOf(rec.fromStepId);
        arriving = tag && routes.open[tag] ? { edgeId: rec.edgeId, tag } : null;
        break;
      }
      case 'step.activated':
        if (arriving && rec.edgeId === arriving.edgeId) {
          if (endsBranch(loaded, rec.nodeId)) end(arriving.tag, true, rec.at);
          else routes.steps[rec.stepId] = arriving.tag;
        }
        arriving = null;
        break;
      case 'join.arrived':
        if (arriving) end(arriving.tag, true, rec.at);
        arriving = null;
        break;
      case 'step.failed': {
        const tag = tagOf(rec.stepId);
        if (tag && tag !== rec.stepId) end(tag, false, rec.at);
        break;
      }
      default:
        break;
    }
  }
  // Forget steps that are no longer live, and branches that can no longer end (the run
  // ended another way: cancelled, failed elsewhere, timed out — no reward either way).
  for (const id of Object.keys(routes.steps)) if (!state.live[id] || !routes.open[routes.steps[id]!]) delete routes.steps[id];
  const onBranch = new Set(Object.values(routes.steps));
  for (const id of Object.keys(routes.open)) if (!onBranch.has(id)) delete routes.open[id];
  if (Object.keys(routes.open).length === 0) delete state.routes;
  else state.routes = routes;
  return chose.length || ended.length ? { type: 'routerDecisions', chose, ended } : null;
}

/**
 * The router context executors get in runs of `run.workflowId` on version `loaded`:
 * histories from `store`, draws from `random`, connected ports from the compiled graph.
 */
export function routerContexts(store: RouterStorePort, random: () => number, run: { workflowId: string }, loaded: LoadedVersion): (nodeId: string) => RouterContext {
  return (nodeId) => ({
    history: (candidates, window) => store.history(run.workflowId, nodeId, candidates, window),
    random,
    connected: (port) => (loaded.compiled.outgoing[nodeId]?.[port]?.length ?? 0) > 0,
  });
}
