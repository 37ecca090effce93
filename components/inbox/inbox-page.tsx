'use client';
/**
 * The inbox: tasks on the left (tabs Mine / Unclaimed / All open / Completed, with
 * search and sort; it opens on the first tab that holds open tasks), the selected task on the
 * right. The selection lives in the URL (`/inbox?task=<id>`, or `/inbox/<id>`), so a
 * task link can be shared. Live: the shell's stream invalidates every `tasks` query
 * when the inbox changes, so new tasks appear and decided ones leave the open list.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { TaskList } from './task-list';
import { TaskDetail } from './task-detail';
import { useSession } from '@/components/auth/session';
import { EmptyTab, firstTabWithTasks, InboxTabs, type InboxTab as Tab } from './inbox-tabs';

export function InboxPage({ initialTaskId }: { initialTaskId?: string }) {
  const trpc = useTRPC();
  /** The tab the person chose; until then, the first tab with open tasks. */
  const [picked, setTab] = useState<Tab | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'created' | 'due' | 'priority'>('created');
  const [selectedId, setSelectedId] = useState<string | null>(initialTaskId ?? null);
  const [decidedId, setDecidedId] = useState<string | null>(null);
  const me = useQuery(trpc.users.me.queryOptions());
  const session = useSession();
  const q = { search: search.trim() || undefined, sort };
  const seeAll = session.can('task.see_all');
  const counts = {
    mine: useQuery(trpc.tasks.list.queryOptions({ view: 'mine' })).data?.length,
    groups: useQuery(trpc.tasks.list.queryOptions({ view: 'groups' })).data?.length,
    all: useQuery({ ...trpc.tasks.list.queryOptions({ view: 'all', status: 'open' }), enabled: seeAll }).data?.length,
  };
  const countsKnown = counts.mine !== undefined && counts.groups !== undefined && (!seeAll || counts.all !== undefined);
  const tab: Tab = picked ?? (countsKnown ? firstTabWithTasks(counts) : 'mine');
  const openTasks = useQuery(trpc.tasks.list.queryOptions(tab === 'completed' ? { view: 'mine', ...q } : tab === 'all' ? { view: 'all', status: 'open', ...q } : { view: tab, ...q }));
  const doneTasks = useQuery(trpc.tasks.list.queryOptions({ status: 'completed', ...q }));
  const list = tab !== 'completed' ? openTasks : doneTasks;

  // Nothing chosen yet: pin the longest-waiting open task (without touching the URL). Pinned, so
  // a live list update (someone else decides it) never swaps the task under a half-filled form.
  const firstId = (tab !== 'completed' ? openTasks.data?.[0]?.id : doneTasks.data?.[0]?.id) ?? null;
  useEffect(() => {
    if (selectedId === null && firstId) setSelectedId(firstId);
  }, [selectedId, firstId]);
  const effectiveId = selectedId ?? firstId;
  const fromList = [...(openTasks.data ?? []), ...(doneTasks.data ?? [])].find((t) => t.id === effectiveId);
  const detail = useQuery({ ...trpc.tasks.get.queryOptions({ id: effectiveId ?? '' }), enabled: Boolean(effectiveId), placeholderData: fromList });

  // A task opened from a link that is already completed: show the Completed tab.
  useEffect(() => {
    if (initialTaskId && detail.data?.id === initialTaskId && detail.data.status !== 'open') setTab('completed');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialTaskId, detail.data?.status]);

  const select = (id: string) => {
    setSelectedId(id);
    setDecidedId(null);
    // Stay on the route we are on (`/inbox/<id>` or `/inbox?task=<id>`); a shareable URL without a navigation.
    const onTaskRoute = window.location.pathname.startsWith('/inbox/');
    window.history.replaceState(null, '', onTaskRoute ? `/inbox/${encodeURIComponent(id)}` : `/inbox?task=${encodeURIComponent(id)}`);
  };

  return (
    <div className="flex h-full min-h-0">
      <aside className="flex w-[23rem] shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-4 pb-0 pt-5">
          <div className="mb-3 flex items-baseline justify-between">
            <h1 className="text-lg font-semibold tracking-tight text-slate-900">Inbox</h1>
            <span className="text-xs text-slate-500" data-testid="inbox-person">{me.data?.name ?? '…'}</span>
          </div>
          <div className="mb-3 flex gap-2">
            <input
              data-testid="inbox-search"
              type="search"
              aria-label="Search tasks"
              placeholder="Search title or workflow"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm outline-none focus:border-indigo-400"
            />
            <select data-testid="inbox-sort" aria-label="Sort tasks" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-700">
              <option value="created">Oldest first</option>
              <option value="due">Due date</option>
              <option value="priority">Priority</option>
            </select>
          </div>
          <InboxTabs
            tabs={(['mine', 'groups', 'all', 'completed'] as const).filter((t) => t !== 'all' || seeAll)}
            tab={tab}
            counts={counts}
            onChoose={(t) => {
              setTab(t);
              setSelectedId(null);
              setDecidedId(null);
            }}
          />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {list.isPending || (!picked && !countsKnown) ? (
            <ListSkeleton />
          ) : list.isError ? (
            <p className="p-6 text-sm text-red-600">Could not load tasks: {list.error.message}</p>
          ) : list.data.length === 0 ? (
            <EmptyTab
              tab={tab}
              counts={counts}
              onChoose={(t) => {
                setTab(t);
                setSelectedId(null);
              }}
            />
          ) : (
            <TaskList tasks={list.data} selectedId={effectiveId} onSelect={select} me={me.data?.id} completed={tab === 'completed'} />
          )}
        </div>
      </aside>
      <section className="min-w-0 flex-1 overflow-y-auto bg-slate-50">
        {detail.data ? (
          <TaskDetail
            key={detail.data.id}
            task={detail.data}
            me={me.data?.id}
            justDecided={decidedId === detail.data.id}
            onDecided={(id) => {
              setSelectedId(id);
              setDecidedId(id);
            }}
          />
        ) : detail.isError ? (
          <div className="flex h-full items-center justify-center p-8 text-sm text-slate-500">This task does not exist (any more).</div>
        ) : effectiveId ? (
          <div className="mx-auto max-w-3xl space-y-3 px-8 py-8">
            <div className="h-5 w-1/3 animate-pulse rounded bg-slate-200" />
            <div className="h-7 w-2/3 animate-pulse rounded bg-slate-200" />
            <div className="h-32 animate-pulse rounded-lg bg-slate-100" />
          </div>
        ) : (
          <div className="flex h-full flex-col items-center justify-center p-8 text-center">
            <p className="text-sm font-medium text-slate-700">Select a task</p>
            <p className="mt-1 text-sm text-slate-500">Its context and form appear here.</p>
          </div>
        )}
      </section>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div className="space-y-1 p-3">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="flex gap-3 rounded-md p-2">
          <div className="h-6 w-6 animate-pulse rounded-full bg-slate-100" />
          <div className="flex-1 space-y-2">
            <div className="h-3.5 w-4/5 animate-pulse rounded bg-slate-100" />
            <div className="h-3 w-1/2 animate-pulse rounded bg-slate-100" />
          </div>
        </div>
      ))}
    </div>
  );
}
