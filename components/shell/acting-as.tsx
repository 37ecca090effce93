'use client';
/** "Acting as" selector: which local person the browser acts as (cookie `baton_user`). Decisions record this id. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

export function ActingAs() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const me = useQuery(trpc.users.me.queryOptions());
  return (
    <label className="block text-xs">
      <span className="mb-1 block font-medium uppercase tracking-wide text-slate-500">Acting as</span>
      <select
        data-testid="acting-as"
        className="w-full rounded-md border border-slate-700 bg-slate-800 px-2 py-1.5 text-sm text-slate-100 outline-none focus:border-indigo-400"
        value={me.data?.id ?? ''}
        onChange={(e) => {
          document.cookie = `baton_user=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
          void qc.invalidateQueries();
        }}
      >
        {(users.data ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}
