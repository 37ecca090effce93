'use client';
/** The Credentials page: stored secrets (masked), where each is used; create, edit/rotate, delete. */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { credentialTypeSpec } from '@/lib/credentials/types';
import { Badge, Button, IconButton } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { CreateCredentialDialog, DeleteCredentialDialog, EditCredentialDialog, type CredentialRow } from './credential-dialogs';
import { formatDateTime, relativeTime } from '@/lib/util/time';

export function CredentialsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.credentials.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<CredentialRow | null>(null);
  const [deleting, setDeleting] = useState<CredentialRow | null>(null);
  const rows = list.data ?? [];
  const now = Date.now();

  return (
    <div className="mx-auto w-full max-w-6xl px-8 py-10">
      <div className="mb-8 flex items-end gap-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Credentials</h1>
          <p className="mt-1 text-sm text-slate-500">API keys, tokens and passwords your nodes use. Encrypted at rest, never sent to the browser.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-credential" icon={<UiIcon name="plus" />}>
          New credential
        </Button>
      </div>

      {list.isLoading ? (
        <div className="h-40 animate-pulse rounded-xl border border-slate-200 bg-white" role="status" aria-busy="true" aria-label="Loading credentials" />
      ) : list.error ? (
        <div className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-700">Could not load credentials: {errorMessage(list.error)}</div>
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center" data-testid="credentials-empty">
          <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-amber-50 text-amber-700 ring-1 ring-amber-100 ring-inset">
            <UiIcon name="key" className="h-6 w-6" />
          </div>
          <h2 className="text-base font-semibold text-slate-900">No credentials yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">Store a token or key once; HTTP, webhook and AI nodes pick it by name, and rotating it here updates them all.</p>
          <Button variant="primary" className="mt-5" onClick={() => setCreating(true)} icon={<UiIcon name="plus" />}>
            New credential
          </Button>
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
          <table className="w-full table-fixed text-left text-sm" data-testid="credential-table">
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50/80 text-xs font-medium text-slate-500">
                <th className="py-2.5 pr-4 pl-5 font-medium">Name</th>
                <th className="w-64 px-4 py-2.5 font-medium">Values</th>
                <th className="w-60 px-4 py-2.5 font-medium">Used by</th>
                <th className="w-32 px-4 py-2.5 font-medium">Updated</th>
                <th className="w-28 py-2.5 pr-5 pl-4">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => {
                const spec = credentialTypeSpec(c.type);
                const workflows = [...new Map(c.usedBy.map((u) => [u.workflowId, u.workflowName])).entries()];
                return (
                  <tr key={c.id} data-testid="credential-row" data-name={c.name} className="transition-colors hover:bg-slate-50/70">
                    <td className="py-3.5 pr-4 pl-5">
                      <div className="flex items-center gap-3">
                        <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-amber-50 text-amber-700 ring-1 ring-amber-100 ring-inset">
                          <UiIcon name="key" />
                        </span>
                        <div className="min-w-0">
                          <p className="truncate font-medium text-slate-900">{c.name}</p>
                          <p className="mt-0.5">
                            <Badge tone="slate">{spec.label}</Badge>
                          </p>
                        </div>
                      </div>
                    </td>
                    <td className="px-4 py-3.5">
                      <dl className="space-y-0.5 text-[12.5px]">
                        {spec.fields.map((f) => (
                          <div key={f.key} className="flex min-w-0 gap-2">
                            <dt className="shrink-0 text-slate-500">{f.label}</dt>
                            <dd className={`truncate font-mono ${f.secret ? 'tracking-widest text-slate-500' : 'text-slate-700'}`} data-testid={`credential-value-${f.key}`}>
                              {c.fields[f.key]}
                            </dd>
                          </div>
                        ))}
                      </dl>
                    </td>
                    <td className="px-4 py-3.5 text-[13px]">
                      {workflows.length === 0 ? (
                        <span className="text-slate-500">Not used</span>
                      ) : (
                        <ul className="space-y-0.5" data-testid="credential-used-by">
                          {workflows.slice(0, 3).map(([id, name]) => (
                            <li key={id} className="truncate">
                              <Link href={`/workflows/${id}`} className="text-slate-700 hover:text-indigo-700">
                                {name}
                              </Link>
                            </li>
                          ))}
                          {workflows.length > 3 && <li className="text-slate-500">and {plural(workflows.length - 3, 'more workflow')}</li>}
                        </ul>
                      )}
                    </td>
                    <td className="px-4 py-3.5 text-[13px] whitespace-nowrap text-slate-500" title={formatDateTime(c.updatedAt)}>
                      {relativeTime(c.updatedAt, now)}
                      {c.rotatedAt && <span className="block text-[11.5px] text-slate-500">rotated {relativeTime(c.rotatedAt, now)}</span>}
                    </td>
                    <td className="py-3.5 pr-5 pl-4">
                      <div className="flex items-center justify-end gap-1">
                        <IconButton label={`Edit ${c.name}`} data-testid="edit-credential" onClick={() => setEditing(c)} className="h-8! w-8!">
                          <UiIcon name="pencil" />
                        </IconButton>
                        <IconButton label={`Delete ${c.name}`} data-testid="delete-credential" onClick={() => setDeleting(c)} className="h-8! w-8! hover:bg-red-50! hover:text-red-600!">
                          <UiIcon name="trash" />
                        </IconButton>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="border-t border-slate-100 bg-slate-50/60 px-5 py-2.5 text-xs text-slate-500">{plural(rows.length, 'credential')}</div>
        </div>
      )}

      <CreateCredentialDialog open={creating} onClose={() => setCreating(false)} />
      <EditCredentialDialog credential={editing} onClose={() => setEditing(null)} />
      <DeleteCredentialDialog credential={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}
