'use client';
/**
 * The run view's header: parent run (for child runs), workflow and version, run id,
 * status, who and when, duration, retries and time limit; cancel (running or
 * waiting), retry from failure (failed), designer link.
 */
import { Ban, ChevronLeft, Workflow } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { StatusPill } from '@/components/runs/status';
import { LiveDuration, RelativeTime } from '@/components/runs/time';
import { Person, StartedBy } from '@/components/runs/avatar';
import { parentRun, runHref } from '@/lib/run-view/links';
import type { RunRetry } from '@/lib/run-view/types';
import type { EngineError } from '@/lib/engine/types';
import { Modal, ModalDescription, ModalTitle } from '@/components/ui/modal';
import { CopyButton } from './json-view';
import { RetryDialog, RetryIcon } from './retry-dialog';
import { VersionBadge } from '@/components/runs/version-badge';
import type { StreamState } from './use-run-log';
import { useSession } from '@/components/auth/session';
import { formatTime } from '@/lib/util/time';

/** What the header needs to offer "Retry from failure" (a failed run). */
export interface RetryInfo {
  error: EngineError | null;
  failedNodeIds: string[];
  failedLabel: string | null;
}

export interface HeaderRun {
  id: string;
  workflowId: string;
  workflowName: string;
  /** null: a test run of the draft. */
  version: number | null;
  startedBy: string;
  trigger: string;
  createdAt: number;
}

export function RunHeader({
  run,
  status,
  startedAt,
  endedAt,
  stream,
  retry,
  retries = [],
  deadline = null,
}: {
  run: HeaderRun;
  status: string;
  startedAt: number;
  endedAt: number | null;
  stream: StreamState;
  /** Set for a failed run: offers "Retry from failure". */
  retry?: RetryInfo | null;
  retries?: readonly RunRetry[];
  deadline?: number | null;
}) {
  const active = status === 'running' || status === 'waiting' || status === 'pending' || status === 'compensating';
  const cancellable = status === 'running' || status === 'waiting' || status === 'pending';
  const [confirming, setConfirming] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const session = useSession();
  const parent = parentRun(run.id);
  const lastRetry = retries.at(-1);
  return (
    <header className="border-b border-slate-200 bg-white px-6 py-4">
      <nav className="mb-1.5 flex items-center gap-1.5 text-xs text-slate-500">
        <Link href="/runs" className="hover:text-slate-800">
          Runs
        </Link>
        <span className="text-slate-300">/</span>
        {parent && (
          <>
            <Link
              href={runHref(parent.runId)}
              data-testid="parent-run-link"
              title={`This run was started by step ${parent.stepId || '?'} of run ${parent.runId}`}
              className="inline-flex items-center gap-1 rounded-md bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-100"
            >
              <ChevronLeft aria-hidden className="h-3 w-3" />
              Parent run
              <span className="font-mono font-normal text-indigo-600/80">
                {parent.stepId ? parent.stepId : parent.runId}
                {parent.index !== null ? ` · item ${parent.index + 1}` : ''}
              </span>
            </Link>
            <span className="text-slate-300">/</span>
          </>
        )}
        <span className="group/json inline-flex items-center gap-1 font-mono text-slate-600">
          <span data-testid="run-id">{run.id}</span>
          <CopyButton text={() => run.id} label="Copy run id" className="h-5 border-0 bg-transparent px-0.5 shadow-none" />
        </span>
      </nav>
      <div className="flex items-center gap-4">
        <div className="flex min-w-0 flex-1 items-center gap-3">
          <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900">{run.workflowName}</h1>
          <VersionBadge version={run.version} size="md" />
          <StatusPill status={status} size="md" testId="run-status" />
          <StreamBadge stream={stream} active={active} />
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Link
            href={`/workflows/${run.workflowId}`}
            data-testid="open-designer"
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm transition hover:bg-slate-50"
          >
            <Workflow aria-hidden className="h-4 w-4 text-slate-500" />
            Open in designer
          </Link>
          {retry && session.can('run.retry') && (
            <button
              type="button"
              data-testid="retry-run"
              onClick={() => setRetrying(true)}
              className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
            >
              <RetryIcon className="h-4 w-4" />
              Retry from failure
            </button>
          )}
          {cancellable && session.can('run.cancel') && (
            <button
              type="button"
              data-testid="cancel-run"
              onClick={() => setConfirming(true)}
              className="inline-flex items-center gap-1.5 rounded-md border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 shadow-sm transition hover:border-red-300 hover:bg-red-50"
            >
              <Ban aria-hidden className="h-4 w-4" />
              Cancel run
            </button>
          )}
        </div>
      </div>
      <dl className="mt-2 flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-slate-500">
        <div className="flex items-center gap-1.5">
          <dt>Started by</dt>
          <dd className="text-slate-800">
            <StartedBy id={run.startedBy} />
          </dd>
        </div>
        <div className="flex items-center gap-1.5">
          <dt>Started</dt>
          <dd className="text-slate-800">
            <RelativeTime at={startedAt} />
          </dd>
        </div>
        <div className="flex items-center gap-1.5">
          <dt>Duration</dt>
          <dd className="text-slate-800" data-testid="run-duration">
            <LiveDuration start={startedAt} end={active ? null : (endedAt ?? startedAt)} />
          </dd>
        </div>
        <div className="flex items-center gap-1.5">
          <dt>Trigger</dt>
          <dd className="capitalize text-slate-800">{run.trigger}</dd>
        </div>
        {lastRetry && (
          <div className="flex items-center gap-1.5" data-testid="run-retries">
            <dt>Retried</dt>
            <dd className="text-slate-800">
              {retries.length > 1 ? `${retries.length}× · last ` : ''}
              <RelativeTime at={lastRetry.at} /> by <Person id={lastRetry.by} />
              {lastRetry.fromVersion !== null && lastRetry.toVersion !== null && lastRetry.toVersion !== lastRetry.fromVersion && (
                <span className="ml-1 font-mono text-xs text-slate-500">
                  v{lastRetry.fromVersion} → v{lastRetry.toVersion}
                </span>
              )}
            </dd>
          </div>
        )}
        {deadline !== null && active && (
          <div className="flex items-center gap-1.5">
            <dt>Time limit</dt>
            <dd className="text-slate-800">
              ends by <span className="tabular-nums">{formatTime(deadline)}</span>
            </dd>
          </div>
        )}
      </dl>
      {confirming && <CancelDialog runId={run.id} onClose={() => setConfirming(false)} />}
      {retrying && retry && <RetryDialog run={run} error={retry.error} failedNodeIds={retry.failedNodeIds} failedLabel={retry.failedLabel} onClose={() => setRetrying(false)} />}
    </header>
  );
}

function StreamBadge({ stream, active }: { stream: StreamState; active: boolean }) {
  if (!active) return null;
  if (stream === 'reconnecting')
    return (
      <span className="inline-flex items-center gap-1.5 text-xs font-medium text-amber-700">
        <span className="h-1.5 w-1.5 rounded-full bg-amber-500" />
        Reconnecting…
      </span>
    );
  if (stream !== 'live') return null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500" title="Following the run's events as they happen">
      <span className="relative flex h-2 w-2">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-500" />
      </span>
      Live
    </span>
  );
}

function CancelDialog({ runId, onClose }: { runId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.runs.pathKey() });
        onClose();
      },
    }),
  );
  return (
    <Modal open onClose={onClose} placement="center" described className="w-full max-w-md" testId="cancel-dialog">
      <div className="p-5">
        <div className="flex items-start gap-3">
          <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-red-100 text-red-600">
            <Ban aria-hidden className="h-4.5 w-4.5" />
          </span>
          <div>
            <ModalTitle>Cancel this run?</ModalTitle>
            <ModalDescription>Running steps are stopped, open inbox tasks are closed, and nothing new is scheduled. This cannot be undone.</ModalDescription>
          </div>
        </div>
        <label className="mt-4 block text-sm font-medium text-slate-700">
          Reason <span className="font-normal text-slate-500">(optional)</span>
          <textarea
            data-testid="cancel-reason"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
            placeholder="Started with the wrong input"
          />
        </label>
        {cancel.error && <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">{errorMessage(cancel.error)}</p>}
      </div>
      <div className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button type="button" onClick={onClose} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
          Keep running
        </button>
        <button
          type="button"
          data-testid="confirm-cancel"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate({ id: runId, reason: reason.trim() })}
          className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:opacity-60"
        >
          {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
        </button>
      </div>
    </Modal>
  );
}
