'use client';
/**
 * The Groups tab of the People page: one card per group with its members; add a
 * member from a picker, remove one with ×, edit, delete, create. Member changes are
 * sent as additions and removals, so two admins editing at once do not undo each other.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { toast } from '@/components/designer/toast';
import { Button, IconButton, INPUT } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { Avatar } from '@/components/runs/avatar';
import { CreateGroupDialog, DeleteGroupDialog, EditGroupDialog, useInvalidateGroups } from './group-dialogs';
import type { GroupRow, PersonRow } from './types';

const TEAM = 'M11 13v-1a3 3 0 0 0-3-3H4.5a3 3 0 0 0-3 3v1M6.2 7a2.2 2.2 0 1 0 0-4.5 2.2 2.2 0 0 0 0 4.5zM14.5 13v-1a3 3 0 0 0-2.2-2.9M10.5 2.6a2.2 2.2 0 0 1 0 4.3';

function TeamIcon({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden className={className}>
      <path d={TEAM} />
    </svg>
  );
}

export function GroupsSection({ groups, people, creating, setCreating }: { groups: GroupRow[]; people: PersonRow[]; creating: boolean; setCreating: (v: boolean) => void }) {
  const [editing, setEditing] = useState<GroupRow | null>(null);
  const [deleting, setDeleting] = useState<GroupRow | null>(null);
  return (
    <>
      {groups.length === 0 ? (
        <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center" data-testid="groups-empty">
          <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
            <TeamIcon className="h-6 w-6" />
          </div>
          <h2 className="text-base font-semibold text-slate-900">No groups yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-500">A group is a team that shares tasks: name it in a user task’s candidate groups and every member can claim and decide it.</p>
          <Button variant="primary" className="mt-5" onClick={() => setCreating(true)} icon={<UiIcon name="plus" />}>
            New group
          </Button>
        </div>
      ) : (
        <div className="grid gap-4 md:grid-cols-2" data-testid="groups-list">
          {groups.map((g) => (
            <GroupCard key={g.id} group={g} people={people} onEdit={() => setEditing(g)} onDelete={() => setDeleting(g)} />
          ))}
        </div>
      )}
      <CreateGroupDialog open={creating} people={people} onClose={() => setCreating(false)} />
      <EditGroupDialog group={editing} onClose={() => setEditing(null)} />
      <DeleteGroupDialog group={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function GroupCard({ group, people, onEdit, onDelete }: { group: GroupRow; people: PersonRow[]; onEdit: () => void; onDelete: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateGroups();
  const members = useMutation(trpc.groups.members.mutationOptions());
  const [pending, setPending] = useState<string | null>(null);
  const byId = new Map(people.map((p) => [p.id, p]));
  const candidates = people.filter((p) => !p.disabled && !group.members.includes(p.id));

  const change = async (userId: string, add: boolean) => {
    setPending(userId);
    try {
      await members.mutateAsync(add ? { id: group.id, add: [userId] } : { id: group.id, remove: [userId] });
      await invalidate();
    } catch (err) {
      toast.error(add ? 'Could not add the member' : 'Could not remove the member', errorMessage(err));
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="flex flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" data-testid={`group-card-${group.id}`}>
      <header className="flex items-start gap-3 px-5 pt-4 pb-3">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100 ring-inset">
          <TeamIcon />
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="flex items-baseline gap-2 truncate font-semibold text-slate-900">
            <span className="truncate" data-testid="group-name-cell">
              {group.name}
            </span>
            <code className="shrink-0 rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] font-normal text-slate-500">{group.id}</code>
          </h3>
          <p className="mt-0.5 line-clamp-2 text-[13px] text-slate-500">{group.description || <span className="text-slate-500">No description</span>}</p>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <IconButton label={`Edit ${group.name}`} data-testid="edit-group" onClick={onEdit} className="h-8! w-8!">
            <UiIcon name="pencil" />
          </IconButton>
          <IconButton label={`Delete ${group.name}`} data-testid="delete-group" onClick={onDelete} className="h-8! w-8! hover:bg-red-50! hover:text-red-600!">
            <UiIcon name="trash" />
          </IconButton>
        </div>
      </header>
      <ul className="flex-1 divide-y divide-slate-100 border-t border-slate-100" data-testid="group-members">
        {group.members.length === 0 && <li className="px-5 py-3 text-[13px] text-slate-500">No members yet: tasks for this group wait until someone joins.</li>}
        {group.members.map((id) => {
          const p = byId.get(id);
          return (
            <li key={id} className="flex items-center gap-3 px-5 py-2" data-testid={`group-member-${p?.email ?? id}`}>
              <Avatar id={id} name={p?.name ?? id} size="sm" />
              <span className={`min-w-0 flex-1 truncate text-[13px] ${p?.disabled ? 'text-slate-500 line-through' : 'text-slate-800'}`}>{p?.name ?? id}</span>
              {p?.disabled && <span className="text-[11px] text-slate-500">disabled</span>}
              <IconButton label={`Remove ${p?.name ?? id} from ${group.name}`} data-testid="remove-member" disabled={pending === id} onClick={() => void change(id, false)} className="hover:bg-red-50! hover:text-red-600!">
                <UiIcon name="x" />
              </IconButton>
            </li>
          );
        })}
      </ul>
      <footer className="flex items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-2.5">
        <span className="flex-1 text-xs text-slate-500">{plural(group.members.length, 'member')}</span>
        <select
          aria-label={`Add a member to ${group.name}`}
          data-testid={`add-member-${group.id}`}
          className={`${INPUT} h-8 w-48`}
          value=""
          disabled={candidates.length === 0 || pending !== null}
          onChange={(e) => e.target.value && void change(e.target.value, true)}
        >
          <option value="">{candidates.length ? 'Add member…' : 'Everyone is a member'}</option>
          {candidates.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
      </footer>
    </section>
  );
}
