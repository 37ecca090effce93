'use client';
/**
 * Router statistics on the canvas: a provider holding each router node's candidates
 * (`RouterStatsService.list`, polled by the page that provides it) and the small table
 * a router card shows beside itself — per candidate its share of traffic, success
 * rate, median latency and breaker state.
 */
import { createContext, useContext } from 'react';
import type { RouterView } from '@/server/services/routers';
import { formatDuration } from '@/lib/util/time';

const RouterStatsContext = createContext<ReadonlyMap<string, RouterView> | null>(null);

/** Makes `stats` (router node id → its statistics) available to the router cards below. */
export function RouterStatsProvider({ stats, children }: { stats: readonly RouterView[] | undefined; children: React.ReactNode }) {
  const map = stats ? new Map(stats.map((r) => [r.nodeId, r])) : null;
  return <RouterStatsContext.Provider value={map}>{children}</RouterStatsContext.Provider>;
}

/** The statistics of router node `nodeId`, or null when none are provided. */
export function useRouterStats(nodeId: string): RouterView | null {
  return useContext(RouterStatsContext)?.get(nodeId) ?? null;
}

const BREAKER: Record<RouterView['candidates'][number]['breaker'], { label: string; dot: string; text: string }> = {
  closed: { label: 'closed', dot: 'bg-emerald-500', text: 'text-emerald-700' },
  halfOpen: { label: 'probing', dot: 'bg-amber-500', text: 'text-amber-700' },
  open: { label: 'open', dot: 'bg-rose-500', text: 'text-rose-700' },
};

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** The per-candidate table drawn to the right of a router card. */
export function RouterStatsPanel({ stats }: { stats: RouterView }) {
  const total = stats.candidates.reduce((n, c) => n + c.chosen, 0);
  return (
    <div
      data-testid="router-stats"
      className="pointer-events-auto absolute top-1/2 left-[calc(100%+10px)] z-10 w-[272px] -translate-y-1/2 rounded-lg bg-white/95 px-2.5 py-2 text-[10.5px] leading-[14px] shadow-sm ring-1 ring-slate-200"
    >
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <span className="font-semibold text-slate-700">{stats.policy === 'adaptive' ? 'Adaptive' : stats.policy}</span>
        <span className="text-slate-500 tabular-nums">{total} choices · last {stats.window}</span>
      </div>
      <table className="w-full border-collapse tabular-nums">
        <thead>
          <tr className="text-left text-[9.5px] tracking-wide text-slate-400 uppercase">
            <th className="font-medium">candidate</th>
            <th className="pl-2 text-right font-medium">share</th>
            <th className="pl-2 text-right font-medium">ok</th>
            <th className="pl-2 text-right font-medium">p50</th>
            <th className="pl-2 font-medium">breaker</th>
          </tr>
        </thead>
        <tbody>
          {stats.candidates.map((c) => {
            const b = BREAKER[c.breaker];
            return (
              <tr key={c.id} data-candidate={c.id} data-breaker={c.breaker} className="text-slate-700">
                <td className="max-w-[92px] truncate py-px font-medium" title={c.label}>
                  {c.label}
                </td>
                <td className="pl-2 text-right">{total ? pct(c.share) : '–'}</td>
                <td className="pl-2 text-right" title={`${c.succeeded} succeeded, ${c.failed} failed`}>
                  {pct(c.successRate)}
                </td>
                <td className="pl-2 text-right whitespace-nowrap">{c.p50Ms === null ? '–' : formatDuration(c.p50Ms)}</td>
                <td className={`pl-2 whitespace-nowrap ${b.text}`}>
                  <span aria-hidden className={`mr-1 inline-block h-1.5 w-1.5 rounded-full align-middle ${b.dot}`} />
                  {b.label}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
