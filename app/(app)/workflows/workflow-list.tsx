'use client';
/** The workflows page: every workflow with its version state and activity; create, import, open, rename, delete. */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { Badge, Button, IconButton } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { DeleteWorkflowDialog, RenameWorkflowDialog, type WorkflowRef } from './workflow-dialogs';
import { NewWorkflowDialog } from './template-gallery';
import { ImportButton } from './import-workflow';
import { useSession } from '@/components/auth/session';
import { formatDateTime, relativeTime } from '@/lib/util/time';

export function WorkflowList() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.workflows.list.queryOptions());
  const canEdit = useSession().can('workflow.edit');
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<WorkflowRef | null>(null);
  const [deleting, setDeleting] = useState<WorkflowRef | null>(null);
  const now = Date.now();
  const rows = list.data ?? [];
  const names = rows.map((w) => w.name);

  return (
    <div className="mx-auto w-full max-w-6xl px-8 py-10">
      <div className="mb-8 flex items-end gap-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Workflows</h1>
          <p className="mt-1 text-sm text-slate-500">Design processes on a canvas, publish versions, and run them.</p>
        </div>
        {canEdit && (
          <>
            <ImportButton takenNames={names} onImported={(id) => router.push(`/workflows/${id}`)} />
            <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-workflow" icon={<UiIcon name="plus" />}>
              New workflow
            </Button>
          </>
        )}
      </div>

      {list.isLoading ? (
        <TableSkeleton />
      ) : list.error ? (
        <div className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-700">Could not load workflows: {errorMessage(list.error)}</div>
      ) : rows.length === 0 ? (
        <EmptyState onCreate={canEdit ? () => setCreating(true) : undefined} />
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
          <table className="w-full table-fixed text-left text-sm" data-testid="workflow-table">
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50/80 text-xs font-medium text-slate-500">
                <th className="py-2.5 pr-4 pl-5 font-medium">Name</th>
                <th className="w-44 px-4 py-2.5 font-medium">Version</th>
                <th className="w-20 px-4 py-2.5 text-right font-medium">Nodes</th>
                <th className="w-20 px-4 py-2.5 text-right font-medium">Runs</th>
                <th className="w-32 px-4 py-2.5 font-medium">Updated</th>
                <th className="w-44 py-2.5 pr-5 pl-4">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((w) => (
                <tr
                  key={w.id}
                  data-testid="workflow-row"
                  data-workflow-id={w.id}
                  data-name={w.name}
                  onClick={(e) => {
                    if ((e.target as Element).closest('button, a')) return;
                    router.push(`/workflows/${w.id}`);
                  }}
                  className="group cursor-pointer transition-colors hover:bg-slate-50/70"
                >
                  <td className="py-3.5 pr-4 pl-5">
                    <div className="flex items-center gap-3">
                      <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
                        <UiIcon name="workflow" className="h-4 w-4" />
                      </span>
                      <div className="min-w-0">
                        <Link href={`/workflows/${w.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-700" data-testid="workflow-name-link">
                          {w.name}
                        </Link>
                        <p className="truncate text-[13px] text-slate-500">{w.description || <span className="text-slate-500">No description</span>}</p>
                      </div>
                    </div>
                  </td>
                  <td className="px-4 py-3.5">
                    <div className="flex flex-col items-start gap-1">
                      {w.latestVersion > 0 ? (
                        <Badge tone="indigo" data-testid="version-badge">
                          v{w.latestVersion}
                        </Badge>
                      ) : (
                        <Badge tone="slate" data-testid="version-badge">
                          Draft only
                        </Badge>
                      )}
                      {w.latestVersion > 0 && w.hasUnpublishedChanges && (
                        <span className="inline-flex items-center gap-1 text-[11.5px] text-amber-700" data-testid="unpublished-hint">
                          <span className="h-1.5 w-1.5 rounded-full bg-amber-500" />
                          unpublished changes
                        </span>
                      )}
                    </div>
                  </td>
                  <td className="px-4 py-3.5 text-right text-slate-600 tabular-nums">{w.nodeCount ?? 0}</td>
                  <td className="px-4 py-3.5 text-right tabular-nums">
                    {w.runCount > 0 ? (
                      <Link href={`/runs?workflow=${encodeURIComponent(w.id)}`} className="text-slate-600 hover:text-indigo-700">
                        {w.runCount}
                      </Link>
                    ) : (
                      <span className="text-slate-500">0</span>
                    )}
                  </td>
                  <td className="px-4 py-3.5 text-[13px] whitespace-nowrap text-slate-500" title={formatDateTime(w.updatedAt)}>
                    {relativeTime(w.updatedAt, now)}
                  </td>
                  <td className="py-3.5 pr-5 pl-4">
                    <div className="flex items-center justify-end gap-1">
                      <Link
                        href={`/workflows/${w.id}`}
                        data-testid="open-workflow"
                        className="mr-1 inline-flex h-8 items-center rounded-md border border-slate-200 bg-white px-3 text-[13px] font-medium text-slate-700 shadow-xs transition-colors hover:bg-slate-50 hover:text-slate-900"
                      >
                        Open
                      </Link>
                      {canEdit && (
                      <>
                      <IconButton label={`Rename ${w.name}`} data-testid="rename-workflow" onClick={() => setRenaming(w)} className="h-8! w-8!">
                        <UiIcon name="pencil" />
                      </IconButton>
                      <IconButton label={`Delete ${w.name}`} data-testid="delete-workflow" onClick={() => setDeleting(w)} className="h-8! w-8! hover:bg-red-50! hover:text-red-600!">
                        <UiIcon name="trash" />
                      </IconButton>
                      </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="border-t border-slate-100 bg-slate-50/60 px-5 py-2.5 text-xs text-slate-500">{plural(rows.length, 'workflow')}</div>
        </div>
      )}

      <NewWorkflowDialog open={creating} takenNames={names} onClose={() => setCreating(false)} />
      <RenameWorkflowDialog workflow={renaming} onClose={() => setRenaming(null)} />
      <DeleteWorkflowDialog workflow={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

function EmptyState({ onCreate }: { onCreate?: () => void }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center" data-testid="workflows-empty">
      <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
        <UiIcon name="workflow" className="h-6 w-6" />
      </div>
      <h2 className="text-base font-semibold text-slate-900">No workflows yet</h2>
      <p className="mt-1 max-w-sm text-sm text-slate-500">Create a workflow, draw its steps on the canvas, publish it and start your first run.</p>
      {onCreate && (
        <Button variant="primary" className="mt-5" onClick={onCreate} icon={<UiIcon name="plus" />}>
          New workflow
        </Button>
      )}
    </div>
  );
}

function TableSkeleton() {
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" role="status" aria-busy="true" aria-label="Loading workflows">
      <div className="h-10 border-b border-slate-200 bg-slate-50/80" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex items-center gap-3 border-b border-slate-100 px-5 py-4 last:border-b-0">
          <div className="h-8 w-8 animate-pulse rounded-lg bg-slate-100" />
          <div className="flex-1 space-y-2">
            <div className="h-3 w-48 animate-pulse rounded bg-slate-100" />
            <div className="h-3 w-72 animate-pulse rounded bg-slate-100" />
          </div>
          <div className="h-5 w-10 animate-pulse rounded-full bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
