'use client';
/**
 * The signed-in person's API keys: list (name, first characters, created, last used),
 * create (shown once), revoke; and how to call the REST API with one. Any role may
 * hold keys; a key acts with its owner's current roles.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { Button, IconButton } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { CreateApiKeyDialog, RevokeApiKeyDialog, type ApiKeyRow } from './api-key-dialogs';
import { formatDate, formatDateTime, relativeTime } from '@/lib/util/time';

export function ApiKeysPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const rows = list.data ?? [];
  const now = Date.now();

  return (
    <div className="mx-auto w-full max-w-5xl px-8 py-10">
      <div className="mb-8 flex items-end gap-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API keys</h1>
          <p className="mt-1 text-sm text-slate-500">Keys let scripts and other systems call Baton’s REST API as you, with your roles. Each is shown once, when you create it.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-api-key" icon={<UiIcon name="plus" />}>
          New API key
        </Button>
      </div>

      {list.isLoading ? (
        <div className="space-y-px overflow-hidden rounded-xl border border-slate-200 bg-white" role="status" aria-busy="true" aria-label="Loading API keys">
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="flex items-center gap-3 px-5 py-4">
              <div className="h-8 w-8 animate-pulse rounded-lg bg-slate-100" />
              <div className="h-3 w-48 animate-pulse rounded bg-slate-100" />
              <div className="ml-auto h-3 w-24 animate-pulse rounded bg-slate-100" />
            </div>
          ))}
        </div>
      ) : list.error ? (
        <div className="flex items-start gap-3 rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-700" role="alert" data-testid="api-keys-error">
          <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0" />
          <p className="flex-1">Could not load your API keys: {errorMessage(list.error)}</p>
          <Button size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center" data-testid="api-keys-empty">
          <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
            <UiIcon name="key" className="h-6 w-6" />
          </div>
          <h2 className="text-base font-semibold text-slate-900">No API keys yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">Create one for each script or system that calls Baton, so you can revoke one without breaking the others.</p>
          <Button variant="primary" className="mt-5" onClick={() => setCreating(true)} icon={<UiIcon name="plus" />}>
            New API key
          </Button>
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
          <table className="w-full table-fixed text-left text-sm" data-testid="api-key-table">
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50/80 text-xs font-medium text-slate-500">
                <th className="py-2.5 pr-4 pl-5 font-medium">Name</th>
                <th className="w-52 px-4 py-2.5 font-medium">Key</th>
                <th className="w-32 px-4 py-2.5 font-medium">Created</th>
                <th className="w-32 px-4 py-2.5 font-medium">Last used</th>
                <th className="w-16 py-2.5 pr-5 pl-4">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((k) => (
                <tr key={k.id} data-testid={`api-key-row-${k.name}`} className="transition-colors hover:bg-slate-50/70">
                  <td className="py-3 pr-4 pl-5">
                    <div className="flex items-center gap-3">
                      <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
                        <UiIcon name="key" />
                      </span>
                      <span className="truncate font-medium text-slate-900">{k.name}</span>
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[12px] text-slate-700" data-testid="api-key-start">
                      {k.start}…
                    </code>
                  </td>
                  <td className="px-4 py-3 text-[13px] whitespace-nowrap text-slate-500" title={formatDateTime(k.createdAt)}>
                    {formatDate(k.createdAt)}
                  </td>
                  <td className="px-4 py-3 text-[13px] whitespace-nowrap text-slate-500" title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined} data-testid="api-key-last-used">
                    {k.lastUsedAt ? relativeTime(k.lastUsedAt, now) : <span className="text-slate-500">Never</span>}
                  </td>
                  <td className="py-3 pr-5 pl-4">
                    <div className="flex justify-end">
                      <IconButton label={`Revoke ${k.name}`} data-testid="revoke-api-key" onClick={() => setRevoking(k)} className="h-8! w-8! hover:bg-red-50! hover:text-red-600!">
                        <UiIcon name="trash" />
                      </IconButton>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="border-t border-slate-100 bg-slate-50/60 px-5 py-2.5 text-xs text-slate-500">{plural(rows.length, 'key')}</div>
        </div>
      )}

      <Usage />

      <CreateApiKeyDialog open={creating} onClose={() => setCreating(false)} />
      <RevokeApiKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </div>
  );
}

/** How to send a key: the two headers the REST API accepts. */
function Usage() {
  // The origin is known only in the browser; render a placeholder on the server.
  const [origin, setOrigin] = useState('https://baton.example.com');
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <section className="mt-8 rounded-xl border border-slate-200 bg-white p-5 shadow-xs" data-testid="api-key-usage">
      <h2 className="text-sm font-semibold text-slate-900">Using a key</h2>
      <p className="mt-1 text-[13px] text-slate-500">
        Send it in the <code className="font-mono text-slate-700">X-API-Key</code> header (or as <code className="font-mono text-slate-700">Authorization: Bearer</code>) with every request to the REST API under{' '}
        <code className="font-mono text-slate-700">/api/v1</code>. Requests with a revoked key, or a key of a disabled account, get 401.
      </p>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-[12.5px] leading-relaxed text-slate-100">
        <span className="text-slate-400"># list workflows</span>
        {'\n'}curl -H <span className="text-emerald-300">&quot;X-API-Key: &lt;key&gt;&quot;</span> {origin}/api/v1/workflows
        {'\n'}
        <span className="text-slate-400"># the same, as a bearer token</span>
        {'\n'}curl -H <span className="text-emerald-300">&quot;Authorization: Bearer &lt;key&gt;&quot;</span> {origin}/api/v1/workflows
      </pre>
      <p className="mt-3 text-[13px] text-slate-500">
        The full API is described in{' '}
        <a href="/api/v1/openapi.json" className="font-medium text-indigo-600 hover:text-indigo-500">
          openapi.json
        </a>
        .
      </p>
    </section>
  );
}
