'use client';
/** A person's initials in a coloured circle, and a hook mapping user ids to names. */
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { initials } from '@/lib/run-view/format';
import { runHref } from '@/lib/run-view/links';

const COLORS = ['bg-indigo-600', 'bg-sky-700', 'bg-violet-600', 'bg-teal-700', 'bg-orange-700', 'bg-rose-600', 'bg-lime-700', 'bg-fuchsia-700'];

function colorOf(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

/** id → display name for the local people (falls back to the id). */
export function usePeople(): (id: string | null | undefined) => string {
  const trpc = useTRPC();
  const users = useQuery({ ...trpc.users.list.queryOptions(), staleTime: 60_000 });
  return (id) => {
    if (!id) return '';
    return users.data?.find((u) => u.id === id)?.name ?? id;
  };
}

export function Avatar({ id, name, size = 'sm' }: { id: string; name?: string; size?: 'xs' | 'sm' | 'md' }) {
  const sz = size === 'xs' ? 'h-5 w-5 text-[9px]' : size === 'md' ? 'h-8 w-8 text-xs' : 'h-6 w-6 text-[10px]';
  if (!id)
    return (
      <span title="Anyone" className={`inline-flex shrink-0 items-center justify-center rounded-full bg-slate-200 font-semibold text-slate-500 ${sz}`}>
        ∗
      </span>
    );
  return (
    <span title={name ?? id} className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ${colorOf(id)} ${sz}`}>
      {initials(name ?? id)}
    </span>
  );
}

/** Avatar followed by the person's name. */
export function Person({ id, className }: { id: string | null | undefined; className?: string }) {
  const nameOf = usePeople();
  if (!id) return <span className={`text-slate-500 ${className ?? ''}`}>—</span>;
  const name = nameOf(id);
  return (
    <span className={`inline-flex min-w-0 items-center gap-2 ${className ?? ''}`}>
      <Avatar id={id} name={name} size="xs" />
      <span className="truncate">{name}</span>
    </span>
  );
}

/**
 * Who started a run: a person, or for a child run (sub-workflow, for-each item)
 * its parent run (`startedBy` = `run:<parentRunId>`), as a link unless `asLink` is
 * false (inside another link, e.g. a runs list row).
 */
export function StartedBy({ id, className, asLink = true }: { id: string; className?: string; asLink?: boolean }) {
  if (!id.startsWith('run:')) return <Person id={id} className={className} />;
  const runId = id.slice(4);
  const body = (
    <>
      <svg viewBox="0 0 24 24" className="h-4 w-4 shrink-0 text-indigo-500" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        <rect x="3.5" y="4" width="7" height="5.5" rx="1.5" />
        <rect x="13.5" y="14.5" width="7" height="5.5" rx="1.5" />
        <path d="M7 9.5v3.25a2 2 0 0 0 2 2h4.5M11.5 12.75l2 2-2 2" />
      </svg>
      <span className="truncate">
        run <span className="font-mono text-[0.9em]">{runId}</span>
      </span>
    </>
  );
  const cls = `inline-flex min-w-0 items-center gap-1.5 ${className ?? ''}`;
  return asLink ? (
    <Link href={runHref(runId)} title="Started by this run (a sub-workflow or for-each step)" className={`${cls} hover:text-indigo-700 hover:underline`}>
      {body}
    </Link>
  ) : (
    <span title="Started by another run (a sub-workflow or for-each step)" className={cls}>
      {body}
    </span>
  );
}
