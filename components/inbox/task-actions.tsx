'use client';
/**
 * What the acting person may do with an open task besides deciding it: claim it (only
 * the claimer then decides), release it, or delegate it to someone else with a
 * reason. Shows who holds the claim and the four-eyes progress ("1 of 2 approvals").
 * The server enforces every rule; refusals are shown as they come back.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { Person } from '@/components/runs/avatar';
import type { TaskView } from './types';
import { formatDateTime } from '@/lib/util/time';

export function ApprovalsProgress({ task }: { task: Pick<TaskView, 'approvals' | 'requiredApprovals'> }) {
  if (task.requiredApprovals <= 1) return null;
  const pct = Math.min(100, Math.round((task.approvals / task.requiredApprovals) * 100));
  return (
    <span data-testid="approvals-progress" className="inline-flex items-center gap-2 text-xs font-medium text-slate-600">
      <span className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200">
        <span className="block h-full rounded-full bg-emerald-500 transition-all" style={{ width: `${pct}%` }} />
      </span>
      {task.approvals} of {task.requiredApprovals} approvals
    </span>
  );
}

export function TaskActions({ task, me }: { task: TaskView; me: string | undefined }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [delegating, setDelegating] = useState(false);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const users = useQuery(trpc.users.list.queryOptions());
  const approvals = useQuery(trpc.tasks.approvals.queryOptions({ id: task.id }));
  const done = {
    onSuccess: () => {
      setError(null);
      setDelegating(false);
      setReason('');
      void qc.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
    },
    onError: (err: unknown) => setError(errorMessage(err)),
  };
  const claim = useMutation(trpc.tasks.claim.mutationOptions(done));
  const unclaim = useMutation(trpc.tasks.unclaim.mutationOptions(done));
  const delegate = useMutation(trpc.tasks.delegate.mutationOptions(done));
  const mine = task.claimedBy !== null && task.claimedBy === me;
  const btn = 'rounded-md border px-3 py-1.5 text-sm font-medium shadow-sm transition disabled:opacity-50';

  return (
    <section className="mt-5 rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid="task-actions">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex-1 text-sm text-slate-600" data-testid="task-claim-state">
          {task.claimedBy ? (
            <span className="inline-flex items-center gap-1.5">
              Claimed by <Person id={task.claimedBy} />
            </span>
          ) : (
            <span>Not claimed — any potential owner may take it.</span>
          )}
        </div>
        <ApprovalsProgress task={task} />
        {task.status === 'open' && !task.claimedBy && (
          <button data-testid="task-claim" className={`${btn} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500`} disabled={claim.isPending} onClick={() => claim.mutate({ id: task.id })}>
            Claim
          </button>
        )}
        {task.status === 'open' && mine && (
          <button data-testid="task-unclaim" className={`${btn} border-slate-300 bg-white text-slate-700 hover:bg-slate-50`} disabled={unclaim.isPending} onClick={() => unclaim.mutate({ id: task.id })}>
            Release
          </button>
        )}
        {task.status === 'open' && (
          <button data-testid="task-delegate" className={`${btn} border-slate-300 bg-white text-slate-700 hover:bg-slate-50`} onClick={() => setDelegating((v) => !v)}>
            Delegate…
          </button>
        )}
      </div>
      {delegating && (
        <form
          data-testid="delegate-dialog"
          className="mt-3 grid gap-2 border-t border-slate-100 pt-3 sm:grid-cols-[12rem_1fr_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            delegate.mutate({ id: task.id, userId: to, reason });
          }}
        >
          <select data-testid="delegate-to" required value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">Choose a person…</option>
            {(users.data ?? [])
              .filter((u) => u.id !== me)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
          <input data-testid="delegate-reason" required maxLength={1000} placeholder="Reason (recorded)" value={reason} onChange={(e) => setReason(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          <button type="submit" disabled={delegate.isPending} className={`${btn} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`}>
            Hand over
          </button>
        </form>
      )}
      {(approvals.data?.length ?? 0) > 0 && (
        <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-xs text-slate-600" data-testid="approvals-list">
          {approvals.data!.map((a) => (
            <li key={a.by} className="flex items-center gap-1.5">
              <Person id={a.by} /> chose <span className="font-semibold">{a.outcome}</span> · {formatDateTime(a.at)}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" data-testid="task-action-error" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </section>
  );
}
