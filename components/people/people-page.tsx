'use client';
/**
 * The People page (admins): everyone who may sign in, with roles and status, and the
 * groups (teams) tasks can be handed to. Others see a panel saying the page is for
 * admins; the server refuses them the procedures regardless.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { PERMISSIONS } from '@/lib/auth/roles';
import { useSession } from '@/components/auth/session';
import { Button, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { AddPersonDialog, EditPersonDialog, SetPasswordDialog, ToggleDisabledDialog } from './person-dialogs';
import { PeopleTable } from './people-table';
import { GroupsSection } from './groups-section';
import { statusOf, type PersonRow } from './types';

type Tab = 'people' | 'groups';

export function PeoplePage() {
  const { can } = useSession();
  if (!can('people.manage')) return <AdminsOnly />;
  return <PeopleAdmin />;
}

function AdminsOnly() {
  return (
    <div className="mx-auto w-full max-w-6xl px-8 py-10">
      <div className="flex flex-col items-center rounded-xl border border-slate-200 bg-white px-6 py-16 text-center shadow-xs" data-testid="people-admins-only">
        <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-slate-100 text-slate-500 ring-1 ring-slate-200 ring-inset">
          <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden className="h-6 w-6">
            <path d="M4 7.5V5.5a4 4 0 0 1 8 0v2M3.5 7.5h9v6h-9zM8 10v1.5" />
          </svg>
        </div>
        <h1 className="text-base font-semibold text-slate-900">Only admins manage people</h1>
        <p className="mt-1 max-w-md text-sm text-slate-500">
          Adding people, changing roles and managing groups needs the {PERMISSIONS['people.manage'].join(' or ')} role. Ask an admin if your roles should change.
        </p>
      </div>
    </div>
  );
}

function PeopleAdmin() {
  const trpc = useTRPC();
  const { user } = useSession();
  const people = useQuery(trpc.users.people.queryOptions());
  const groups = useQuery(trpc.groups.list.queryOptions());
  const [tab, setTab] = useState<Tab>('people');
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [creatingGroup, setCreatingGroup] = useState(false);
  const [editing, setEditing] = useState<PersonRow | null>(null);
  const [password, setPassword] = useState<PersonRow | null>(null);
  const [toggling, setToggling] = useState<PersonRow | null>(null);

  // `/people#groups` opens the Groups tab (links from elsewhere, reloads).
  useEffect(() => {
    if (window.location.hash === '#groups') setTab('groups');
  }, []);
  const switchTab = (t: Tab) => {
    setTab(t);
    window.history.replaceState(null, '', t === 'groups' ? '#groups' : window.location.pathname);
  };

  const rows = people.data ?? [];
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? rows.filter((p) => p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)) : rows;
  }, [rows, query]);
  const waiting = rows.filter((p) => statusOf(p) === 'no_password').length;

  const loading = people.isLoading || groups.isLoading;
  const error = people.error ?? groups.error;

  return (
    <div className="mx-auto w-full max-w-6xl px-8 py-10">
      <div className="mb-6 flex items-end gap-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">People</h1>
          <p className="mt-1 text-sm text-slate-500">Who can sign in to Baton, what their roles allow, and the groups that share tasks.</p>
        </div>
        {tab === 'people' ? (
          <Button variant="primary" onClick={() => setAdding(true)} data-testid="add-person" icon={<UiIcon name="plus" />}>
            Add person
          </Button>
        ) : (
          <Button variant="primary" onClick={() => setCreatingGroup(true)} data-testid="new-group" icon={<UiIcon name="plus" />}>
            New group
          </Button>
        )}
      </div>

      <div className="mb-5 flex items-center gap-4 border-b border-slate-200">
        <div role="tablist" aria-label="People and groups" className="flex items-center gap-4">
        {(
          [
            ['people', 'People', people.data?.length],
            ['groups', 'Groups', groups.data?.length],
          ] as const
        ).map(([id, label, n]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-testid={`tab-${id}`}
            onClick={() => switchTab(id)}
            className={`-mb-px flex items-center gap-2 border-b-2 px-1 pb-2.5 text-sm font-medium transition-colors ${tab === id ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {label}
            {n !== undefined && <span className={`rounded-full px-1.5 py-px text-[11px] font-semibold ${tab === id ? 'bg-indigo-50 text-indigo-700' : 'bg-slate-100 text-slate-600'}`}>{n}</span>}
          </button>
        ))}
        </div>
        {tab === 'people' && rows.length > 0 && (
          <div className="relative mb-2 ml-auto w-64">
            <UiIcon name="search" className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" />
            <TextInput aria-label="Find a person" data-testid="people-search" value={query} placeholder="Find by name or email" className="pl-8" onChange={(e) => setQuery(e.target.value)} />
          </div>
        )}
      </div>

      {loading ? (
        <div className="space-y-px overflow-hidden rounded-xl border border-slate-200 bg-white" role="status" aria-busy="true" aria-label="Loading people">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="flex items-center gap-3 px-5 py-4">
              <div className="h-8 w-8 animate-pulse rounded-full bg-slate-100" />
              <div className="flex-1 space-y-1.5">
                <div className="h-3 w-40 animate-pulse rounded bg-slate-100" />
                <div className="h-2.5 w-56 animate-pulse rounded bg-slate-100" />
              </div>
              <div className="h-5 w-20 animate-pulse rounded-full bg-slate-100" />
            </div>
          ))}
        </div>
      ) : error ? (
        <div className="flex items-start gap-3 rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-700" role="alert" data-testid="people-error">
          <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0" />
          <div className="flex-1">
            <p className="font-medium">Could not load people</p>
            <p className="mt-0.5 text-red-600">{errorMessage(error)}</p>
          </div>
          <Button size="sm" onClick={() => void Promise.all([people.refetch(), groups.refetch()])}>
            Try again
          </Button>
        </div>
      ) : tab === 'groups' ? (
        <GroupsSection groups={groups.data ?? []} people={rows} creating={creatingGroup} setCreating={setCreatingGroup} />
      ) : (
        <>
          {waiting > 0 && !query && (
            <div className="mb-4 flex items-center gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-[13px] text-amber-900" data-testid="people-waiting">
              <UiIcon name="info" className="h-4 w-4 shrink-0 text-amber-700" />
              {plural(waiting, 'person has', 'people have')} no password yet and cannot sign in: use the key button on their row to set one.
            </div>
          )}
          <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
            {shown.length === 0 ? (
              <div className="px-6 py-12 text-center text-sm text-slate-500" data-testid="people-no-match">
                Nobody matches “{query.trim()}”.
              </div>
            ) : (
              <PeopleTable people={shown} groups={groups.data ?? []} meId={user.id} onEdit={setEditing} onPassword={setPassword} onToggle={setToggling} />
            )}
            <div className="border-t border-slate-100 bg-slate-50/60 px-5 py-2.5 text-xs text-slate-500">
              {plural(rows.length, 'person', 'people')}
              {rows.some((p) => p.disabled) && ` · ${rows.filter((p) => p.disabled).length} disabled`}
            </div>
          </div>
        </>
      )}

      <AddPersonDialog open={adding} onClose={() => setAdding(false)} />
      <EditPersonDialog person={editing} onClose={() => setEditing(null)} />
      <SetPasswordDialog person={password} onClose={() => setPassword(null)} />
      <ToggleDisabledDialog person={toggling} onClose={() => setToggling(null)} />
    </div>
  );
}
