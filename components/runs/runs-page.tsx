'use client';
/**
 * Run history: every run, newest first, filtered by status, workflow and kind — runs of
 * published versions or test runs of drafts (kept in the URL:
 * `/runs?status=failed&workflow=<id>&kind=test`). Live: the shell's stream invalidates
 * `runs.list` whenever a run starts or changes status; durations of active runs tick.
 */
import { Play } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { RunStatus } from '@/lib/engine/types';
import { StatusPill } from './status';
import { LiveDuration, RelativeTime } from './time';
import { StartedBy } from './avatar';
import { runHref } from '@/lib/run-view/links';
import { VersionBadge } from './version-badge';

const KINDS: { id: '' | 'published' | 'test'; label: string }[] = [
  { id: '', label: 'All' },
  { id: 'published', label: 'Published' },
  { id: 'test', label: 'Test runs' },
];

const STATUSES: { id: RunStatus | ''; label: string }[] = [
  { id: '', label: 'All' },
  { id: 'running', label: 'Running' },
  { id: 'waiting', label: 'Waiting' },
  { id: 'succeeded', label: 'Succeeded' },
  { id: 'failed', label: 'Failed' },
  { id: 'compensating', label: 'Compensating' },
  { id: 'compensated', label: 'Compensated' },
  { id: 'cancelled', label: 'Cancelled' },
];

const GRID = 'grid grid-cols-[8.5rem_minmax(0,2.2fr)_minmax(0,1.1fr)_minmax(0,1.2fr)_8rem_6.5rem] items-center gap-4';

export function RunsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const status = (STATUSES.find((s) => s.id === params.get('status'))?.id ?? '') as RunStatus | '';
  const workflowId = params.get('workflow') ?? '';
  const kind = KINDS.find((k) => k.id === params.get('kind'))?.id ?? '';
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const runs = useQuery(trpc.runs.list.queryOptions({ status: status || undefined, workflowId: workflowId || undefined, kind: kind || undefined, limit: 200 }));

  const setFilter = (key: 'status' | 'workflow' | 'kind', value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const filtered = Boolean(status || workflowId || kind);
  const active = (runs.data ?? []).filter((r) => r.status === 'running' || r.status === 'waiting' || r.status === 'compensating').length;

  return (
    <div className="mx-auto max-w-6xl px-8 py-8">
      <header className="mb-6 flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Runs</h1>
          <p className="mt-1 text-sm text-slate-500">Every execution of every workflow, newest first. Updates live.</p>
        </div>
        {active > 0 && (
          <span className="inline-flex items-center gap-2 rounded-full bg-blue-50 px-3 py-1 text-xs font-medium text-blue-700 ring-1 ring-inset ring-blue-200">
            <span className="relative flex h-2 w-2">
              <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-blue-400 opacity-60" />
              <span className="relative inline-flex h-2 w-2 rounded-full bg-blue-500" />
            </span>
            {active} active
          </span>
        )}
      </header>

      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label="Filter by status" className="inline-flex rounded-lg bg-slate-100 p-0.5 ring-1 ring-inset ring-slate-200">
          {STATUSES.map((s) => (
            <button
              key={s.id || 'all'}
              role="tab"
              aria-selected={status === s.id}
              data-testid={`runs-filter-${s.id || 'all'}`}
              onClick={() => setFilter('status', s.id)}
              className={`rounded-md px-3 py-1.5 text-sm font-medium transition ${status === s.id ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900'}`}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm text-slate-500" aria-hidden>
          Kind
        </span>
        <div role="radiogroup" aria-label="Filter by kind" className="inline-flex rounded-lg bg-slate-100 p-0.5 ring-1 ring-inset ring-slate-200">
          {KINDS.map((k) => (
            <button
              key={k.id || 'all'}
              role="radio"
              aria-checked={kind === k.id}
              data-testid={`runs-kind-${k.id || 'all'}`}
              onClick={() => setFilter('kind', k.id)}
              className={`rounded-md px-3 py-1.5 text-sm font-medium transition ${kind === k.id ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900'}`}
            >
              {k.label}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-500">
          <span>Workflow</span>
          <select
            data-testid="runs-filter-workflow"
            value={workflowId}
            onChange={(e) => setFilter('workflow', e.target.value)}
            className="w-56 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-800 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
          >
            <option value="">All workflows</option>
            {(workflows.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        </div>
      </div>

      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className={`${GRID} border-b border-slate-200 bg-slate-50/80 px-5 py-2.5 text-xs font-medium uppercase tracking-wide text-slate-500`}>
          <span>Status</span>
          <span>Workflow</span>
          <span>Run</span>
          <span>Started by</span>
          <span>Started</span>
          <span className="text-right">Duration</span>
        </div>
        {runs.isPending ? (
          <SkeletonRows />
        ) : runs.isError ? (
          <p className="px-5 py-10 text-center text-sm text-red-600">Could not load runs: {runs.error.message}</p>
        ) : runs.data.length === 0 ? (
          <EmptyState filtered={filtered} onClear={() => router.replace(pathname, { scroll: false })} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {runs.data.map((r) => (
              <li key={r.id}>
                <Link href={runHref(r.id)} data-testid="run-row" data-run-id={r.id} data-status={r.status} className={`${GRID} group px-5 py-3 text-sm transition hover:bg-slate-50`}>
                  <span>
                    <StatusPill status={r.status} />
                  </span>
                  <span className="flex min-w-0 items-center gap-2">
                    <span className="truncate font-medium text-slate-900 group-hover:text-indigo-700">{r.workflowName}</span>
                    <VersionBadge version={r.version} />
                  </span>
                  <span className="truncate font-mono text-xs text-slate-500" title={r.id}>
                    {r.id}
                  </span>
                  <StartedBy id={r.startedBy} asLink={false} className="text-slate-700" />
                  <RelativeTime at={r.createdAt} className="text-slate-600" />
                  <span className="text-right text-slate-600">
                    <LiveDuration start={r.createdAt} end={r.endedAt} className={r.endedAt === null ? 'text-blue-700' : ''} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      {runs.data && runs.data.length >= 200 && <p className="mt-3 text-center text-xs text-slate-500">Showing the 200 most recent runs.</p>}
    </div>
  );
}

function SkeletonRows() {
  return (
    <div className="divide-y divide-slate-100">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className={`${GRID} px-5 py-3.5`}>
          {[20, 48, 36, 28, 20, 14].map((w, j) => (
            <span key={j} className={`h-3.5 animate-pulse rounded bg-slate-100 ${j === 5 ? 'ml-auto' : ''}`} style={{ width: `${w * 2}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}

function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div data-testid="runs-empty" className="flex flex-col items-center px-6 py-16 text-center">
      <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-8 ring-indigo-50/50">
        <Play aria-hidden className="h-6 w-6" />
      </div>
      {filtered ? (
        <>
          <h2 className="text-sm font-semibold text-slate-900">No runs match these filters</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">Try another status or workflow.</p>
          <button onClick={onClear} className="mt-4 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
            Clear filters
          </button>
        </>
      ) : (
        <>
          <h2 className="text-sm font-semibold text-slate-900">No runs yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">Publish a workflow and start it from the designer; its runs show up here as they happen.</p>
          <Link href="/workflows" className="mt-4 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">
            Go to workflows
          </Link>
        </>
      )}
    </div>
  );
}
