'use client';
/** The table of people on the People page: who, roles, groups, status, created, and the row actions. */
import { Avatar } from '@/components/runs/avatar';
import { IconButton } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { RoleChips, StatusBadge } from './person-fields';
import { statusOf, type GroupRow, type PersonRow } from './types';
import { formatDate, formatDateTime } from '@/lib/util/time';

const KEY = 'M10.5 2.5a3 3 0 1 1-1.9 5.3L4 12.4V14H2.5v-1.5l4.7-4.6a3 3 0 0 1 3.3-5.4zM11 5h.1';
const BAN = 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM3.8 3.8l8.4 8.4';
const UNDO = 'M4 6.5h6a3 3 0 0 1 0 6H6.5M6.5 4 4 6.5 6.5 9';

function Glyph({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden className="h-4 w-4">
      <path d={d} />
    </svg>
  );
}

export interface PeopleTableProps {
  people: PersonRow[];
  groups: GroupRow[];
  meId: string;
  onEdit: (p: PersonRow) => void;
  onPassword: (p: PersonRow) => void;
  onToggle: (p: PersonRow) => void;
}

export function PeopleTable({ people, groups, meId, onEdit, onPassword, onToggle }: PeopleTableProps) {
  const groupsOf = (id: string) => groups.filter((g) => g.members.includes(id));
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="people-table">
      <thead>
        <tr className="border-b border-slate-200 bg-slate-50/80 text-xs font-medium text-slate-500">
          <th className="py-2.5 pr-4 pl-5 font-medium">Person</th>
          <th className="w-56 px-4 py-2.5 font-medium">Roles</th>
          <th className="w-40 px-4 py-2.5 font-medium">Groups</th>
          <th className="w-36 px-4 py-2.5 font-medium">Status</th>
          <th className="w-28 px-4 py-2.5 font-medium">Created</th>
          <th className="w-32 py-2.5 pr-5 pl-4">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {people.map((p) => {
          const status = statusOf(p);
          const member = groupsOf(p.id);
          return (
            <tr key={p.id} data-testid={`person-row-${p.email}`} data-status={status} className={`transition-colors hover:bg-slate-50/70 ${p.disabled ? 'bg-slate-50/40' : ''}`}>
              <td className="py-3 pr-4 pl-5">
                <div className={`flex items-center gap-3 ${p.disabled ? 'opacity-60' : ''}`}>
                  <Avatar id={p.id} name={p.name} size="md" />
                  <div className="min-w-0">
                    <p className="flex items-center gap-1.5 truncate font-medium text-slate-900">
                      <span className="truncate" data-testid="person-name-cell">
                        {p.name}
                      </span>
                      {p.id === meId && <span className="shrink-0 rounded bg-slate-100 px-1.5 py-px text-[10.5px] font-medium text-slate-600">You</span>}
                    </p>
                    <p className="truncate text-[12.5px] text-slate-500">{p.email}</p>
                  </div>
                </div>
              </td>
              <td className="px-4 py-3" data-testid="person-roles">
                <RoleChips roles={p.roles} />
              </td>
              <td className="truncate px-4 py-3 text-[13px] text-slate-600" title={member.map((g) => g.name).join(', ')}>
                {member.length ? member.map((g) => g.name).join(', ') : <span className="text-slate-500">—</span>}
              </td>
              <td className="px-4 py-3">
                <StatusBadge status={status} />
              </td>
              <td className="px-4 py-3 text-[13px] whitespace-nowrap text-slate-500" title={formatDateTime(p.createdAt)}>
                {formatDate(p.createdAt)}
              </td>
              <td className="py-3 pr-5 pl-4">
                <div className="flex items-center justify-end gap-1">
                  <IconButton label={`Edit ${p.name}`} data-testid="edit-person" onClick={() => onEdit(p)} className="h-8! w-8!">
                    <UiIcon name="pencil" />
                  </IconButton>
                  <IconButton
                    label={p.canSignIn ? `Change ${p.name}’s password` : `Set a password for ${p.name}`}
                    data-testid="set-password"
                    onClick={() => onPassword(p)}
                    className={`h-8! w-8! ${status === 'no_password' ? 'text-amber-700! hover:bg-amber-50!' : ''}`}
                  >
                    <Glyph d={KEY} />
                  </IconButton>
                  <IconButton
                    label={p.disabled ? `Enable ${p.name}` : `Disable ${p.name}`}
                    data-testid={p.disabled ? 'enable-person' : 'disable-person'}
                    onClick={() => onToggle(p)}
                    className={`h-8! w-8! ${p.disabled ? 'hover:bg-emerald-50! hover:text-emerald-700!' : 'hover:bg-red-50! hover:text-red-600!'}`}
                  >
                    <Glyph d={p.disabled ? UNDO : BAN} />
                  </IconButton>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
