/**
 * Router statistics per workflow (`GET /api/v1/workflows/{id}/routers`, the canvas):
 * for every router node of the workflow's latest published version (else its draft),
 * each candidate's share of traffic, outcomes over the node's window, median branch
 * duration and breaker state, as the next choice would see them.
 */
import 'server-only';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { parseNodeConfig } from '@/lib/nodes/registry';
import type { RouterConfig } from '@/lib/nodes/router/definition';
import { summarize, type BreakerState } from '@/lib/nodes/router/stats';
import type { Storage } from '../storage/port';
import type { WorkflowService } from './workflows';

/** One candidate's statistics. Times are epoch ms, durations ms. */
export interface RouterCandidateView {
  id: string;
  label: string;
  /** Times chosen, all time. */
  chosen: number;
  /** `chosen` as a fraction of the router's choices (0..1; 0 when it never chose). */
  share: number;
  /** Outcomes within the window. */
  succeeded: number;
  failed: number;
  /** `succeeded / (succeeded + failed)`, null without outcomes. */
  successRate: number | null;
  p50Ms: number | null;
  breaker: BreakerState;
  /** When an open breaker lets a probe through (epoch ms), else null. */
  retryAt: number | null;
}

export interface RouterView {
  nodeId: string;
  label: string;
  policy: RouterConfig['policy'];
  window: number;
  breaker: RouterConfig['breaker'];
  candidates: RouterCandidateView[];
}

export class RouterStatsService {
  constructor(
    private readonly storage: Storage,
    private readonly workflows: WorkflowService,
    private readonly clock: () => number,
  ) {}

  /**
   * The router nodes of workflow `id` with their statistics, in document order.
   * @throws AppError('not_found') for an unknown or deleted workflow.
   */
  async list(id: string): Promise<RouterView[]> {
    const w = await this.workflows.get(id);
    const doc: WorkflowDocument = w.latestVersion ? await this.workflows.getVersion(id, w.latestVersion) : w.draft;
    const now = this.clock();
    const out: RouterView[] = [];
    for (const node of doc.nodes) {
      if (node.type !== 'router') continue;
      const parsed = parseNodeConfig('router', node.config);
      if (!parsed?.success) continue;
      const c = parsed.data as RouterConfig;
      const history = await this.storage.routers.history(id, node.id, c.candidates.map((x) => x.id), c.window);
      const stats = c.candidates.map((x) => summarize(x.id, x.label, history[x.id] ?? { recent: [], chosen: 0, pendingSince: null }, c.breaker, now));
      const total = stats.reduce((n, s) => n + s.chosen, 0);
      out.push({
        nodeId: node.id,
        label: node.label || node.id,
        policy: c.policy,
        window: c.window,
        breaker: c.breaker,
        candidates: stats.map((s) => ({
          id: s.id,
          label: s.label,
          chosen: s.chosen,
          share: total ? s.chosen / total : 0,
          succeeded: s.succeeded,
          failed: s.failed,
          successRate: s.succeeded + s.failed ? s.succeeded / (s.succeeded + s.failed) : null,
          p50Ms: s.p50Ms,
          breaker: s.breaker,
          retryAt: s.retryAt,
        })),
      });
    }
    return out;
  }
}
