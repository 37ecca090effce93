'use client';
/**
 * The view of a big run (more log records than `FULL_REPLAY_MAX_RECORDS`): steps in
 * pages of {@link PAGE} (`runs.steps`, more on demand), each node's latest step
 * (`runs.nodes`, refreshed every {@link NODES_REFRESH_MS} while the run is active),
 * and the live tail of the log folded on top (see `lib/run-view/paged.ts`). Every
 * request is one bounded page, whatever the run's size.
 */
import { useMemo } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { pagedNodeStatuses, pagedRunView } from '@/lib/run-view/paged';
import type { NodeRunInfo } from '@/lib/run-view/node-status';
import type { EngineError } from '@/lib/engine/types';
import type { RunGraph, RunView, RunViewStatus } from '@/lib/run-view/types';

/** Steps per page in the list. */
const PAGE = 100;
/** How often the canvas overlay of an active big run is refreshed, ms. */
const NODES_REFRESH_MS = 2000;

const ACTIVE = new Set(['running', 'waiting', 'compensating', 'pending']);

export interface PagedRun {
  view: RunView;
  nodes: Record<string, NodeRunInfo>;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

export function usePagedRun(
  runId: string,
  enabled: boolean,
  tail: RunView,
  graph: RunGraph | undefined,
  run: { status: RunViewStatus; error: unknown } | undefined,
  tasks: readonly { id: string; stepId: string; status: string }[] | undefined,
): PagedRun | null {
  const trpc = useTRPC();
  const active = ACTIVE.has(tail.status !== 'pending' ? tail.status : (run?.status ?? 'pending'));
  const nodesQ = useQuery({ ...trpc.runs.nodes.queryOptions({ id: runId }), enabled, refetchInterval: active ? NODES_REFRESH_MS : false });
  const pages = useInfiniteQuery({
    ...trpc.runs.steps.infiniteQueryOptions({ runId, limit: PAGE }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
    enabled,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.steps) ?? [], [pages.data]);
  const taskByStep = useMemo(() => new Map((tasks ?? []).filter((t) => t.status === 'open').map((t) => [t.stepId, t.id])), [tasks]);
  const nodeRows = nodesQ.data?.nodes;
  return useMemo(() => {
    if (!enabled || !graph || !nodeRows || !run) return null;
    const view = pagedRunView(
      {
        tail,
        run: { status: nodesQ.data?.status ?? run.status, error: (run.error ?? null) as EngineError | null, live: nodesQ.data?.live ?? [] },
        pages: rows,
        complete: !pages.hasNextPage,
        nodes: nodeRows,
        tasks: taskByStep,
      },
      graph,
    );
    return {
      view,
      nodes: pagedNodeStatuses(view, graph, nodeRows),
      hasMore: Boolean(pages.hasNextPage),
      loadingMore: pages.isFetchingNextPage,
      loadMore: () => void pages.fetchNextPage(),
    };
  }, [enabled, graph, nodeRows, run, tail, nodesQ.data, rows, pages, taskByStep]);
}
