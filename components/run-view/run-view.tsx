'use client';
/**
 * The live run view: header, the workflow version's canvas with the run overlaid,
 * and a side panel (steps in activation order, step details with attempts, run
 * input/output). State comes from the run's event log over SSE (`useRunLog`), so a
 * reload replays to the same picture; tRPC supplies the run's metadata, the
 * published document, the run's tasks and each step's attempts. A big run (more
 * than `FULL_REPLAY_MAX_RECORDS` log records) is not replayed: its steps load in
 * pages and its canvas from each node's latest step, with the log followed from its
 * current end (`usePagedRun`). The page may hand over its first data read on the
 * server (`initial`: the run, its document, its tasks and the start of its log), so the
 * view draws at hydration without waiting for requests or the stream's replay.
 */
import { PanelRightClose, PanelRightOpen } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/lib/trpc/client';
import type { AppRouter } from '@/server/api/root';
import { nodeStatuses } from '@/lib/run-view/node-status';
import { errorWithoutNode } from '@/lib/run-view/format';
import type { RunGraph, RunView, StepRun } from '@/lib/run-view/types';
import type { RunLogRecord } from '@/lib/engine/types';
import { STATUS_TONE, StatusIcon } from '@/components/runs/status';
import { RunCanvas } from './run-canvas';
import { RunHeader } from './run-header';
import { StepsList } from './steps-list';
import { StepDetails } from './step-details';
import { RunIO } from './run-io';
import { fallbackMeta, nodeMetaMap } from './node-meta';
import { useRunLog } from './use-run-log';
import { usePagedRun } from './use-paged-run';
import { FULL_REPLAY_MAX_RECORDS } from '@/lib/run-view/paged';
import { TestRunBanner } from './test-run-banner';

type Tab = 'steps' | 'io';
type RouterOutputs = inferRouterOutputs<AppRouter>;

/** What the page may read on the server and hand over with the HTML (each part optional: a missing one is fetched here). */
export interface RunViewInitial {
  run?: RouterOutputs['runs']['get'];
  document?: RouterOutputs['runs']['document'];
  tasks?: RouterOutputs['tasks']['list'];
  /** The first records of the run's log (a run small enough to be replayed whole); the live stream follows from the last one. */
  log?: RunLogRecord[];
}

export function RunViewPage({ runId, initial }: { runId: string; initial?: RunViewInitial }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const run = useQuery({ ...trpc.runs.get.queryOptions({ id: runId }), initialData: initial?.run });
  // The run's own document: its published version, or a test run's draft snapshot (both never change).
  const doc = useQuery({ ...trpc.runs.document.queryOptions({ id: runId }), staleTime: Infinity, initialData: initial?.document });
  const tasks = useQuery({ ...trpc.tasks.list.queryOptions({ runId }), initialData: initial?.tasks });
  // Decided once per run from its first read: a big run follows its log from the end and pages its history.
  const [openedAt, setOpenedAt] = useState<{ runId: string; lastSeq: number } | null>(() => (initial?.run?.id === runId ? { runId, lastSeq: initial.run.lastSeq ?? 0 } : null));
  useEffect(() => {
    if (run.data && run.data.id === runId && openedAt?.runId !== runId) setOpenedAt({ runId, lastSeq: run.data.lastSeq ?? 0 });
  }, [run.data, runId, openedAt]);
  const big = openedAt?.runId === runId && openedAt.lastSeq > FULL_REPLAY_MAX_RECORDS;
  // The stream starts at once from the first record (a small run's live states must not be missed); a big run restarts it at its end.
  const { view: logView, stream } = useRunLog(runId, big ? openedAt.lastSeq : 0, initial?.log);
  const runFacts = useMemo(() => (run.data ? { status: run.data.status, error: run.data.error } : undefined), [run.data]);
  const paged = usePagedRun(runId, big, logView, doc.data, runFacts, tasks.data);
  const view = paged?.view ?? logView;
  const [tab, setTab] = useState<Tab>('steps');
  const [selected, setSelected] = useState<{ nodeId: string; stepId: string | null } | null>(null);
  const [panelOpen, setPanelOpen] = useState(true);

  const meta = useMemo(() => nodeMetaMap(doc.data), [doc.data]);
  // No overlay until the log's replay arrived: an all-"pending" canvas under a finished run's header would mislead.
  const logNodes = useMemo(() => (!big && doc.data && view.status !== 'pending' ? nodeStatuses(view, doc.data) : {}), [big, view, doc.data]);
  const nodes = paged?.nodes ?? logNodes;

  // The run row (ended time, status) changes with the run's status: refetch it then.
  useEffect(() => {
    if (view.status !== 'pending') void qc.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
  }, [view.status, qc, trpc, runId]);
  const stepTotal = big ? Math.max(run.data?.stepCount ?? 0, view.order.length) : view.order.length;

  /** Who a waiting user task is for: its assignee, else its candidate groups (e.g. after escalation to a group), else undefined (anyone). */
  const assigneeOf = (s: StepRun): string | undefined => {
    const t = tasks.data?.find((x) => x.id === s.taskId);
    if (t) return t.assignee || (t.candidateGroups.length ? `group ${t.candidateGroups.join(', ')}` : undefined);
    if (s.escalated?.reassignedTo) return `group ${s.escalated.reassignedTo}`;
    const a = meta.get(s.nodeId)?.config.assignee;
    return typeof a === 'string' && a ? a : undefined;
  };

  if (run.isError)
    return (
      <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
        <p className="text-base font-semibold text-slate-900">Run not found</p>
        <p className="text-sm text-slate-500">{run.error.message}</p>
        <Link href="/runs" className="mt-2 text-sm font-medium text-indigo-600 hover:underline">
          ← All runs
        </Link>
      </div>
    );
  if (!run.data) return <LoadingSkeleton />;

  const status = view.status !== 'pending' ? view.status : run.data.status;
  const startedAt = view.startedAt ?? run.data.createdAt;
  const endedAt = view.endedAt ?? run.data.endedAt;
  // A node selected before it ran shows its step as soon as it is activated.
  const selectedStep = selected ? view.steps[selected.stepId ?? view.latestByNode[selected.nodeId] ?? ''] : undefined;
  const selectNode = (nodeId: string | null) => {
    if (!nodeId) return setSelected(null);
    setTab('steps');
    setPanelOpen(true);
    setSelected({ nodeId, stepId: view.latestByNode[nodeId] ?? null });
  };
  const selectStep = (stepId: string) => {
    setTab('steps');
    setSelected({ nodeId: view.steps[stepId]!.nodeId, stepId });
  };

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="run-view" data-run-id={runId}>
      <RunHeader
        run={run.data}
        status={status}
        startedAt={startedAt}
        endedAt={endedAt}
        stream={stream}
        retries={view.retries}
        deadline={view.deadline}
        retry={
          status === 'failed'
            ? { error: view.error, failedNodeIds: retryNodes(view), failedLabel: view.error?.nodeId ? (meta.get(view.error.nodeId)?.label ?? view.error.nodeId) : null }
            : null
        }
      />
      {run.data.version === null && <TestRunBanner workflowId={run.data.workflowId} />}
      {view.status === 'failed' && view.error && (
        <button
          type="button"
          data-testid="run-banner"
          onClick={() => view.error?.nodeId && selectNode(view.error.nodeId)}
          className="flex items-center gap-2 border-b border-red-200 bg-red-50 px-6 py-2 text-left text-sm text-red-800 hover:bg-red-100/70"
        >
          <StatusIcon status="failed" />
          <span className="font-medium">Failed{view.error.nodeId ? ` at ${meta.get(view.error.nodeId)?.label ?? view.error.nodeId}` : ''}:</span>
          <span className="truncate">{view.error.nodeId ? errorWithoutNode(view.error.message) : view.error.message}</span>
        </button>
      )}
      {(view.status === 'compensating' || view.status === 'compensated') && (
        <CompensationBanner view={view} doc={doc.data} labelOf={(id) => meta.get(id)?.label ?? id} onSelect={selectNode} />
      )}
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1" data-testid="run-canvas">
          {doc.data ? (
            <RunCanvas doc={doc.data} view={view} nodes={nodes} selectedNodeId={selected?.nodeId ?? null} onSelectNode={selectNode} />
          ) : doc.isError ? (
            <div className="flex h-full items-center justify-center text-sm text-slate-500">
              Could not load {run.data.version === null ? 'the draft snapshot of this test run' : `version ${run.data.version} of this workflow`}: {doc.error.message}
            </div>
          ) : (
            <div className="h-full animate-pulse bg-slate-100/60" />
          )}
          <Progress nodes={nodes} />
          {!panelOpen && (
            <button
              type="button"
              data-testid="show-panel"
              onClick={() => setPanelOpen(true)}
              className="absolute right-4 top-4 z-10 inline-flex items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50"
            >
              <PanelIcon open={false} />
              Steps ({stepTotal.toLocaleString()})
            </button>
          )}
        </div>
        <aside className={`${panelOpen ? 'flex' : 'hidden'} w-[25rem] shrink-0 flex-col border-l border-slate-200 bg-white`}>
          <div className="flex items-center border-b border-slate-200 pl-4 pr-2 text-sm">
            <div role="tablist" aria-label="Run details" className="flex items-center gap-5">
            {(
              [
                ['steps', `Steps`],
                ['io', 'Input & output'],
              ] as const
            ).map(([id, label]) => (
              <button
                key={id}
                role="tab"
                aria-selected={tab === id}
                data-testid={`run-tab-${id}`}
                onClick={() => {
                  setTab(id);
                  if (id === 'steps') setSelected(null);
                }}
                className={`-mb-px flex items-center gap-1.5 border-b-2 py-2.5 font-medium transition ${tab === id ? 'border-indigo-500 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
              >
                {label}
                {id === 'steps' && <span data-testid="steps-count" className="rounded-full bg-slate-100 px-1.5 text-[11px] font-semibold tabular-nums text-slate-600">{stepTotal.toLocaleString()}</span>}
              </button>
            ))}
            </div>
            <button
              type="button"
              title="Hide panel (more room for the canvas)"
              aria-label="Hide panel"
              data-testid="hide-panel"
              onClick={() => setPanelOpen(false)}
              className="ml-auto rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
            >
              <PanelIcon open />
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">
            {tab === 'io' ? (
              <RunIO view={view} fallback={run.data} />
            ) : selected && selectedStep ? (
              <StepDetails
                key={selectedStep.stepId}
                runId={runId}
                step={selectedStep}
                meta={meta.get(selectedStep.nodeId) ?? fallbackMeta(selectedStep.nodeId)}
                assignee={assigneeOf(selectedStep)}
                onBack={() => setSelected(null)}
                onSelectStep={selectStep}
                labelOf={(id) => meta.get(id)?.label ?? id}
              />
            ) : selected ? (
              <UnreachedNode label={meta.get(selected.nodeId)?.label ?? selected.nodeId} status={nodes[selected.nodeId]?.status ?? 'pending'} onBack={() => setSelected(null)} />
            ) : (
              <>
                <StepsList view={view} meta={meta} selectedStepId={null} onSelect={selectStep} assigneeOf={assigneeOf} />
                {paged && <LoadMore shown={view.order.length} total={stepTotal} hasMore={paged.hasMore} loading={paged.loadingMore} onMore={paged.loadMore} />}
              </>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

/** Below a big run's steps: how many are shown, and the next page (on click, or when scrolled into view). */
function LoadMore({ shown, total, hasMore, loading, onMore }: { shown: number; total: number; hasMore: boolean; loading: boolean; onMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !hasMore || loading) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMore(), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loading, onMore]);
  return (
    <div className="flex flex-col items-center gap-2 px-4 pb-5 pt-1 text-xs text-slate-500" data-testid="steps-paging">
      <span className="tabular-nums">
        Showing {shown.toLocaleString()} of {total.toLocaleString()} steps
      </span>
      {hasMore && (
        <button
          ref={ref}
          type="button"
          data-testid="steps-load-more"
          disabled={loading}
          onClick={onMore}
          className="rounded-md border border-slate-200 bg-white px-3 py-1.5 font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
        >
          {loading ? 'Loading…' : 'Load more steps'}
        </button>
      )}
    </div>
  );
}

function PanelIcon({ open }: { open: boolean }) {
  return (
    open ? <PanelRightClose aria-hidden className="h-4 w-4" /> : <PanelRightOpen aria-hidden className="h-4 w-4" />
  );
}

/** Words of the canvas counts where a node's status reads differently from a run's. */
const PROGRESS_LABEL: Partial<Record<string, string>> = { compensating: 'being undone', compensated: 'undone' };

/** Counts by status, floating over the canvas. */
function Progress({ nodes }: { nodes: Record<string, { status: string }> }) {
  const counts = new Map<string, number>();
  for (const n of Object.values(nodes)) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const order = ['running', 'retrying', 'waiting', 'succeeded', 'handled', 'failed', 'compensating', 'compensated', 'cancelled', 'skipped', 'pending'] as const;
  const shown = order.filter((s) => counts.get(s));
  if (!shown.length) return null;
  return (
    <div className="pointer-events-none absolute left-4 top-4 z-10 flex items-center gap-3 rounded-lg border border-slate-200 bg-white/90 px-3 py-1.5 text-xs text-slate-600 shadow-sm backdrop-blur">
      {shown.map((s) => (
        <span key={s} className="inline-flex items-center gap-1" title={STATUS_TONE[s].label}>
          <StatusIcon status={s} className="h-3.5 w-3.5" />
          <span className="tabular-nums font-medium text-slate-800">{counts.get(s)}</span>
          <span className="text-slate-500">{PROGRESS_LABEL[s] ?? STATUS_TONE[s].label.toLowerCase()}</span>
        </span>
      ))}
    </div>
  );
}

/** Nodes a retry from failure runs again: the failed steps (not handled ones) and those the failure cancelled. */
function retryNodes(view: RunView): string[] {
  const out = new Set<string>();
  for (const id of view.order) {
    const s = view.steps[id]!;
    if (s.status === 'failed' && !s.handled && view.latestByNode[s.nodeId] === id) out.add(s.nodeId);
    if (s.status === 'cancelled' && s.endedAt !== null && s.endedAt === view.endedAt) out.add(s.nodeId);
  }
  return [...out];
}

/** While and after a run compensates: why, and how many completed steps were undone. */
function CompensationBanner({ view, doc, labelOf, onSelect }: { view: RunView; doc: RunGraph | undefined; labelOf: (nodeId: string) => string; onSelect: (nodeId: string) => void }) {
  const handlers = view.compensation?.handlers ?? [];
  const done = handlers.filter((h) => view.steps[h]?.status === 'succeeded').length;
  // Steps to undo: completed steps of nodes that have a compensation handler.
  const compensable = new Set((doc?.edges ?? []).filter((e) => e.sourcePort === 'compensation').map((e) => e.source));
  const total = Math.max(handlers.length, view.order.filter((id) => view.steps[id]!.status === 'succeeded' && compensable.has(view.steps[id]!.nodeId)).length);
  const error = view.compensation?.error ?? view.error;
  const finished = view.status === 'compensated';
  const cause = error ? (error.nodeId ? `${labelOf(error.nodeId)} failed: ${errorWithoutNode(error.message)}` : `the run failed: ${error.message}`) : 'the run reached a compensating end';
  return (
    <div data-testid="run-banner" className="flex items-center gap-2 border-b border-violet-200 bg-violet-50 px-6 py-2 text-sm text-violet-900">
      <StatusIcon status={finished ? 'compensated' : 'compensating'} />
      <span className="shrink-0 font-medium">
        {finished
          ? `Compensated: ${done} completed step${done === 1 ? ' was' : 's were'} undone`
          : `Compensating: undoing ${total} completed step${total === 1 ? '' : 's'}, latest first · ${done} of ${total} undone`}
      </span>
      <span className="text-violet-400">·</span>
      {error?.nodeId ? (
        <button type="button" onClick={() => onSelect(error.nodeId!)} className="min-w-0 truncate text-left text-violet-800 underline decoration-violet-300 underline-offset-2 hover:decoration-violet-600">
          after {cause}
        </button>
      ) : (
        <span className="min-w-0 truncate text-violet-800">after {cause}</span>
      )}
    </div>
  );
}

function UnreachedNode({ label, status, onBack }: { label: string; status: string; onBack: () => void }) {
  return (
    <div className="p-4">
      <button type="button" onClick={onBack} className="mb-3 text-xs font-medium text-slate-500 hover:text-slate-800">
        ← All steps
      </button>
      <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center">
        <StatusIcon status={status} className="mx-auto h-6 w-6" />
        <p className="mt-2 text-sm font-medium text-slate-800">{label}</p>
        <p className="mt-1 text-sm text-slate-500">{status === 'skipped' ? 'Not reached in this run: the path to it was not taken.' : 'Not reached yet.'}</p>
      </div>
    </div>
  );
}

function LoadingSkeleton() {
  return (
    <div className="flex h-full flex-col">
      <div className="border-b border-slate-200 bg-white px-6 py-5">
        <div className="h-3 w-40 animate-pulse rounded bg-slate-100" />
        <div className="mt-3 h-6 w-72 animate-pulse rounded bg-slate-200" />
        <div className="mt-3 h-3 w-96 animate-pulse rounded bg-slate-100" />
      </div>
      <div className="flex flex-1">
        <div className="flex-1 animate-pulse bg-slate-100/60" />
        <div className="w-[25rem] border-l border-slate-200 bg-white" />
      </div>
    </div>
  );
}
