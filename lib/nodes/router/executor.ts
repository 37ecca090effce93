import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { Json } from '../../engine/types';
import type { RouterConfig } from './definition';
import { choose } from './policy';
import { summarize } from './stats';

/**
 * Chooses the branch (see `definition.ts` and `policy.ts`) from the candidates' recent
 * outcomes that the runner reads from storage (`ctx.router`). Output
 * `{ candidate, label, policy, probe, reason }`; the decision with the statistics seen
 * goes to the log as `router.chose`.
 * Errors: `ROUTER_NO_CANDIDATE` (every breaker open and `default` unconnected; not
 * retried), `ROUTER_UNAVAILABLE` (no router store wired: the node cannot run here).
 */
export const executeRouter: Executor<RouterConfig> = async (config, ctx) => {
  if (!ctx.router) throw new StepError(`Router "${ctx.label}" (${ctx.nodeId}) cannot run here: no router statistics are available`, { code: 'ROUTER_UNAVAILABLE' });
  const ids = config.candidates.map((c) => c.id);
  const history = await ctx.router.history(ids, config.window);
  const now = ctx.now?.() ?? Date.now();
  const stats = config.candidates.map((c) => summarize(c.id, c.label, history[c.id] ?? { recent: [], chosen: 0, pendingSince: null }, config.breaker, now));
  const decision = choose(config, stats, { random: ctx.router.random, connected: ctx.router.connected });
  if (!decision) {
    const open = stats.map((s) => `${s.label} (${s.failStreak} failures in a row)`).join(', ');
    throw new StepError(`Router "${ctx.label}" (${ctx.nodeId}): every candidate’s breaker is open (${open}) and nothing is connected to "default"`, { code: 'ROUTER_NO_CANDIDATE' });
  }
  const label = config.candidates.find((c) => c.id === decision.chosen)?.label ?? 'Default';
  ctx.log(decision.reason);
  return {
    output: { candidate: decision.chosen, label, policy: decision.policy, probe: decision.probe, reason: decision.reason },
    port: decision.chosen,
    decision: decision as unknown as Json,
  };
};
