'use client';
/**
 * The audit log: who did what, newest first, filtered by person, action and time
 * range, with a CSV download of exactly what the filters select
 * (`GET /api/v1/audit?format=csv`). Read-only: the log cannot be edited.
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { usePeople } from '@/components/runs/avatar';
import { AUDIT_ACTION_GROUPS } from '@/lib/audit/actions';
import { formatDateTime } from '@/lib/util/time';
import { AuditDetails, AuditTarget, type Names } from './audit-cells';

function dayStart(d: string): number | undefined {
  const t = d ? Date.parse(`${d}T00:00:00`) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

export function AuditPage() {
  const trpc = useTRPC();
  const nameOf = usePeople();
  const users = useQuery(trpc.users.list.queryOptions());
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = useMemo(() => {
    const end = dayStart(to);
    return { actor: actor || undefined, action: action || undefined, from: dayStart(from), to: end === undefined ? undefined : end + 86_400_000, limit: 500 };
  }, [actor, action, from, to]);
  const entries = useQuery(trpc.audit.list.queryOptions(filter));
  const workflows = useQuery({ ...trpc.workflows.list.queryOptions(), staleTime: 60_000 });
  const names: Names = useMemo(() => {
    const byId = new Map((workflows.data ?? []).map((w) => [w.id, w.name]));
    return { person: nameOf, workflow: (id) => byId.get(id) };
  }, [workflows.data, nameOf]);
  const csvHref = `/api/v1/audit?${new URLSearchParams(
    Object.entries({ format: 'csv', actor: filter.actor, action: filter.action, from: filter.from, to: filter.to }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  )}`;
  const input = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-700';

  return (
    <div className="mx-auto max-w-6xl px-8 py-7">
      <div className="mb-5 flex items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Audit log</h1>
          <p className="mt-1 text-sm text-slate-500">Every save, publish, run and task decision, as it happened. Entries cannot be changed or removed.</p>
        </div>
        <a data-testid="audit-csv" href={csvHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
          Export CSV
        </a>
      </div>
      <div className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-xs text-slate-500">
        <label className="flex flex-col gap-1">
          Person
          <select data-testid="audit-actor" className={input} value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Action
          <select data-testid="audit-action" className={input} value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Any action</option>
            {Object.entries(AUDIT_ACTION_GROUPS).map(([group, actions]) => (
              <optgroup key={group} label={group}>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          From
          <input type="date" className={input} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1">
          To
          <input type="date" className={input} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full table-fixed text-left text-sm" data-testid="audit-table">
          <colgroup>
            <col className="w-44" />
            <col className="w-36" />
            <col className="w-40" />
            <col className="w-64" />
            <col />
          </colgroup>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 font-semibold">When</th>
              <th className="px-4 py-2 font-semibold">Person</th>
              <th className="px-4 py-2 font-semibold">Action</th>
              <th className="px-4 py-2 font-semibold">Object</th>
              <th className="px-4 py-2 font-semibold">Details</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.data?.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td className="whitespace-nowrap px-4 py-2 align-top tabular-nums text-slate-500">{formatDateTime(e.at)}</td>
                <td className="truncate px-4 py-2 align-top text-slate-800" title={e.actor}>
                  {e.actor === 'system' ? <span className="text-slate-500">System</span> : nameOf(e.actor)}
                </td>
                <td className="px-4 py-2 align-top">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{e.action}</span>
                </td>
                <td className="truncate px-4 py-2 align-top text-[13px]" data-testid="audit-target">
                  <AuditTarget type={e.targetType} id={e.targetId} details={e.details} names={names} />
                </td>
                <td className="px-4 py-2 align-top text-xs">
                  <AuditDetails details={e.details} names={names} skip={e.targetType === 'run' ? ['workflowId'] : []} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.data?.length === 0 && <p className="p-8 text-center text-sm text-slate-500">No entries match these filters.</p>}
        {entries.isError && <p className="p-8 text-center text-sm text-red-600">Could not load the audit log: {entries.error.message}</p>}
      </div>
    </div>
  );
}
