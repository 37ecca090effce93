'use client';
/**
 * The nav's inbox badge: open tasks the acting person may act on and has not opened
 * yet (`tasks.unreadCount`). Live: the shell's stream invalidates every `tasks` query
 * when the inbox changes; opening a task invalidates it too.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

export function InboxBadge() {
  const trpc = useTRPC();
  const unread = useQuery(trpc.tasks.unreadCount.queryOptions());
  const n = unread.data ?? 0;
  if (n <= 0) return null;
  return (
    <span data-testid="inbox-badge" title={`${n} unread task${n === 1 ? '' : 's'}`} className="rounded-full bg-pink-500 px-2 py-0.5 text-xs font-semibold text-white">
      {n > 99 ? '99+' : n}
    </span>
  );
}
