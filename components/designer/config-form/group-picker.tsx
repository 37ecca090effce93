'use client';
/**
 * A picker of existing groups for fields naming a group (`widget: 'group'`, e.g. a
 * user task's "Escalate to group"). A saved id that no longer exists stays selected
 * with a note; when groups cannot be listed the id is typed by hand.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { INPUT } from '../ui';
import { TextControl, type ControlProps } from './controls';

export function GroupControl({ id, schema, value, onChange, invalid, testId }: ControlProps<string>) {
  const trpc = useTRPC();
  const groups = useQuery(trpc.users.groups.queryOptions(undefined, { staleTime: 30_000 }));
  const current = typeof value === 'string' ? value : '';
  if (groups.isError) {
    return (
      <>
        <TextControl id={id} schema={schema} value={current} onChange={onChange} invalid={invalid} testId={testId} />
        <p className="mt-1 text-xs text-amber-600">Could not load groups; enter the group id.</p>
      </>
    );
  }
  const list = groups.data ?? [];
  const missing = current !== '' && groups.isSuccess && !list.some((g) => g.id === current);
  return (
    <>
      <div className="relative">
        <select
          id={id}
          data-testid={testId}
          className={`${INPUT} h-8 appearance-none pr-8`}
          value={current}
          aria-invalid={invalid || missing || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{groups.isPending ? 'Loading groups…' : 'No group'}</option>
          {missing && <option value={current}>{current} (unknown)</option>}
          {list.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.members.length} member{g.members.length === 1 ? '' : 's'})
            </option>
          ))}
        </select>
        <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 right-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-400" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
          <path d="M4.5 6.5 8 10l3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      {missing && <p className="mt-1 text-xs text-amber-600">No group has this id (deleted?). Choose another.</p>}
    </>
  );
}
