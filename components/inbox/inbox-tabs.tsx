'use client';
/**
 * The inbox's tabs (Mine / Unclaimed in my groups / All open / Completed) with the number
 * of open tasks on each, and the empty state of a tab that points to the tabs that do
 * have tasks. The inbox opens on the first tab holding open tasks ({@link firstTabWithTasks}),
 * so the nav badge's count is never hidden behind an empty "Mine".
 */
export type InboxTab = 'mine' | 'groups' | 'all' | 'completed';

export const TAB_LABEL: Record<InboxTab, string> = { mine: 'Mine', groups: 'Unclaimed', all: 'All open', completed: 'Completed' };
const TAB_TITLE: Record<InboxTab, string> = {
  mine: 'Tasks assigned to you or claimed by you',
  groups: "Unclaimed tasks of your groups and tasks you are a candidate for: claim one to work on it",
  all: 'Every open task (admins)',
  completed: 'Tasks decided by you or in your view',
};

/** Open-task counts per tab (undefined while loading or not shown). */
export type TabCounts = Partial<Record<'mine' | 'groups' | 'all', number>>;

/** The tab to open on: "Mine" unless it is empty and another open tab has tasks (groups first). */
export function firstTabWithTasks(counts: TabCounts): InboxTab {
  if ((counts.mine ?? 0) > 0) return 'mine';
  if ((counts.groups ?? 0) > 0) return 'groups';
  if ((counts.all ?? 0) > 0) return 'all';
  return 'mine';
}

export function InboxTabs({ tabs, tab, counts, onChoose }: { tabs: readonly InboxTab[]; tab: InboxTab; counts: TabCounts; onChoose: (t: InboxTab) => void }) {
  return (
    <div role="tablist" aria-label="Task views" className="-mb-px flex gap-4 text-[13px]">
      {tabs.map((t) => {
        const count = t === 'completed' ? undefined : counts[t];
        return (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            data-testid={`inbox-tab-${t}`}
            title={TAB_TITLE[t]}
            onClick={() => t !== tab && onChoose(t)}
            className={`flex min-w-0 items-center gap-1.5 whitespace-nowrap border-b-2 pb-2.5 font-medium transition ${tab === t ? 'border-indigo-500 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {TAB_LABEL[t]}
            {count !== undefined && count > 0 && (
              <span data-testid={`inbox-tab-count-${t}`} className={`rounded-full px-1.5 text-[11px] font-semibold ${tab === t ? 'bg-indigo-100 text-indigo-700' : 'bg-slate-100 text-slate-600'}`}>
                {count}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

/** The empty list of `tab`, with links to the tabs that hold open tasks. */
export function EmptyTab({ tab, counts, onChoose }: { tab: InboxTab; counts: TabCounts; onChoose: (t: InboxTab) => void }) {
  const elsewhere = (['mine', 'groups', 'all'] as const).filter((t) => t !== tab && (counts[t] ?? 0) > 0 && !(t === 'all' && (counts.mine ?? 0) + (counts.groups ?? 0) > 0));
  return (
    <div data-testid="inbox-empty" className="flex flex-col items-center px-6 py-16 text-center">
      <div className="mb-3 flex h-11 w-11 items-center justify-center rounded-full bg-emerald-50 text-emerald-600 ring-8 ring-emerald-50/50">
        <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          <path d="m5 12.5 4.5 4.5L19 7.5" />
        </svg>
      </div>
      <p className="text-sm font-semibold text-slate-900">{tab === 'completed' ? 'Nothing decided yet' : elsewhere.length ? 'Nothing here' : 'Inbox zero'}</p>
      <p className="mt-1 text-sm text-slate-500">{tab === 'completed' ? 'Decided tasks appear here.' : elsewhere.length ? 'No task waits in this view, but others do:' : 'No task is waiting for a decision.'}</p>
      {tab !== 'completed' &&
        elsewhere.map((t) => (
          <button key={t} type="button" data-testid={`inbox-goto-${t}`} onClick={() => onChoose(t)} className="mt-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-1.5 text-[13px] font-medium text-indigo-700 hover:bg-indigo-100">
            {counts[t]} in {TAB_LABEL[t]} →
          </button>
        ))}
    </div>
  );
}
