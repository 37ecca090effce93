'use client';
/**
 * Pickers for a user task's potential owners, so designers choose people and groups
 * by name instead of typing ids: `widget: 'person'` (one person, e.g. the assignee),
 * `widget: 'group'` (one group, e.g. the escalation group), `widget: 'people'` and
 * `widget: 'groups'` (several, stored as comma-separated ids as before). A saved id that no longer exists stays, marked unknown; when the lists
 * cannot be loaded the ids are typed by hand.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { INPUT } from '../ui';
import { TextControl, type ControlProps } from './controls';

interface Option {
  id: string;
  label: string;
  hint?: string;
}

function splitIds(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}

function Chevron() {
  return (
    <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 right-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
      <path d="M4.5 6.5 8 10l3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function usePeopleOptions() {
  const trpc = useTRPC();
  const q = useQuery(trpc.users.list.queryOptions(undefined, { staleTime: 30_000 }));
  return { ...q, options: (q.data ?? []).map((u): Option => ({ id: u.id, label: u.name, hint: u.email })) };
}

function useGroupOptions() {
  const trpc = useTRPC();
  const q = useQuery(trpc.users.groups.queryOptions(undefined, { staleTime: 30_000 }));
  return { ...q, options: (q.data ?? []).map((g): Option => ({ id: g.id, label: g.name, hint: `${g.members.length} member${g.members.length === 1 ? '' : 's'}` })) };
}

/** One person (stores the id; empty for none), e.g. a user task's assignee. */
export function PersonControl(props: ControlProps<string>) {
  const people = usePeopleOptions();
  if (people.isError) return <TypedFallback {...props} what="people" />;
  return <SingleIdControl {...props} options={people.options} loading={people.isPending} placeholder="Nobody in particular" unknownNote="Nobody has this id (removed?). Choose someone else." />;
}

/** One group (stores the id; empty for none), e.g. a user task's escalation group. */
export function GroupControl(props: ControlProps<string>) {
  const groups = useGroupOptions();
  if (groups.isError) return <TypedFallback {...props} what="groups" />;
  return <SingleIdControl {...props} options={groups.options} loading={groups.isPending} placeholder="No group" unknownNote="No group has this id (deleted?). Choose another." />;
}

function SingleIdControl({ id, value, onChange, invalid, testId, options, loading, placeholder, unknownNote }: ControlProps<string> & { options: Option[]; loading: boolean; placeholder: string; unknownNote: string }) {
  const current = typeof value === 'string' ? value : '';
  const missing = current !== '' && !loading && !options.some((o) => o.id === current);
  return (
    <>
      <div className="relative">
        <select id={id} data-testid={testId} className={`${INPUT} h-8 appearance-none pr-8`} value={current} aria-invalid={invalid || missing || undefined} onChange={(e) => onChange(e.target.value)}>
          <option value="">{loading ? 'Loading…' : placeholder}</option>
          {missing && <option value={current}>{current} (unknown)</option>}
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
              {o.hint ? ` — ${o.hint}` : ''}
            </option>
          ))}
        </select>
        <Chevron />
      </div>
      {missing && <p className="mt-1 text-xs text-amber-700">{unknownNote}</p>}
    </>
  );
}

/** Several people (comma-separated ids). */
export function PeopleControl(props: ControlProps<string>) {
  const people = usePeopleOptions();
  if (people.isError) return <TypedFallback {...props} what="people" />;
  return <IdListControl {...props} options={people.options} loading={people.isPending} noun="person" />;
}

/** Several groups (comma-separated ids). */
export function GroupsControl(props: ControlProps<string>) {
  const groups = useGroupOptions();
  if (groups.isError) return <TypedFallback {...props} what="groups" />;
  return <IdListControl {...props} options={groups.options} loading={groups.isPending} noun="group" />;
}

function TypedFallback({ what, ...props }: ControlProps<string> & { what: string }) {
  return (
    <>
      <TextControl {...props} value={typeof props.value === 'string' ? props.value : ''} />
      <p className="mt-1 text-xs text-amber-700">Could not load {what}; enter ids separated by commas.</p>
    </>
  );
}

function IdListControl({ id, value, onChange, invalid, testId, options, loading, noun }: ControlProps<string> & { options: Option[]; loading: boolean; noun: string }) {
  const chosen = splitIds(typeof value === 'string' ? value : '');
  const byId = new Map(options.map((o) => [o.id, o]));
  const set = (ids: string[]) => onChange(ids.join(', '));
  const rest = options.filter((o) => !chosen.includes(o.id));
  return (
    <div data-testid={testId} data-value={chosen.join(',')}>
      {chosen.length > 0 && (
        <ul className="mb-1.5 flex flex-wrap gap-1.5">
          {chosen.map((c) => {
            const o = byId.get(c);
            const unknown = !loading && !o;
            return (
              <li key={c} className={`inline-flex items-center gap-1 rounded-full py-0.5 pr-1 pl-2.5 text-xs ring-1 ring-inset ${unknown ? 'bg-amber-50 text-amber-800 ring-amber-200' : 'bg-indigo-50 text-indigo-800 ring-indigo-200'}`} title={unknown ? `Unknown ${noun} id` : o?.hint}>
                {o?.label ?? c}
                {unknown && <span className="text-[10px]">(unknown)</span>}
                <button type="button" aria-label={`Remove ${o?.label ?? c}`} data-testid={`${testId}-remove-${c}`} onClick={() => set(chosen.filter((x) => x !== c))} className="rounded-full p-0.5 hover:bg-white/70">
                  <svg viewBox="0 0 12 12" className="h-3 w-3" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
                    <path d="m3 3 6 6M9 3 3 9" strokeLinecap="round" />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="relative">
        <select
          id={id}
          data-testid={`${testId}-add`}
          className={`${INPUT} h-8 appearance-none pr-8`}
          value=""
          aria-invalid={invalid || undefined}
          onChange={(e) => e.target.value && set([...chosen, e.target.value])}
          disabled={loading || rest.length === 0}
        >
          <option value="">{loading ? 'Loading…' : rest.length === 0 ? `Everyone is added` : `Add a ${noun}…`}</option>
          {rest.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
              {o.hint ? ` — ${o.hint}` : ''}
            </option>
          ))}
        </select>
        <Chevron />
      </div>
    </div>
  );
}
