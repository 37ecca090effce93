/**
 * Router statistics: every router choice and the outcome of its branch, kept durably
 * and shared by every process (table `router_decisions`). Choices and outcomes are
 * written only through the {@link RouterDecisionsGuard} commit guard, in the transaction
 * of the run transition that made the choice or ended the branch: a transition is
 * committed once (version guard), so an outcome is never lost or counted twice. Times
 * are epoch ms, durations ms. Implementations: `sqlite/routers.ts`, `pg/routers.ts`.
 */
import type { CandidateHistory } from '@/lib/nodes/router/stats';

/** A router's choice, recorded with the transition that made it. */
export interface RouterChoice {
  runId: string;
  /** The router's step id (`<nodeId>#<n>`). */
  stepId: string;
  workflowId: string;
  nodeId: string;
  candidate: string;
  chosenAt: number;
}

/** How the branch of choice (`runId`, `stepId`) ended. */
export interface RouterOutcome {
  runId: string;
  stepId: string;
  ok: boolean;
  durationMs: number;
  endedAt: number;
}

/**
 * Commit guard: records `chose` (a choice already recorded is left as it is) and then
 * fills in `ended` (only a choice without an outcome yet takes one; a second outcome
 * for the same choice changes nothing). Never refuses.
 */
export interface RouterDecisionsGuard {
  type: 'routerDecisions';
  chose: RouterChoice[];
  ended: RouterOutcome[];
}

/** Most candidates one history read takes (a router has at most 20). */
export const MAX_HISTORY_CANDIDATES = 50;

export interface RouterStorePort {
  /**
   * Each candidate's history at router `nodeId` of `workflowId`: its last `window`
   * finished outcomes (newest first), how often it was chosen in all, and when its
   * newest unfinished choice was made. Candidates never chosen get an empty history.
   * @throws RangeError for more than {@link MAX_HISTORY_CANDIDATES} candidates or a window outside 1..10,000.
   */
  history(workflowId: string, nodeId: string, candidates: string[], window: number): Promise<Record<string, CandidateHistory>>;
}

/** Checks a history read's bounds (shared by both implementations). */
export function checkHistoryArgs(candidates: string[], window: number): void {
  if (candidates.length > MAX_HISTORY_CANDIDATES) throw new RangeError(`at most ${MAX_HISTORY_CANDIDATES} candidates per history read, got ${candidates.length}`);
  if (!Number.isInteger(window) || window < 1 || window > 10_000) throw new RangeError(`window must be a whole number in 1..10000, got ${window}`);
}
