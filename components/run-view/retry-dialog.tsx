'use client';
/**
 * "Retry from failure": continues a failed run from the step(s) that failed, on the
 * run's own version or a newer published one. Choosing a newer version shows what
 * changed since the run's version (nodes, config fields, edges, settings), so the
 * person retrying sees whether the fix is in, and warns when a failed step's node
 * is gone. The run view keeps streaming: the retry arrives as `run.retried` and
 * new steps. A test run of the draft continues on its own draft snapshot (it has no version).
 */
import { useMemo, useState } from 'react';
import { RotateCw } from 'lucide-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import type { EngineError } from '@/lib/engine/types';
import { errorWithoutNode } from '@/lib/run-view/format';
import { diffVersions, previewValue, retryBlockers, type FieldChange, type VersionDiff } from '@/lib/run-view/version-diff';
import { RelativeTime } from '@/components/runs/time';
import { Person } from '@/components/runs/avatar';
import { Modal, ModalDescription, ModalTitle } from '@/components/ui/modal';

export interface RetryTarget {
  id: string;
  workflowId: string;
  workflowName: string;
  /** null: a test run of the draft. */
  version: number | null;
}

export function RetryDialog({
  run,
  error,
  failedNodeIds,
  failedLabel,
  onClose,
  onRetried,
}: {
  run: RetryTarget;
  error: EngineError | null;
  /** Nodes of the failed (and interrupted) steps a retry runs again. */
  failedNodeIds: string[];
  /** Label of the node that failed, for the summary. */
  failedLabel: string | null;
  onClose: () => void;
  onRetried?: (version: number | null) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const testRun = run.version === null;
  const own = run.version ?? 0;
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ id: run.workflowId }), enabled: !testRun });
  const versions = useMemo(() => (testRun ? [] : (workflow.data?.versions ?? []).filter((v) => v.version >= own).sort((a, b) => b.version - a.version)), [workflow.data, own, testRun]);
  const latest = versions[0]?.version ?? own;
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? own;
  const newer = !testRun && version !== own;

  const from = useQuery({ ...trpc.workflows.version.queryOptions({ id: run.workflowId, version: Math.max(own, 1) }), enabled: newer, staleTime: Infinity });
  const to = useQuery({ ...trpc.workflows.version.queryOptions({ id: run.workflowId, version }), enabled: newer, staleTime: Infinity });
  const diff = useMemo(() => (newer && from.data && to.data ? diffVersions(from.data, to.data) : null), [newer, from.data, to.data]);
  const blockers = useMemo(() => (newer && to.data ? retryBlockers(to.data, failedNodeIds) : []), [newer, to.data, failedNodeIds]);

  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: (res) => {
        void qc.invalidateQueries({ queryKey: trpc.runs.pathKey() });
        onRetried?.(res.version);
        onClose();
      },
    }),
  );

  return (
    <Modal open onClose={onClose} placement="center" described className="flex max-h-[min(44rem,calc(100vh-2rem))] w-full max-w-xl flex-col" testId="retry-dialog">
      <div className="border-b border-slate-100 p-5">
        <div className="flex items-start gap-3">
          <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-indigo-600">
            <RetryIcon className="h-4.5 w-4.5" />
          </span>
          <div className="min-w-0">
            <ModalTitle>Retry from failure</ModalTitle>
            <ModalDescription>
              The run continues where it failed{failedLabel ? <> — <b className="font-medium text-slate-700">{failedLabel}</b> runs again</> : ''}. Steps that succeeded keep their
              outputs and are not repeated.
            </ModalDescription>
            {error && (
              <p className="mt-2 line-clamp-2 rounded-md bg-red-50 px-2.5 py-1.5 font-mono text-xs text-red-700 ring-1 ring-inset ring-red-100" title={error.message}>
                {error.code ? `${error.code}: ` : ''}
                {error.nodeId ? errorWithoutNode(error.message) : error.message}
              </p>
            )}
          </div>
        </div>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto p-5">
        {testRun ? (
          <p className="rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="retry-snapshot">
            A test run continues on its own snapshot of the draft; later edits of the draft are not used. To try them, start a new test run.
          </p>
        ) : (
        <fieldset>
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Continue on version</legend>
          {workflow.isPending ? (
            <div className="h-14 animate-pulse rounded-lg bg-slate-100" />
          ) : (
            <div className="space-y-2" role="radiogroup">
              {(versions.length ? versions : [{ version: own, createdAt: 0, createdBy: '' }]).map((v) => {
                const selected = v.version === version;
                return (
                  <label
                    key={v.version}
                    data-testid={`retry-version-${v.version}`}
                    className={`flex cursor-pointer items-center gap-3 rounded-lg border px-3 py-2.5 text-sm transition ${
                      selected ? 'border-indigo-400 bg-indigo-50/60 ring-1 ring-indigo-400' : 'border-slate-200 hover:border-slate-300 hover:bg-slate-50'
                    }`}
                  >
                    <input type="radio" name="retry-version" className="sr-only" checked={selected} onChange={() => setChosen(v.version)} />
                    <span className={`flex h-4 w-4 shrink-0 items-center justify-center rounded-full border ${selected ? 'border-indigo-600 bg-indigo-600' : 'border-slate-300 bg-white'}`}>
                      {selected && <span className="h-1.5 w-1.5 rounded-full bg-white" />}
                    </span>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-700 ring-1 ring-inset ring-slate-200">v{v.version}</span>
                    <span className="min-w-0 flex-1 truncate text-slate-700">
                      {v.version === own ? 'This run’s version' : 'Newer version'}
                      {v.version === latest && v.version !== own && <span className="ml-1.5 rounded-full bg-emerald-50 px-1.5 py-0.5 text-[11px] font-medium text-emerald-700 ring-1 ring-inset ring-emerald-200">latest</span>}
                    </span>
                    {v.createdAt > 0 && (
                      <span className="shrink-0 text-xs text-slate-500">
                        <Person id={v.createdBy} className="text-slate-600" /> · <RelativeTime at={v.createdAt} />
                      </span>
                    )}
                  </label>
                );
              })}
            </div>
          )}
          {!workflow.isPending && versions.length <= 1 && (
            <p className="mt-2 text-xs text-slate-500">No newer version is published. To change the workflow before retrying, edit it in the designer and publish.</p>
          )}
        </fieldset>
        )}

        {newer && (
          <section className="mt-5" data-testid="version-diff">
            <h3 className="mb-2 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
              What changed
              <span className="font-mono normal-case tracking-normal text-slate-500">
                v{run.version} → v{version}
              </span>
            </h3>
            {!diff ? (
              from.isError || to.isError ? (
                <p className="text-sm text-red-600">Could not load the versions: {(from.error ?? to.error)?.message}</p>
              ) : (
                <div className="h-20 animate-pulse rounded-lg bg-slate-100" />
              )
            ) : (
              <DiffList diff={diff} />
            )}
          </section>
        )}

        {blockers.length > 0 && (
          <div data-testid="retry-blockers" className="mt-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-800">
            <p className="font-medium">This version cannot continue the run:</p>
            <ul className="mt-1 list-disc pl-5 text-amber-700">
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        )}
        {retry.error && <p className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200" data-testid="retry-error">{errorMessage(retry.error)}</p>}
      </div>

      <div className="flex items-center justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button type="button" data-testid="retry-cancel" onClick={onClose} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
          Cancel
        </button>
        <button
          type="button"
          data-autofocus
          data-testid="confirm-retry"
          disabled={retry.isPending || blockers.length > 0}
          onClick={() => retry.mutate({ id: run.id, version: newer ? version : undefined })}
          className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-60"
        >
          <RetryIcon className="h-4 w-4" />
          {retry.isPending ? 'Retrying…' : newer ? `Retry on v${version}` : 'Retry'}
        </button>
      </div>
    </Modal>
  );
}

function DiffList({ diff }: { diff: VersionDiff }) {
  if (diff.same)
    return <p className="rounded-lg border border-dashed border-slate-300 px-3 py-3 text-center text-sm text-slate-500">No changes that affect the run (only the layout moved).</p>;
  return (
    <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 text-sm">
      {diff.nodesAdded.map((n) => (
        <DiffRow key={`+${n.id}`} kind="added" title={n.name} />
      ))}
      {diff.nodesRemoved.map((n) => (
        <DiffRow key={`-${n.id}`} kind="removed" title={n.name} />
      ))}
      {diff.nodesChanged.map((n) => (
        <DiffRow key={`~${n.node.id}`} kind="changed" title={n.node.name} changes={n.changes} />
      ))}
      {diff.edgesAdded.map((e) => (
        <DiffRow key={`+e${e.id}`} kind="added" title={`Edge ${e.text}`} />
      ))}
      {diff.edgesRemoved.map((e) => (
        <DiffRow key={`-e${e.id}`} kind="removed" title={`Edge ${e.text}`} />
      ))}
      {diff.settings.length > 0 && <DiffRow kind="changed" title="Run settings" changes={diff.settings.map((c) => ({ ...c, path: c.path.replace(/^settings\./, '') }))} />}
    </ul>
  );
}

const KIND = {
  added: { sign: '+', label: 'Added', tone: 'bg-emerald-50 text-emerald-700 ring-emerald-200' },
  removed: { sign: '−', label: 'Removed', tone: 'bg-red-50 text-red-700 ring-red-200' },
  changed: { sign: '~', label: 'Changed', tone: 'bg-amber-50 text-amber-800 ring-amber-200' },
} as const;

function DiffRow({ kind, title, changes }: { kind: keyof typeof KIND; title: string; changes?: FieldChange[] }) {
  const k = KIND[kind];
  return (
    <li data-testid="diff-line" data-kind={kind} className="flex gap-2.5 bg-white px-3 py-2">
      <span className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded font-mono text-xs font-bold ring-1 ring-inset ${k.tone}`} title={k.label}>
        {k.sign}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-slate-800">
          <span className="sr-only">{k.label}: </span>
          {title}
          {changes && <span className="text-slate-500">: {changes.map((c) => `${c.path} ${c.kind}`).join(', ')}</span>}
        </p>
        {changes && changes.length > 0 && (
          <dl className="mt-1 space-y-0.5">
            {changes.map((c) => (
              <div key={c.path} className="flex min-w-0 items-baseline gap-1.5 font-mono text-[11px]">
                <dt className="shrink-0 text-slate-500">{c.path}</dt>
                <dd className="flex min-w-0 items-baseline">
                  {c.kind !== 'added' && <ValueChip value={c.before} tone="before" />}
                  {c.kind === 'changed' && <span className="shrink-0 px-1 text-slate-500">→</span>}
                  {c.kind !== 'removed' && <ValueChip value={c.after} tone="after" />}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}

/** A changed value as one line of JSON (cut by CSS; the whole value in the tooltip). */
function ValueChip({ value, tone }: { value: unknown; tone: 'before' | 'after' }) {
  const text = previewValue(value, Infinity) ?? '';
  return (
    <span
      title={text}
      className={`min-w-0 truncate rounded px-1 ${tone === 'before' ? 'bg-red-50 text-red-700 line-through decoration-red-300' : 'bg-emerald-50 text-emerald-700'}`}
    >
      {text}
    </span>
  );
}

/** The "retry" glyph (decorative). */
export function RetryIcon({ className = 'h-4 w-4' }: { className?: string }) {
  return <RotateCw aria-hidden className={className} />;
}
