'use client';
/**
 * Loads the router statistics of the workflow open in the designer (only while it has
 * a router node) and hands them to the router cards on the canvas; polled every 10 s so
 * shares, success rates and breakers follow the runs.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { useDesigner } from '@/lib/designer/store';
import { RouterStatsProvider } from '@/components/nodes/router-stats';

const POLL_MS = 10_000;

export function CanvasRouterStats({ workflowId, children }: { workflowId: string; children: React.ReactNode }) {
  const trpc = useTRPC();
  const hasRouter = useDesigner((s) => s.nodes.some((n) => n.data.nodeType === 'router'));
  const stats = useQuery({ ...trpc.workflows.routerStats.queryOptions({ id: workflowId }, { retry: false }), enabled: hasRouter, refetchInterval: POLL_MS });
  return <RouterStatsProvider stats={hasRouter ? stats.data : undefined}>{children}</RouterStatsProvider>;
}
